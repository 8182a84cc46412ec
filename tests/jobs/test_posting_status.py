"""Posting status: draft → published → filled / closed, only through the services, audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.jobs import services
from homeward.jobs.models import Status
from tests.factories import make_employer, make_posting


@pytest.fixture
def draft(db):
    return make_posting(make_employer("321302001"))


def _events(posting, action):
    return AuditEvent.objects.filter(object_id=str(posting.pk), action=action)


def test_publish_a_draft(draft, county_staff):
    services.publish_posting(draft, by=county_staff)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    event = _events(draft, "jobs.posting.published").get()
    assert event.result == "ok" and event.detail == {"from": "draft", "to": "published"}
    assert event.actor == county_staff


@pytest.mark.parametrize(
    ("start", "move", "end"),
    [
        (Status.DRAFT, services.close_posting, Status.CLOSED),
        (Status.PUBLISHED, services.close_posting, Status.CLOSED),
        (Status.PUBLISHED, services.mark_filled, Status.FILLED),
    ],
)
def test_allowed_moves(county_staff, start, move, end):
    posting = make_posting(make_employer("321302001"), status=start)
    move(posting, by=county_staff)
    posting.refresh_from_db()
    assert posting.status == end
    assert AuditEvent.objects.filter(object_id=str(posting.pk), result="ok").count() == 1


@pytest.mark.parametrize(
    ("start", "move"),
    [
        (Status.DRAFT, services.mark_filled),
        (Status.PUBLISHED, services.publish_posting),
        (Status.FILLED, services.publish_posting),
        (Status.FILLED, services.close_posting),
        (Status.CLOSED, services.publish_posting),
        (Status.CLOSED, services.mark_filled),
    ],
)
def test_illegal_moves_are_refused_and_audited(county_staff, start, move):
    posting = make_posting(make_employer("321302001"), status=start)
    with pytest.raises(services.PostingStateError):
        move(posting, by=county_staff)
    posting.refresh_from_db()
    assert posting.status == start
    events = AuditEvent.objects.filter(object_id=str(posting.pk))
    assert [e.result for e in events] == ["refused"]


def test_the_refusal_is_worded_in_chinese(draft, county_staff):
    services.close_posting(draft, by=county_staff)
    with pytest.raises(services.PostingStateError) as caught:
        services.publish_posting(draft, by=county_staff)
    assert str(caught.value) == "该岗位当前为“已关闭”，不能改为“已发布”。"


def test_a_blacklisted_employer_cannot_publish(county_staff):
    posting = make_posting(make_employer("321302001", is_blacklisted=True))
    with pytest.raises(services.PostingStateError):
        services.publish_posting(posting, by=county_staff)
    posting.refresh_from_db()
    assert posting.status == Status.DRAFT


def test_an_ended_posting_cannot_be_published(county_staff):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    posting = make_posting(make_employer("321302001"), starts_on=yesterday, ends_on=yesterday)
    with pytest.raises(services.PostingStateError):
        services.publish_posting(posting, by=county_staff)


def test_the_buttons_post_to_the_services(client, draft, town_staff):
    client.force_login(town_staff)
    assert client.get(reverse("jobs:publish", args=[draft.pk])).status_code == 200  # confirm
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    response = client.post(reverse("jobs:publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    client.post(reverse("jobs:fill", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Status.FILLED
    again = client.post(reverse("jobs:close", args=[draft.pk]), follow=True)
    assert "不能改为" in again.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.FILLED


def test_leaders_cannot_publish(client, draft, leader):
    client.force_login(leader)
    assert client.post(reverse("jobs:publish", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not _events(draft, "jobs.posting.published").exists()
    assert AuditEvent.objects.filter(action="jobs.write.refused").count() == 1


def test_out_of_scope_posting_cannot_be_published(client, town_staff):
    other = make_posting(make_employer("321302002"))
    client.force_login(town_staff)
    assert client.post(reverse("jobs:publish", args=[other.pk])).status_code == 404
    assert client.post(reverse("jobs:close", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.DRAFT
