"""The registry's staff pages: search, filters, forms in Chinese, roles, audited full view, export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from homeward.audit.models import AuditEvent
from homeward.workers.models import Worker
from tests.factories import make_staff, make_worker
from tests.workers.test_import import ident


@pytest.fixture
def town_staff(client, db):
    user = make_staff("321302001", username="town")
    client.force_login(user)
    return user


def _form(**overrides):
    data = {
        "name": "张三",
        "id_number": ident(1),
        "phone_number": "139 0000 1111",
        "region": "321302001001",
        "status": "out_migrant",
        "status_on": "2026-10-01",
        "work_scope": "out_of_province",
        "work_place": "浙江省宁波市",
        "occupation_text": "电子厂普工",
        "education": "junior_high",
        "expected_wage": "5000",
        "service_needs": ["job", "training"],
        "consents_to_contact": "on",
    }
    return data | overrides


def test_register_then_see_the_timeline(client, town_staff):
    response = client.post(reverse("workers:create"), _form())
    worker = Worker.objects.get()
    assert response["Location"] == reverse("workers:detail", args=[worker.pk])
    assert worker.gender == "female" and worker.occupation == "assembler"  # ident(1): odd
    assert worker.service_need_codes == ["job", "training"]
    page = client.get(reverse("workers:detail", args=[worker.pk])).content.decode()
    assert "外出务工" in page and "2026年10月1日" in page
    assert AuditEvent.objects.filter(
        action="workers.worker.created", object_id=str(worker.pk)
    ).exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("id_number", "32130219880101123", "18位"),
        ("id_number", "321302198801011230", "校验"),
        ("phone_number", "1234", "11位"),
        ("region", "321311001001", "选择"),  # a village of another county is not a choice
    ],
)
def test_bad_input_gets_a_chinese_message_and_writes_nothing(
    client, town_staff, field, value, message
):
    response = client.post(reverse("workers:create"), _form(**{field: value}))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Worker.objects.exists()


def test_extra_fields_change_nothing(client, town_staff):
    client.post(
        reverse("workers:create"),
        _form(region_id="321311001001", created_by=1, status_since="2000-01-01"),
    )
    worker = Worker.objects.get()
    assert worker.region_id == "321302001001" and worker.created_by == town_staff
    assert str(worker.status_since) == "2026-10-01"


def test_the_same_person_twice_is_refused(client, town_staff):
    client.post(reverse("workers:create"), _form())
    response = client.post(reverse("workers:create"), _form(name="张三丰"))
    assert "登记" in str(response.context["form"].errors["id_number"])
    assert Worker.objects.count() == 1


def test_search_by_name_id_and_phone(client, town_staff):
    worker = make_worker("321302001001", name="张三", phone="13900001111")
    make_worker("321302001002", sequence=2, name="李四")
    make_worker("321311001001", sequence=3, name="张四")  # another county
    for query in ("张", worker.id_number, worker.id_number.lower(), "139-0000-1111"):
        page = client.get(reverse("workers:list"), {"q": query})
        assert [w.name for w in page.context["page"]] == ["张三"], query


def test_filters_and_counts_stay_in_the_area(client, town_staff):
    make_worker("321302001001", sequence=1, status="out_migrant", low_income="monitored")
    make_worker("321302001002", sequence=2, status="local_employed")
    make_worker("321311001001", sequence=3, status="out_migrant")
    page = client.get(reverse("workers:list"), {"status": "out_migrant"})
    assert page.context["page"].paginator.count == 1
    assert (
        client.get(reverse("workers:list"), {"low_income": "any"}).context["page"].paginator.count
        == 1
    )
    assert (
        client.get(reverse("workers:list"), {"area": "321311"}).context["page"].paginator.count == 0
    )
    assert client.get(reverse("workers:list")).context["page"].paginator.count == 2


def test_leaders_read_but_cannot_write(client, db):
    worker = make_worker("321302001001")
    client.force_login(make_staff("321302", role="leader"))
    assert client.get(reverse("workers:detail", args=[worker.pk])).status_code == 200
    assert client.post(reverse("workers:create"), _form()).status_code == 403
    assert client.post(reverse("workers:edit", args=[worker.pk]), _form()).status_code == 403


def test_full_view_needs_permission_and_is_audited(client, town_staff):
    worker = make_worker("321302001001", phone="13900001111")
    url = reverse("workers:reveal", args=[worker.pk])
    assert client.post(url).status_code == 403
    assert AuditEvent.objects.filter(action="workers.worker.personal_data_refused").exists()
    town_staff.may_see_personal_data = True
    town_staff.save()
    page = client.post(url).content.decode()
    assert worker.id_number in page and "13900001111" in page
    event = AuditEvent.objects.get(action="workers.worker.personal_data_viewed")
    assert event.object_id == str(worker.pk) and event.actor == town_staff


def _export(client, **params):
    response = client.get(reverse("workers:export"), params)
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()], sheet


def test_export_masks_by_role_and_keeps_text_as_text(client, town_staff):
    worker = make_worker("321302001001", name='=HYPERLINK("http://x")', phone="13900001111")
    rows, sheet = _export(client)
    assert rows[2][:3] == ["序号", "姓名", "身份证号"]
    assert rows[3][2] == worker.id_number[:6] + "********" + worker.id_number[-4:]
    assert rows[3][5] == "139****1111"
    assert sheet.cell(row=4, column=2).data_type == "s"  # a string, not a formula
    town_staff.may_see_personal_data = True
    town_staff.save()
    rows, _ = _export(client)
    assert rows[3][2] == worker.id_number
    assert AuditEvent.objects.filter(action="workers.ledger.exported").count() == 2


def test_export_round_trips_through_the_importer(client, town_staff):
    from homeward.workers.importer import import_ledger

    town_staff.may_see_personal_data = True
    town_staff.save()
    make_worker("321302001001", sequence=1, status="out_migrant", occupation_text="焊工")
    make_worker("321302001002", sequence=2, expected_wage=4500)
    content = client.get(reverse("workers:export")).content
    report = import_ledger(content, "export.xlsx", region="321302001")
    assert report.counts["unchanged"] == 2 and report.counts["rejected"] == 0
