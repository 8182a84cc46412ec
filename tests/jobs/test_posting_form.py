"""Creating and editing postings: checks with Chinese messages, the place inside the area."""

from decimal import Decimal

from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.jobs.models import Posting, Status
from tests.factories import make_employer, make_posting


def _data(employer, **overrides):
    return {
        "employer": employer.pk,
        "title": "电焊工（二保焊）",
        "occupation": "电焊工",
        "headcount": 10,
        "wage_min": "5000",
        "wage_max": "8000",
        "wage_unit": "month",
        "work_type": "full_time",
        "region": "321302001001",
        "age_min": 18,
        "age_max": 55,
        "education_min": "junior_high",
        "benefits": ["board", "lodging", "social_insurance"],
        **overrides,
    }


def _errors(response):
    return response.context["form"].errors


def test_create_makes_a_draft_and_audits_it(client, town_staff):
    employer = make_employer("321302001")
    client.force_login(town_staff)
    response = client.post(reverse("jobs:create"), _data(employer))
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert posting.status == Status.DRAFT and posting.published_at is None
    assert posting.wage_min == Decimal("5000.00") and posting.region_id == "321302001001"
    assert posting.benefits == ["board", "lodging", "social_insurance"]
    event = AuditEvent.objects.get(action="jobs.posting.created")
    assert event.object_id == str(posting.pk) and event.region_code == "321302001001"


def test_the_place_defaults_to_the_employers(client, town_staff):
    employer = make_employer("321302001001")
    client.force_login(town_staff)
    client.post(reverse("jobs:create"), _data(employer, region=""))
    assert Posting.objects.get().region_id == "321302001001"


def test_wage_age_and_headcount_are_checked_in_chinese(client, town_staff):
    employer = make_employer("321302001")
    client.force_login(town_staff)
    data = _data(employer, wage_min="9000", wage_max="6000", age_min=50, age_max=30, headcount=0)
    errors = _errors(client.post(reverse("jobs:create"), data))
    assert errors["wage_max"] == ["最低工资不能高于最高工资。"]
    assert errors["age_max"] == ["最低年龄不能大于最高年龄。"]
    assert errors["headcount"] == ["招聘人数应在 1 到 10000 之间。"]
    assert not Posting.objects.exists()


def test_children_may_not_be_hired(client, town_staff):
    employer = make_employer("321302001")
    client.force_login(town_staff)
    errors = _errors(client.post(reverse("jobs:create"), _data(employer, age_min=15)))
    assert "16" in errors["age_min"][0]


def test_unknown_benefits_are_refused(client, town_staff):
    employer = make_employer("321302001")
    client.force_login(town_staff)
    errors = _errors(client.post(reverse("jobs:create"), _data(employer, benefits=["yacht"])))
    assert "benefits" in errors


def test_a_place_outside_the_area_is_refused_and_nothing_is_written(client, town_staff):
    employer = make_employer("321302001")
    client.force_login(town_staff)
    response = client.post(reverse("jobs:create"), _data(employer, region="321311001"))
    assert _errors(response)["region"] == ["该地点不在您的辖区内。"]
    assert not Posting.objects.exists()
    assert not AuditEvent.objects.filter(action="jobs.posting.created").exists()


def test_out_of_scope_employer_cannot_be_chosen(client, town_staff):
    other = make_employer("321302002")
    client.force_login(town_staff)
    response = client.post(reverse("jobs:create"), _data(other, region="321302001"))
    assert "employer" in _errors(response)
    assert not Posting.objects.exists()
    assert client.get(reverse("jobs:create"), {"employer": other.pk}).status_code == 404


def test_status_cannot_be_set_through_the_form(client, town_staff):
    employer = make_employer("321302001")
    client.force_login(town_staff)
    client.post(reverse("jobs:create"), _data(employer, status="published", published_at="x"))
    assert Posting.objects.get().status == Status.DRAFT


def test_edit_changes_and_audits(client, town_staff):
    posting = make_posting(make_employer("321302001"))
    client.force_login(town_staff)
    data = _data(posting.employer, title="氩弧焊工")
    assert client.post(reverse("jobs:edit", args=[posting.pk]), data).status_code == 302
    posting.refresh_from_db()
    assert posting.title == "氩弧焊工"
    assert AuditEvent.objects.filter(action="jobs.posting.changed").count() == 1


def test_a_closed_posting_cannot_be_edited(client, town_staff):
    posting = make_posting(make_employer("321302001"), status=Status.CLOSED)
    client.force_login(town_staff)
    response = client.post(reverse("jobs:edit", args=[posting.pk]), _data(posting.employer))
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "电焊工"


def test_leaders_are_refused_every_post(client, leader):
    employer = make_employer("321302001")
    posting = make_posting(employer)
    client.force_login(leader)
    assert client.get(reverse("jobs:detail", args=[posting.pk])).status_code == 200
    assert client.post(reverse("jobs:create"), _data(employer)).status_code == 403
    assert client.post(reverse("jobs:edit", args=[posting.pk]), _data(employer)).status_code == 403
    assert Posting.objects.count() == 1


def test_out_of_scope_posting_is_404(client, town_staff):
    other = make_posting(make_employer("321302002"))
    client.force_login(town_staff)
    assert client.get(reverse("jobs:detail", args=[other.pk])).status_code == 404
    response = client.post(reverse("jobs:edit", args=[other.pk]), _data(other.employer))
    assert response.status_code == 404


def test_control_characters_are_stripped_and_bounds_named(client, town_staff):
    employer = make_employer("321302001")
    client.force_login(town_staff)
    data = _data(employer, title="电焊工\x00\u202e", skills="持证\r\n上岗\x07")
    assert client.post(reverse("jobs:create"), data).status_code == 302
    posting = Posting.objects.get()
    assert (posting.title, posting.skills) == ("电焊工", "持证\n上岗")
    bad = _data(employer, age_max=70000, headcount=9223372036854775807, starts_on="0001-01-01")
    errors = _errors(client.post(reverse("jobs:create"), {**bad, "wage_max": "99999999.99"}))
    # (PostgreSQL's column types add their own range check beside the named one)
    assert "最高年龄应在 16 到 75 之间。" in errors["age_max"]
    assert "招聘人数应在 1 到 10000 之间。" in errors["headcount"]
    assert errors["starts_on"][0].startswith("开始日期应在 ")
    assert errors["wage_max"] == ["最高工资应在 0 到 200000 之间。"]
    day_rate = _data(employer, wage_unit="day", wage_min="300", wage_max="6000")
    assert "每天 5000 元" in _errors(client.post(reverse("jobs:create"), day_rate))["wage_max"][0]
    assert Posting.objects.count() == 1
