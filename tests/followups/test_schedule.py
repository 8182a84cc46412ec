"""Follow-ups fall due 1, 3 and 6 months after a hire: scheduled after the hire commits, and
by the command for past hires, once per application and milestone."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from homeward.followups import rates
from homeward.followups.models import FollowUp
from homeward.followups.services import schedule_followups, schedule_missing
from homeward.placements import services as placements
from homeward.placements.services import apply
from tests.factories import make_hire, make_posting

pytestmark = pytest.mark.django_db


def test_a_hire_schedules_its_followups_after_commit(
    worker, employer, django_capture_on_commit_callbacks
):
    posting = make_posting(employer)
    posting.status = "published"
    posting.save()
    application, _new = apply(worker, posting)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        placements.hire(application, hired_on=today, contract_months=12, by="staff:x")
    rows = FollowUp.objects.filter(application=application).order_by("months")
    assert [(f.months, f.due_on) for f in rows] == [
        (m, rates.add_months(today, m)) for m in (1, 3, 6)
    ]
    assert {f.region_id for f in rows} == {worker.region_id}
    assert {f.employer_id for f in rows} == {employer.pk}


def test_the_milestones_are_a_setting(worker, employer, settings):
    settings.HOMEWARD_FOLLOWUP_MONTHS = (2, 12)
    application = make_hire(worker, make_posting(employer), hired_on=datetime.date(2026, 1, 31))
    assert schedule_followups(application.pk) == 2
    dues = list(application.followups.order_by("months").values_list("due_on", flat=True))
    assert dues == [datetime.date(2026, 3, 31), datetime.date(2027, 1, 31)]


def test_the_command_fills_in_past_hires_once(worker, employer):
    application = make_hire(worker, make_posting(employer), hired_on=datetime.date(2026, 1, 5))
    assert schedule_missing() == (1, 3)
    assert schedule_missing() == (0, 0)
    call_command("followups", "schedule")
    assert FollowUp.objects.filter(application=application).count() == 3
    assert schedule_followups(application.pk) == 0


def test_month_arithmetic_keeps_to_the_month():
    assert rates.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert rates.add_months(datetime.date(2027, 11, 15), 3) == datetime.date(2028, 2, 15)
    assert rates.add_months(datetime.date(2026, 3, 1), -7) == datetime.date(2025, 8, 1)


def test_due_workers_are_told_in_the_portal_once(hired):
    from homeward.followups.services import notify_due
    from homeward.outreach.models import OutboxMessage

    assert notify_due() == 1  # three due at once: one message, about the latest (6 months)
    assert notify_due() == 1  # looked at again, told once: the key
    messages = OutboxMessage._base_manager.filter(worker=hired.worker, channel="inapp")
    assert messages.count() == 1 and "6" in messages.first().text
    assert "还在这里工作吗？" in messages.first().text and "/m/followups" in messages.first().text
