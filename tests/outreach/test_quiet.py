"""The quiet hours, the one rule of every SMS sender: none 21:00–08:00 Beijing time."""

import datetime

from homeward.campaigns import sending
from homeward.outreach.quiet import BEIJING, quiet_until


def _at(hour, minute=0, day=2):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=BEIJING)


def test_an_sms_in_the_quiet_hours_waits_for_eight():
    assert quiet_until("sms", _at(22, 30)) == _at(8, day=3)
    assert quiet_until("sms", _at(7, 59)) == _at(8)
    assert quiet_until("sms", _at(8, 0)) is None
    # 13:30 UTC is 21:30 in Beijing: the rule reads Beijing time whatever the clock's zone.
    assert quiet_until("sms", datetime.datetime(2026, 3, 2, 13, 30, tzinfo=datetime.UTC)) == _at(
        8, day=3
    )


def test_other_channels_and_no_quiet_hours(settings):
    assert quiet_until("inapp", _at(23, 0)) is None
    settings.CAMPAIGN_QUIET_HOURS = None
    assert quiet_until("sms", _at(23, 0)) is None


def test_campaigns_use_the_same_rule():
    assert sending.quiet_until is quiet_until
