"""The quiet hours: no SMS between 21:00 and 08:00 Beijing time (CAMPAIGN_QUIET_HOURS).

The one home of the rule, for every sender of text messages: campaigns hold their batches until
the end (`campaigns.sending`), and a hire's SMS waits for it (`placements.tasks`). In-app and
WeChat messages have no quiet hours: they do not ring a phone at night.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from django.conf import settings

BEIJING = ZoneInfo("Asia/Shanghai")


def quiet_until(channel: str, now: datetime) -> datetime | None:
    """When a message of `channel` due at `now` may go, if `now` is in the quiet hours
    ([start, end) of CAMPAIGN_QUIET_HOURS, Beijing time; SMS only); None when it may go now."""
    hours = settings.CAMPAIGN_QUIET_HOURS
    if channel != "sms" or not hours:
        return None
    start, end = hours
    local = now.astimezone(BEIJING)
    if local.hour >= start:
        day = local.date() + timedelta(days=1)
    elif local.hour < end:
        day = local.date()
    else:
        return None
    return datetime.combine(day, clock_time(end), tzinfo=BEIJING)
