"""The pure core: time elapsed, at-risk flags, the document's deadlines, an item's state."""

import datetime as dt
from decimal import Decimal

import pytest

from homeward.targets import progress as core

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_time_elapsed_counts_whole_days_both_ends():
    assert core.elapsed(*YEAR, dt.date(2025, 12, 31)) == 0
    assert core.elapsed(*YEAR, dt.date(2026, 1, 1)) == Decimal(1) / 365
    assert core.elapsed(*YEAR, dt.date(2026, 12, 31)) == 1
    assert core.elapsed(*YEAR, dt.date(2027, 3, 1)) == 1


def test_behind_time_by_more_than_the_margin_is_at_risk():
    july = dt.date(2026, 7, 2)  # 183 of 365 days: 50.1 %
    risky = core.progress(Decimal(38), Decimal(12), *YEAR, july)
    assert risky.state == core.AT_RISK and risky.behind_by > 10
    assert risky.expected == Decimal("19.05")
    fine = core.progress(Decimal(38), Decimal(16), *YEAR, july)  # 42 %: 8 points behind
    assert fine.state == core.ON_TRACK
    assert core.progress(Decimal(38), Decimal(16), *YEAR, july, Decimal(5)).state == core.AT_RISK


def test_reached_missed_and_not_started():
    assert core.progress(Decimal(20), Decimal(21), *YEAR, dt.date(2026, 2, 1)).state == "achieved"
    assert core.progress(Decimal(20), Decimal(19), *YEAR, dt.date(2027, 1, 1)).state == "missed"
    assert core.progress(Decimal(20), Decimal(0), *YEAR, dt.date(2025, 6, 1)).state == "not_started"


@pytest.mark.parametrize(
    "text, kind, due, starts",
    [
        ("1月30日前", "date", dt.date(2026, 1, 30), None),
        ("3月5日前", "date", dt.date(2026, 3, 5), None),
        ("全年", "year", dt.date(2026, 12, 31), dt.date(2026, 1, 1)),
        ("7-9月", "window", dt.date(2026, 9, 30), dt.date(2026, 7, 1)),
        ("7–9月", "window", dt.date(2026, 9, 30), dt.date(2026, 7, 1)),
    ],
)
def test_the_documents_deadlines(text, kind, due, starts):
    deadline = core.deadline_of(text, 2026)
    assert (deadline.kind, deadline.due_on, deadline.starts_on) == (kind, due, starts)


@pytest.mark.parametrize("text", ["2月30日前", "9-7月", "尽快", ""])
def test_a_deadline_in_no_known_form_is_refused(text):
    with pytest.raises(core.BadDeadline):
        core.deadline_of(text, 2026)


def test_item_states():
    due = dt.date(2026, 3, 5)
    assert core.item_state(due, dt.date(2026, 3, 6)) == core.OVERDUE
    assert core.item_state(due, dt.date(2026, 2, 25)) == core.DUE_SOON
    assert core.item_state(due, dt.date(2026, 1, 5)) == core.OPEN
    assert core.item_state(due, dt.date(2026, 4, 1), dt.date(2026, 3, 1)) == core.DONE
    assert core.item_state(due, dt.date(2026, 4, 1), dt.date(2026, 3, 9)) == core.DONE_LATE
    window = (dt.date(2026, 9, 30), dt.date(2026, 5, 1), None, dt.date(2026, 7, 1))
    assert core.item_state(*window) == core.NOT_YET
    assert core.week_of(dt.date(2026, 12, 6)) == dt.date(2026, 11, 30)
