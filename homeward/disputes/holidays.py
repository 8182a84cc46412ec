"""The deadlines calendar of the platform: the package's years plus those an administrator added."""

from django.db.utils import DatabaseError

from .deadlines import Calendar, HolidayArrangement, calendar_with
from .models import DayKind, HolidayYear


def added_arrangements() -> list[HolidayArrangement]:
    arrangements = []
    for year in HolidayYear.objects.prefetch_related("days"):
        days = list(year.days.all())
        arrangements.append(
            HolidayArrangement(
                year.year,
                holidays=frozenset(d.day for d in days if d.kind == DayKind.OFF),
                workdays=frozenset(d.day for d in days if d.kind == DayKind.WORKING),
            )
        )
    return arrangements


def platform_calendar() -> Calendar:
    """The calendar every deadline of the platform is computed on."""
    try:
        return calendar_with(added_arrangements())
    except DatabaseError:  # a database not migrated yet: the package's years only
        return calendar_with()
