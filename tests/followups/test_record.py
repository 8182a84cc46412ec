"""A follow-up's result is recorded once; a leaver's status goes to the registry; every refusal."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.followups.models import FollowUp
from homeward.followups.services import FollowUpError, record_followup
from homeward.workers.models import StatusEvent, Worker
from tests.factories import make_hire, make_posting

from .conftest import months_ago

pytestmark = pytest.mark.django_db


def _first(hired, months=1):
    return FollowUp.objects.get(application=hired, months=months)


def test_still_employed_is_recorded_once(hired, village_staff):
    followup = record_followup(_first(hired), result="employed", via="staff", by=village_staff)
    assert followup.result == "employed" and followup.recorded_by == village_staff
    with pytest.raises(FollowUpError, match="不能重复记录"):
        record_followup(
            _first(hired), result="left", via="worker", left_on=months_ago(1), reason="wage"
        )
    assert _first(hired).result == "employed"


def test_a_leaver_closes_the_later_milestones_and_the_registry_follows(hired, town_staff):
    left_on = months_ago(2)
    record_followup(
        _first(hired, 3),
        result="left",
        via="staff",
        left_on=left_on,
        reason="distance",
        by=town_staff,
    )
    rows = {f.months: f for f in FollowUp.objects.filter(application=hired)}
    assert (rows[3].result, rows[3].reason, rows[3].left_on) == ("left", "distance", left_on)
    assert (rows[6].result, rows[6].recorded_via) == ("left", "earlier")
    assert rows[1].result == ""  # an earlier milestone is still asked
    worker = Worker._base_manager.get(pk=hired.worker_id)
    assert worker.status == "unemployed"
    event = StatusEvent.objects.filter(worker=worker).order_by("-pk").first()
    assert event.status == "unemployed" and event.occurred_on == left_on
    assert event.source == "staff" and event.recorded_by == town_staff


def test_refusals(hired, village_staff, worker, employer):
    followup = _first(hired)
    with pytest.raises(FollowUpError, match="离职日期"):
        record_followup(followup, result="left", via="staff", reason="wage", by=village_staff)
    with pytest.raises(FollowUpError, match="入职日期"):
        record_followup(
            followup,
            result="left",
            via="staff",
            left_on=months_ago(8),
            reason="wage",
            by=village_staff,
        )
    with pytest.raises(FollowUpError, match="离职原因"):
        record_followup(
            followup,
            result="left",
            via="staff",
            left_on=months_ago(1),
            reason="bored",
            by=village_staff,
        )
    with pytest.raises(FollowUpError, match="是否仍在岗"):
        record_followup(followup, result="maybe", via="staff", by=village_staff)
    fresh = make_hire(worker, make_posting(employer), hired_on=timezone.localdate())
    from homeward.followups.services import schedule_followups

    schedule_followups(fresh.pk)
    with pytest.raises(FollowUpError, match="到期前不能记录"):
        record_followup(fresh.followups.first(), result="employed", via="staff", by=village_staff)


def test_a_leader_records_nothing(hired, leader):
    with pytest.raises(PermissionDenied):
        record_followup(_first(hired), result="employed", via="staff", by=leader)
