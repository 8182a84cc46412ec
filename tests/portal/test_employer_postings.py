"""An employer's postings on the portal: the list with applicant counts, drafts written and
changed by the employer (never its place, owner or status: S9), closing, and no other
employer's posting reachable by changing the id in the URL."""

import pytest
from django.urls import reverse
from django.utils import translation

from homeward.audit.models import AuditEvent
from homeward.jobs.models import Posting
from homeward.placements.services import apply
from homeward.portal.employer_views import POSTING_LABELS
from tests.factories import TOWN, VILLAGE, make_employer, make_posting, make_published, make_worker

from .test_employer_signin import make_employer_user, sign_in_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(client):
    """The signed-in HR of 幸福电子厂 (in TOWN)."""
    user = make_employer_user()
    sign_in_employer(client, user)
    return user


@pytest.fixture
def other_posting():
    """A posting of another employer in another county."""
    return make_posting(make_employer("321311001", name="别家公司"), title="别家的岗位")


def _data(**overrides):
    return {
        "title": "插件工",
        "occupation": "电子装配工",
        "headcount": "3",
        "wage_min": "4500",
        "wage_max": "5500",
        "wage_unit": "month",
        "work_type": "full_time",
        "education_min": "none",
        "benefits": ["board", "lodging"],
        **overrides,
    }


def _label(status: str) -> str:
    with translation.override("zh-hans"):
        return str(POSTING_LABELS[status])


def test_home_lists_own_postings_with_status_and_applicant_counts(client, hr, other_posting):
    draft = make_posting(hr.employer, title="焊工")
    posting = make_published(hr.employer, title="插件工")
    for n in range(3):
        apply(make_worker(VILLAGE, sequence=n + 1), posting)
    page = client.get(reverse("portal:employer-home")).content.decode()
    assert "焊工" in page and "插件工" in page and "别家的岗位" not in page
    assert _label("draft") in page and _label("published") in page
    cards = client.get(reverse("portal:employer-home")).context["postings"]
    counts = {p.pk: [(status, n) for status, _label, n in p.counts] for p in cards}
    assert counts == {draft.pk: [], posting.pk: [("applied", 3)]}


def test_new_posting_is_a_draft_of_this_employer_whatever_the_post_says(client, hr, other_posting):
    data = _data(employer=other_posting.employer_id, status="published", region="321311001", pk="1")
    response = client.post(reverse("portal:employer-posting-create"), data)
    posting = Posting._base_manager.get(title="插件工")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:employer-posting", args=[posting.pk])
    assert posting.employer == hr.employer and posting.region_id == TOWN
    assert posting.status == "draft" and posting.published_at is None
    assert posting.benefits == ["board", "lodging"]
    event = AuditEvent.objects.get(action="jobs.posting.created")
    assert event.detail["by"] == f"employer:{hr.pk}" and event.region_code == TOWN


def test_posting_errors_are_shown_and_nothing_is_saved(client, hr):
    response = client.post(
        reverse("portal:employer-posting-create"), _data(wage_min="6000", wage_max="5000")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["wage_max"]
    assert not Posting._base_manager.exists()


def test_a_draft_can_be_changed_but_not_its_owner_or_status(client, hr, other_posting):
    draft = make_posting(hr.employer, title="旧标题")
    url = reverse("portal:employer-posting-edit", args=[draft.pk])
    assert client.get(url).status_code == 200
    data = _data(title="新标题", status="published", employer=other_posting.employer_id)
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "新标题" and draft.status == "draft"
    assert draft.employer == hr.employer
    assert AuditEvent.objects.filter(action="jobs.posting.changed").count() == 1


def test_a_published_posting_cannot_be_changed(client, hr):
    posting = make_published(hr.employer, title="原标题")
    url = reverse("portal:employer-posting-edit", args=[posting.pk])
    response = client.post(url, _data(title="改了"))
    assert response["Location"] == reverse("portal:employer-posting", args=[posting.pk])
    posting.refresh_from_db()
    assert posting.title == "原标题"


def test_closing_a_published_posting(client, hr):
    posting = make_published(hr.employer)
    url = reverse("portal:employer-posting-close", args=[posting.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == reverse("portal:employer-posting", args=[posting.pk])
    posting.refresh_from_db()
    assert posting.status == "closed"
    event = AuditEvent.objects.get(action="jobs.posting.closed")
    assert event.result == "ok" and event.object_id == str(posting.pk)


def test_a_filled_posting_cannot_be_closed(client, hr):
    posting = make_posting(hr.employer)
    Posting._base_manager.filter(pk=posting.pk).update(status="filled")
    response = client.post(reverse("portal:employer-posting-close", args=[posting.pk]), follow=True)
    posting.refresh_from_db()
    assert posting.status == "filled"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_another_employers_posting_is_404_everywhere(client, hr, other_posting):
    neighbour = make_posting(make_employer(TOWN, name="隔壁工厂"))  # same town, other employer
    for posting in (other_posting, neighbour):
        for name in ("portal:employer-posting", "portal:employer-posting-edit"):
            assert client.get(reverse(name, args=[posting.pk])).status_code == 404
        edit = client.post(reverse("portal:employer-posting-edit", args=[posting.pk]), _data())
        assert edit.status_code == 404
        close = client.post(reverse("portal:employer-posting-close", args=[posting.pk]))
        assert close.status_code == 404
        posting.refresh_from_db()
        assert posting.status == "draft" and posting.title != "插件工"
    assert not AuditEvent.objects.filter(action__startswith="jobs.posting").exists()


def test_the_posting_pages_need_a_signed_in_employer(client):
    posting = make_posting(make_employer(TOWN))
    response = client.get(reverse("portal:employer-posting", args=[posting.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:employer-signin"))
    assert (
        client.post(reverse("portal:employer-posting-close", args=[posting.pk])).status_code == 302
    )
    posting.refresh_from_db()
    assert posting.status == "draft"
