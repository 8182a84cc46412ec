"""Pure: a target's progress against the time elapsed (序时进度), and a checklist item's deadline
and state. No Django: the services pass in the numbers and dates.

序时进度: the share of the period gone by today (both ends counted as whole days), so the
figure a target should have reached by now is `goal × elapsed`. A target is *at risk* when its
share done trails the share of time gone by more than its margin (10 percentage points unless
the target says otherwise): 12 of 38 ambassadors (32 %) on 1 July (50 % of the year) is at risk.

A checklist item's deadline is written as the document writes it: a date ("1月30日前",
"3月5日前"), the whole year ("全年") or a window of months ("7-9月", "7–9月"). `deadline_of`
turns it into the day it falls due (and the first day of a window): "全年" falls due on 31
December; a window on its last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_MARGIN = Decimal("10")  # percentage points of time

ACHIEVED, ON_TRACK, AT_RISK, NOT_STARTED, MISSED = (
    "achieved",
    "on_track",
    "at_risk",
    "not_started",
    "missed",
)


@dataclass(frozen=True)
class Progress:
    goal: Decimal
    actual: Decimal
    elapsed: Decimal  # share of the period gone, 0–1
    expected: Decimal  # what the target should have reached by today: goal × elapsed
    done: Decimal  # share of the goal reached (may pass 1)
    state: str

    @property
    def done_percent(self) -> Decimal:
        return (self.done * 100).quantize(Decimal("0.1"))

    @property
    def elapsed_percent(self) -> Decimal:
        return (self.elapsed * 100).quantize(Decimal("0.1"))

    @property
    def behind_by(self) -> Decimal:
        """Percentage points the share done trails the share of time (negative: ahead)."""
        return ((self.elapsed - min(self.done, Decimal(1))) * 100).quantize(Decimal("0.1"))


def elapsed(start: dt.date, end: dt.date, today: dt.date) -> Decimal:
    """The share of the period [start, end] gone by the end of `today` (0 before, 1 after)."""
    if today < start:
        return Decimal(0)
    if today >= end:
        return Decimal(1)
    days = (end - start).days + 1
    return Decimal((today - start).days + 1) / Decimal(days)


def progress(
    goal: Decimal,
    actual: Decimal,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    margin: Decimal = DEFAULT_MARGIN,
) -> Progress:
    goal, actual = Decimal(goal), Decimal(actual)
    gone = elapsed(start, end, today)
    done = actual / goal if goal > 0 else Decimal(1)
    if actual >= goal:
        state = ACHIEVED
    elif today < start:
        state = NOT_STARTED
    elif today > end:
        state = MISSED
    elif (gone - done) * 100 > margin:
        state = AT_RISK
    else:
        state = ON_TRACK
    return Progress(goal, actual, gone, (goal * gone).quantize(Decimal("0.01")), done, state)


# Checklist deadlines ----------------------------------------------------------------------------

DATE, YEAR, WINDOW = "date", "year", "window"
_DATE = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(前|之前)?\s*$")
_WINDOW = re.compile(r"^\s*(\d{1,2})\s*[-–—~至到]\s*(\d{1,2})\s*月\s*$")
_YEAR = re.compile(r"^\s*全年\s*$")


class BadDeadline(ValueError):
    """A deadline written in none of the document's forms."""


@dataclass(frozen=True)
class Deadline:
    kind: str
    due_on: dt.date
    starts_on: dt.date | None = None  # a window's first day


def deadline_of(text: str, year: int) -> Deadline:
    """ "1月30日前" → 30 January; "全年" → 31 December; "7-9月" → 1 July … 30 September."""
    if _YEAR.match(text):
        return Deadline(YEAR, dt.date(year, 12, 31), dt.date(year, 1, 1))
    if match := _DATE.match(text):
        month, day = int(match[1]), int(match[2])
        try:
            return Deadline(DATE, dt.date(year, month, day))
        except ValueError as error:
            raise BadDeadline(text) from error
    if match := _WINDOW.match(text):
        first, last = int(match[1]), int(match[2])
        if not 1 <= first <= last <= 12:
            raise BadDeadline(text)
        end = dt.date(year, last, calendar.monthrange(year, last)[1])
        return Deadline(WINDOW, end, dt.date(year, first, 1))
    raise BadDeadline(text)


OPEN, DUE_SOON, OVERDUE, DONE, DONE_LATE, NOT_YET = (
    "open",
    "due_soon",
    "overdue",
    "done",
    "done_late",
    "not_yet",
)
DUE_SOON_DAYS = 14


def item_state(
    due_on: dt.date,
    today: dt.date,
    done_on: dt.date | None = None,
    starts_on: dt.date | None = None,
) -> str:
    """Done (on time or late), overdue, due within two weeks, not begun (a window ahead), open."""
    if done_on is not None:
        return DONE if done_on <= due_on else DONE_LATE
    if today > due_on:
        return OVERDUE
    if starts_on is not None and today < starts_on:
        return NOT_YET
    if (due_on - today).days <= DUE_SOON_DAYS:
        return DUE_SOON
    return OPEN


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week `day` is in (the weekly digest's and history's key)."""
    return day - dt.timedelta(days=day.weekday())
