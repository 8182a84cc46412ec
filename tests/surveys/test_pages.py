"""The survey pages: create, the clerk's phone page, the record endpoint (JSON and plain form),
export; county B staff get 404, a clerk cannot record another village's person."""

import pytest
from django.utils import timezone

from homeward.surveys.models import SurveyCampaign, Visit
from homeward.workers.models import Worker
from tests.factories import COUNTY, make_worker

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def _form(worker, key="abc12345", **fields):
    return {
        "worker": worker.pk,
        "client_key": key,
        "outcome": "visited",
        "visited_on": timezone.localdate().isoformat(),
        "status": "out_migrant",
        "work_scope": "out_of_province",
        "work_place": "江苏省苏州市",
        **fields,
    }


def test_county_staff_create_a_survey(client, county_staff):
    client.force_login(county_staff)
    today = timezone.localdate()
    response = client.post(
        "/surveys/new/",
        {
            "name": "春节入户摸底",
            "area": COUNTY,
            "starts_on": today.isoformat(),
            "ends_on": today.replace(day=28).isoformat() if today.day < 28 else today.isoformat(),
            "deadline": today.isoformat(),
            "questions": ["status", "phone"],
        },
    )
    survey = SurveyCampaign.objects.get()
    assert response.status_code == 302 and survey.questions == "status,phone"


def test_a_deadline_outside_the_period_is_refused(client, county_staff):
    client.force_login(county_staff)
    today = timezone.localdate()
    response = client.post(
        "/surveys/new/",
        {
            "name": "摸底",
            "area": COUNTY,
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "deadline": "2020-01-01",
            "questions": ["status"],
        },
    )
    assert response.status_code == 200 and not SurveyCampaign.objects.exists()
    assert "deadline" in response.context["form"].errors


def test_the_clerk_sees_their_village_and_records_a_visit_once(
    client, survey, worker, village_staff
):
    client.force_login(village_staff)
    page = client.get(f"/surveys/{survey.pk}/visit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "张三" in html and worker.id_number not in html  # masked
    assert "data-visit-form" in html and "surveys.js" in html
    url = f"/surveys/{survey.pk}/record/"
    first = client.post(url, _form(worker), **JSON).json()
    again = client.post(url, _form(worker), **JSON).json()
    assert first["ok"] and first["new"] and again["ok"] and not again["new"]
    assert first["visit"] == again["visit"] and Visit.objects.count() == 1
    assert Worker._base_manager.get(pk=worker.pk).work_place == "江苏省苏州市"
    changed = client.post(url, _form(worker, status="flexible"), **JSON)
    assert changed.status_code == 409 and "编号" in changed.json()["error"]


def test_a_clerk_cannot_record_another_villages_person(client, survey, village_staff):
    neighbour = make_worker("321302001002", sequence=9, name="李四")
    client.force_login(village_staff)
    response = client.post(f"/surveys/{survey.pk}/record/", _form(neighbour), **JSON)
    assert response.status_code == 409
    assert "不是你" in response.json()["error"] or "村" in response.json()["error"]
    assert not Visit.objects.exists()


def test_the_plain_form_works_without_script(client, survey, worker, village_staff):
    client.force_login(village_staff)
    response = client.post(f"/surveys/{survey.pk}/record/", _form(worker), follow=True)
    assert response.status_code == 200 and Visit.objects.count() == 1
    assert "张三" in response.content.decode()


def test_county_b_staff_get_404(client, survey, worker, outsider):
    client.force_login(outsider)
    for path in ("", "people/?state=visited", "visit/", "ledger.xlsx"):
        assert client.get(f"/surveys/{survey.pk}/{path}").status_code == 404, path
    response = client.post(f"/surveys/{survey.pk}/record/", _form(worker), **JSON)
    assert response.status_code == 404
    assert not Visit.objects.exists()


def test_export_is_the_registry_ledger_masked(client, survey, worker, county_staff):
    client.force_login(county_staff)
    response = client.get(f"/surveys/{survey.pk}/ledger.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "序号")
    assert header[-1] == "记录编号"
    body = [r for r in rows[rows.index(header) + 1 :] if r and r[1]]
    assert [r[1] for r in body] == ["张三"] and "*" in body[0][2]


def test_the_progress_page_links_every_number(client, survey, worker, county_staff):
    client.force_login(county_staff)
    html = client.get(f"/surveys/{survey.pk}/").content.decode()
    for state in ("expected", "visited", "not_found", "pending"):
        assert f"state={state}" in html
    people = client.get(f"/surveys/{survey.pk}/people/?at=321302001001&state=pending")
    assert "张三" in people.content.decode()
