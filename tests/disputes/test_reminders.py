"""Reminders: an SMS per arbitrator for an overdue deadline, once; the worker told of tomorrow's hearing."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from homeward.disputes import services
from homeward.disputes.reminders import send_reminders
from homeward.outreach.models import OutboxMessage

from .conftest import file_case

NOON = time(12, 0)


def _at(day, moment=NOON):
    return datetime.combine(day, moment, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_an_overdue_acceptance_texts_the_chair_once(commission, worker, county_staff):
    county_staff.phone = "13812345678"
    county_staff.save()
    today = timezone.localdate()
    dispute = file_case(commission, worker, by=county_staff)
    services.apply_for_arbitration(dispute, received_on=today - timedelta(days=20), by=county_staff)
    assert send_reminders(_at(today)) == 1
    send_reminders(_at(today))
    texts = [m.text for m in OutboxMessage._base_manager.filter(channel="sms")]
    assert len(texts) == 1 and dispute.case_number in texts[0] and "已超期" in texts[0]


def test_no_sms_in_the_quiet_hours(commission, worker, county_staff):
    county_staff.phone = "13812345678"
    county_staff.save()
    today = timezone.localdate()
    dispute = file_case(commission, worker, by=county_staff)
    services.apply_for_arbitration(dispute, received_on=today - timedelta(days=20), by=county_staff)
    assert send_reminders(_at(today, time(22, 30))) == 0
