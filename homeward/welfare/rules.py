"""The arithmetic of public-welfare posts, no Django: the public notice's working days, a
contract's end, a month's stipend pro rata, months served.

Working days are the platform's calendar's (`is_working_day`: the State Council's holidays and
make-up working days, as disputes' deadlines count them — `disputes.holidays.platform_calendar`);
without one, Monday to Friday.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def _weekday(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(
    start: date, days: int, is_working_day: Callable[[date], bool] = _weekday
) -> date:
    """The last day of a notice of `days` working days beginning on `start` (or the next working
    day when `start` is not one)."""
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    counted = 1
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def contract_end(starts_on: date, term_months: int) -> date:
    """The last day of a contract of `term_months` months from `starts_on`."""
    return add_months(starts_on, term_months) - timedelta(days=1)


def stipend(monthly: Decimal, days_worked: int, days_required: int) -> Decimal:
    """The month's stipend: the monthly amount × days worked / days required, never more than the
    monthly amount, in yuan to the fen (half up)."""
    if days_required <= 0 or days_worked <= 0:
        return Decimal("0.00")
    share = Decimal(min(days_worked, days_required)) / Decimal(days_required)
    return (Decimal(monthly) * share).quantize(CENT, rounding=ROUND_HALF_UP)


def months_between(start: date, end: date) -> int:
    """Months served from `start` to `end` inclusive, a begun month counted whole (a term's
    cumulative count): 13 March to 12 March a year later is 12, 15 January to 1 March is 2."""
    if end < start:
        return 0
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    return months + (1 if after.day > start.day else 0)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date, n: int = 1) -> date:
    return add_months(first_of_month(month), -n)
