"""`jobs.services.save_posting`, the one path by which a posting is created or changed: from the
staff page and from the employer portal alike, with the same audit row; an edit saves only the
form's fields (a status moved meanwhile stays moved); leaders and finished postings refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from homeward.accounts.models import Role
from homeward.audit.models import AuditEvent
from homeward.jobs import services
from homeward.jobs.forms import PostingForm
from homeward.jobs.models import Posting, Status
from homeward.portal.employer_forms import EmployerPostingForm
from homeward.scoping import area_scope
from tests.factories import COUNTY, TOWN, make_employer, make_posting, make_staff

from ..portal.test_employer_signin import make_employer_user, sign_in_employer

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "插件工",
    "occupation": "电子装配工",
    "headcount": "3",
    "wage_min": "4500",
    "wage_max": "5500",
    "wage_unit": "month",
    "work_type": "full_time",
    "education_min": "none",
    "benefits": ["board"],
}


@pytest.fixture
def employer():
    return make_employer(TOWN, name="幸福电子厂")


def _staff_form(posting, employer, **overrides):
    data = {**FIELDS, "employer": employer.pk, "region": TOWN, **overrides}
    form = PostingForm(data, instance=posting, area=COUNTY)
    assert form.is_valid(), form.errors
    return form


def _row(event: AuditEvent) -> tuple:
    """What the audit row says, without who wrote it."""
    return (
        event.action,
        event.result,
        event.object_type,
        event.region_code,
        event.detail["fields"],
    )


def test_both_doors_write_the_same_audit_row(client, county_staff, employer):
    client.force_login(county_staff)
    client.post(reverse("jobs:create"), {**FIELDS, "employer": employer.pk, "region": TOWN})
    hr = make_employer_user(employer)
    portal = client.__class__()
    sign_in_employer(portal, hr)
    portal.post(reverse("portal:employer-posting-create"), FIELDS)
    staff_row, employer_row = AuditEvent.objects.filter(action="jobs.posting.created").order_by(
        "pk"
    )
    assert staff_row.actor == county_staff and "by" not in staff_row.detail
    assert employer_row.actor is None and employer_row.detail["by"] == f"employer:{hr.pk}"
    assert _row(staff_row)[:4] == _row(employer_row)[:4]
    assert set(_row(staff_row)[4]) - {"employer", "region"} == set(_row(employer_row)[4])
    assert Posting.objects.filter(employer=employer).count() == 2


def test_an_edit_keeps_a_status_moved_meanwhile(county_staff, employer):
    posting = make_posting(employer, title="旧标题")
    form = _staff_form(posting, employer, title="新标题")  # the page was opened on the draft
    Posting._base_manager.filter(pk=posting.pk).update(status=Status.PUBLISHED)
    services.save_posting(form, by=county_staff)
    posting = Posting.objects.get(pk=posting.pk)
    assert posting.title == "新标题" and posting.status == Status.PUBLISHED


def test_an_edit_of_a_published_posting_recomputes_its_matches(
    county_staff, employer, django_capture_on_commit_callbacks
):
    posting = make_posting(employer)
    Posting._base_manager.filter(pk=posting.pk).update(status=Status.PUBLISHED)
    posting.refresh_from_db()
    with django_capture_on_commit_callbacks() as published:
        services.save_posting(_staff_form(posting, employer, title="改"), by=county_staff)
    draft = make_posting(employer)
    with django_capture_on_commit_callbacks() as drafted:
        services.save_posting(_staff_form(draft, employer, title="改"), by=county_staff)

    # every save tells the postings' generation (matching.cache); only the published one's
    # matches are recomputed, as a background job
    def jobs(callbacks):
        return [c for c in callbacks if "start_job" in c.__qualname__]

    assert len(jobs(published)) == 1 and jobs(drafted) == []


def test_a_posting_closed_meanwhile_is_not_changed(county_staff, employer):
    posting = make_posting(employer, title="旧标题")
    form = _staff_form(posting, employer, title="新标题")
    Posting._base_manager.filter(pk=posting.pk).update(status=Status.CLOSED)
    with pytest.raises(services.PostingStateError):
        services.save_posting(form, by=county_staff)
    assert Posting.objects.get(pk=posting.pk).title == "旧标题"
    event = AuditEvent.objects.get(action="jobs.posting.changed")
    assert event.result == "refused" and event.detail["reason"]


def test_an_employer_changes_only_drafts(employer):
    posting = make_posting(employer, title="旧标题")
    form = EmployerPostingForm({**FIELDS, "title": "新标题"}, instance=posting)
    assert form.is_valid(), form.errors
    Posting._base_manager.filter(pk=posting.pk).update(status=Status.PUBLISHED)
    with area_scope(posting.region_id), pytest.raises(services.PostingStateError):
        services.save_posting(form, by=None, on_behalf="employer:1", drafts_only=True)
    assert Posting._base_manager.get(pk=posting.pk).title == "旧标题"
    event = AuditEvent.objects.get(action="jobs.posting.changed")
    assert event.result == "refused" and event.detail["by"] == "employer:1"


def test_a_leaders_write_is_refused_by_the_service_itself(employer):
    leader = make_staff(COUNTY, role=Role.LEADER, username="county-leader")
    posting = make_posting(employer, title="旧标题")
    with pytest.raises(PermissionDenied):
        services.save_posting(_staff_form(posting, employer, title="新"), by=leader)
    with pytest.raises(PermissionDenied):
        services.save_posting(_staff_form(Posting(), employer), by=leader)
    assert Posting.objects.get().title == "旧标题"
    refused = AuditEvent.objects.filter(action="jobs.write.refused", result="refused")
    assert refused.count() == 2 and refused.first().actor == leader
    assert not AuditEvent.objects.filter(action__startswith="jobs.posting").exists()


def test_a_leaders_post_is_refused_at_the_door(client, employer):
    leader = make_staff(COUNTY, role=Role.LEADER, username="county-leader")
    posting = make_posting(employer, title="旧标题")
    client.force_login(leader)
    data = {**FIELDS, "employer": employer.pk, "region": TOWN, "title": "新"}
    assert client.post(reverse("jobs:edit", args=[posting.pk]), data).status_code == 403
    assert client.post(reverse("jobs:create"), data).status_code == 403
    assert Posting.objects.get().title == "旧标题"


def test_another_countys_posting_is_404_and_unchanged(client, county_staff):
    other = make_posting(make_employer("321311001", name="别县公司"), title="别县岗位")
    client.force_login(county_staff)
    data = {**FIELDS, "employer": other.employer_id, "region": "321311001"}
    assert client.get(reverse("jobs:edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("jobs:edit", args=[other.pk]), data).status_code == 404
    other.refresh_from_db()
    assert other.title == "别县岗位"
    assert not AuditEvent.objects.filter(action__startswith="jobs.posting").exists()
