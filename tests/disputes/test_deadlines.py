"""The pure deadlines core: 规则 art. 80 counting over the State Council's arrangements."""

from datetime import date

import pytest

from homeward.disputes import deadlines as dl
from homeward.disputes.deadlines import (
    CalendarMissing,
    HolidayArrangement,
    add_calendar_days,
    add_working_days,
    award_by,
    calendar_with,
    period_end,
)

CAL = calendar_with()
D = date


def test_the_package_covers_2004_to_2026_and_not_2027():
    assert 2004 in CAL.years and 2026 in CAL.years
    assert 2027 not in CAL.years


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        # an ordinary week: Fri + 5 working days = next Fri (the start day not counted)
        (D(2026, 3, 6), 5, D(2026, 3, 13)),
        # from a Saturday: Mon … Fri
        (D(2026, 3, 7), 5, D(2026, 3, 13)),
        (D(2026, 3, 6), 3, D(2026, 3, 11)),
        (D(2026, 3, 6), 10, D(2026, 3, 20)),
        # Spring Festival 2026: 14 Feb (Sat) a make-up working day, 15–23 Feb off
        (D(2026, 2, 12), 5, D(2026, 2, 26)),
        (D(2026, 2, 13), 5, D(2026, 2, 27)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        # … and 28 Feb (Sat) is a make-up working day too
        (D(2026, 2, 24), 4, D(2026, 2, 28)),
        # Qingming 2026: 4–6 Apr off
        (D(2026, 4, 1), 5, D(2026, 4, 9)),
        # May Day 2026: 1–5 May off, 9 May (Sat) a make-up working day
        (D(2026, 4, 29), 5, D(2026, 5, 9)),
        (D(2026, 4, 29), 10, D(2026, 5, 15)),
        # National Day 2026: 20 Sep (Sun) and 10 Oct (Sat) make-up days, 1–7 Oct off
        (D(2026, 9, 17), 5, D(2026, 9, 23)),
        (D(2026, 9, 28), 5, D(2026, 10, 10)),
        (D(2026, 9, 28), 3, D(2026, 10, 8)),
    ],
)
def test_working_day_periods(start, days, end):
    assert days in dl.WORKING_DAY_PERIODS or days in {1, 4}
    assert add_working_days(start, days, CAL) == end
    if days in dl.WORKING_DAY_PERIODS:
        assert period_end(start, days, CAL) == end


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        # 15 days ending on a Sunday → Monday
        (D(2026, 3, 7), 15, D(2026, 3, 23)),
        # 15 days ending on a weekday stays
        (D(2026, 3, 2), 15, D(2026, 3, 17)),
        # 45 days ending on 15 Feb (Spring Festival) → 24 Feb
        (D(2026, 1, 1), 45, D(2026, 2, 24)),
        # 15 days ending on 16 Feb → 24 Feb
        (D(2026, 2, 1), 15, D(2026, 2, 24)),
        # ending on the make-up Saturday 28 Feb: a working day, it stays
        (D(2026, 2, 13), 15, D(2026, 2, 28)),
        # Qingming: 5 Apr (Sun, holiday), 6 Apr (Mon, holiday) → 7 Apr
        (D(2026, 3, 21), 15, D(2026, 4, 7)),
        # May Day: 2 May → 6 May
        (D(2026, 4, 17), 15, D(2026, 5, 6)),
        # National Day: 45 days landing on 1 Oct → 8 Oct
        (D(2026, 8, 17), 45, D(2026, 10, 8)),
        # on the make-up Sunday 20 Sep: it stays
        (D(2026, 9, 5), 15, D(2026, 9, 20)),
    ],
)
def test_calendar_day_periods(start, days, end):
    assert add_calendar_days(start, days, CAL) == end
    assert period_end(start, days, CAL) == end


def test_15_and_45_are_calendar_days_and_5_is_working_days():
    # from Fri 6 Mar: 5 working days is Fri 13 Mar; 5 calendar days would be Wed 11 Mar
    assert period_end(D(2026, 3, 6), 5, CAL) == D(2026, 3, 13)
    assert period_end(D(2026, 3, 6), 15, CAL) == D(2026, 3, 23)  # Sat 21 → Mon 23


def test_award_in_45_days_or_60_when_extended():
    assert award_by(D(2026, 3, 2), CAL) == D(2026, 4, 16)
    # 60 days land on 1 May → 6 May
    assert award_by(D(2026, 3, 2), CAL, extended=True) == D(2026, 5, 6)


def test_suspension_days_are_not_counted():
    # 10 days suspended: 55 days land on Sun 26 Apr → Mon 27 Apr
    closed = [(D(2026, 3, 10), D(2026, 3, 20))]
    assert award_by(D(2026, 3, 2), CAL, suspensions=closed) == D(2026, 4, 27)


def test_an_open_suspension_runs_to_today():
    open_ = [(D(2026, 3, 10), None)]
    assert award_by(D(2026, 3, 2), CAL, suspensions=open_, on=D(2026, 3, 15)) == D(2026, 4, 21)


def test_a_restart_counts_from_the_restart_day():
    # the clock restarted on 10 Mar (a claim changed): 45 days from there, 24 Apr (Fri)
    assert award_by(D(2026, 3, 10), CAL) == D(2026, 4, 24)


def test_a_2027_deadline_without_its_calendar_is_flagged_not_guessed():
    with pytest.raises(CalendarMissing) as missing:
        award_by(D(2026, 12, 1), CAL)
    assert missing.value.year == 2027
    assert "2027" in str(missing.value)
    # working days running over new year: 29–31 Dec are three, the fourth falls in 2027
    assert add_working_days(D(2026, 12, 28), 3, CAL) == D(2026, 12, 31)
    with pytest.raises(CalendarMissing):
        add_working_days(D(2026, 12, 28), 5, CAL)


def test_a_2027_deadline_with_the_added_calendar():
    added = HolidayArrangement(
        2027,
        holidays=frozenset({D(2027, 1, 1), D(2027, 1, 15)}),
        workdays=frozenset({D(2027, 1, 9)}),
    )
    cal = calendar_with([added])
    # 1 Dec + 45 = Fri 15 Jan, a (supposed) day off → Mon 18 Jan
    assert award_by(D(2026, 12, 1), cal) == D(2027, 1, 18)
    # 28 Dec + 5 working days: 29, 30, 31 Dec, (1 Jan off, 2–3 weekend) 4, 5 Jan
    assert add_working_days(D(2026, 12, 28), 5, cal) == D(2027, 1, 5)
    # the make-up Saturday 9 Jan 2027 counts
    assert add_working_days(D(2027, 1, 8), 1, cal) == D(2027, 1, 9)


def test_an_added_year_replaces_the_package_for_that_year():
    cal = calendar_with([HolidayArrangement(2026, holidays=frozenset({D(2026, 3, 13)}))])
    assert not cal.is_working_day(D(2026, 3, 13))
    assert cal.is_working_day(D(2026, 2, 16))  # the package's Spring Festival is gone


def test_limitation_is_one_year_from_the_last_interruption():
    assert dl.limitation_ends(D(2025, 3, 1)) == D(2026, 3, 1)
    assert dl.limitation_ends(D(2025, 3, 1), [D(2025, 9, 1)]) == D(2026, 9, 1)
    assert dl.limitation_ends(D(2024, 2, 29)) == D(2025, 2, 28)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), -1, CAL)
