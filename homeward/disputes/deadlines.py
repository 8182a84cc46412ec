"""The statutory deadlines of a labour dispute (pure: no Django).

Counting follows 劳动人事争议仲裁办案规则 art. 80: periods of 3, 5 and 10 days are **working
days**, periods of 15, 45 (and 60 = 45 + 15) days are **calendar days**; the start day is not
counted; a period whose last day is not a working day ends on the next working day. Working days
follow the State Council's yearly arrangement: the package `chinese-calendar` for the years it
holds, plus the years a city administrator adds (passed in as data). A deadline that runs into a
year with no calendar raises `CalendarMissing`: it is never computed on weekends alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

# Periods the rules count in working days (规则 art. 80); every other period is calendar days.
WORKING_DAY_PERIODS = frozenset({3, 5, 10})

ACCEPT_DAYS = 5  # 法 art. 29: acceptance decided within 5 (working) days of receipt
SERVE_COPY_DAYS = 5  # 法 art. 30: copy served to the respondent within 5 days of acceptance
DEFENCE_DAYS = 10  # 法 art. 30: defence within 10 days of receiving the copy
TRIBUNAL_DAYS = 5  # 法 art. 31: tribunal formed within 5 days of acceptance
HEARING_NOTICE_DAYS = 5  # 法 art. 35: hearing notice at least 5 days ahead
AWARD_DAYS = 45  # 法 art. 43: award within 45 days of acceptance
AWARD_EXTENSION_DAYS = 15  # … extendable once by 15 with the chair's approval
MEDIATION_DAYS = 15  # 法 art. 14: no agreement within 15 days → arbitration
LIMITATION_YEARS = 1  # 法 art. 27
WORKER_SUE_DAYS = 15  # 法 art. 48 / 50
EMPLOYER_SET_ASIDE_DAYS = 30  # 法 art. 49
LEGAL_AID_DECISION_DAYS = 7  # 法律援助法 art. 43 (calendar days)
LEGAL_AID_ASSIGN_DAYS = 3  # 法律援助法 art. 43 (counted as working days, as 规则 art. 80 does)
REVIEW_APPLY_DAYS = 15  # 规则 art. 74: review applied for within 15 days of the agreement
REVIEW_DAYS = 5  # 规则 art. 76: reviewed within 5 (working) days of acceptance
REVIEW_EXTENSION_DAYS = 5  # … 5 more with the chair's approval (10 working days in all)


class CalendarMissing(Exception):
    """A deadline runs into a year whose holiday arrangement nobody has entered yet."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year} 年的节假日安排尚未录入，期限无法计算，请市级管理员先录入该年安排。"
        )


@dataclass(frozen=True)
class HolidayArrangement:
    """One year's State Council arrangement: days off that would be working days and the
    make-up working days (调休上班) that would be weekends."""

    year: int
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Calendar:
    """The working-day calendar over the years it covers."""

    years: frozenset[int]
    holidays: frozenset[date] = field(default=frozenset())
    workdays: frozenset[date] = field(default=frozenset())

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.years:
            raise CalendarMissing(day.year)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def with_years(self, arrangements: Iterable[HolidayArrangement]) -> Calendar:
        """This calendar with added years; an added year replaces the package's for that year."""
        years, holidays, workdays = set(self.years), set(self.holidays), set(self.workdays)
        for arrangement in arrangements:
            y = arrangement.year
            holidays = {d for d in holidays if d.year != y} | set(arrangement.holidays)
            workdays = {d for d in workdays if d.year != y} | set(arrangement.workdays)
            years.add(y)
        return Calendar(frozenset(years), frozenset(holidays), frozenset(workdays))


def packaged_calendar() -> Calendar:
    """The years `chinese-calendar` holds (2004 to the newest arrangement it knows)."""
    from chinese_calendar import constants

    holidays = frozenset(constants.holidays)
    workdays = frozenset(constants.workdays)
    first = min(d.year for d in holidays)
    last = max(d.year for d in holidays)
    return Calendar(frozenset(range(first, last + 1)), holidays, workdays)


def calendar_with(arrangements: Iterable[HolidayArrangement] = ()) -> Calendar:
    return packaged_calendar().with_years(arrangements)


def next_working_day(day: date, cal: Calendar) -> date:
    """`day` itself when it is a working day, else the next working day."""
    while not cal.is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int, cal: Calendar) -> date:
    """The `days`-th working day after `start` (the start day not counted)."""
    if days < 0:
        raise ValueError("天数不能为负数。")
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            left -= 1
    return day


def add_calendar_days(start: date, days: int, cal: Calendar) -> date:
    """`start` + `days` calendar days; a last day that is not a working day moves to the next."""
    if days < 0:
        raise ValueError("天数不能为负数。")
    return next_working_day(start + timedelta(days=days), cal)


def period_end(start: date, days: int, cal: Calendar) -> date:
    """The last day of a statutory period of `days` days from `start`, counted as art. 80 says."""
    if days in WORKING_DAY_PERIODS:
        return add_working_days(start, days, cal)
    return add_calendar_days(start, days, cal)


def suspended_days(
    suspensions: Iterable[tuple[date, date | None]], *, since: date, on: date
) -> int:
    """Calendar days of suspension (规则 art. 46) after `since`; an open one runs to `on`.

    Each suspension is (from, to): the days from `from` up to the day before `to` do not count.
    """
    total = 0
    for begun, ended in suspensions:
        begun = max(begun, since)
        ended = ended or on
        if ended > begun:
            total += (ended - begun).days
    return total


def award_by(
    accepted_on: date,
    cal: Calendar,
    *,
    extended: bool = False,
    suspensions: Iterable[tuple[date, date | None]] = (),
    on: date | None = None,
) -> date:
    """The award's limit: 45 calendar days from acceptance (or from the last restart), 60 when
    extended once, plus the days suspended, ending on a working day (法 art. 43, 规则 art. 46)."""
    days = AWARD_DAYS + (AWARD_EXTENSION_DAYS if extended else 0)
    days += suspended_days(suspensions, since=accepted_on, on=on or accepted_on)
    return add_calendar_days(accepted_on, days, cal)


def limitation_ends(known_on: date, interrupted_on: Iterable[date] = ()) -> date:
    """One year from when the worker knew, restarting at the latest interruption (法 art. 27)."""
    start = max([known_on, *interrupted_on])
    try:
        return start.replace(year=start.year + LIMITATION_YEARS)
    except ValueError:  # 29 February
        return start.replace(year=start.year + LIMITATION_YEARS, day=28)


# ---- the file interface: `homeward disputes deadlines CASES.jsonl [--json]` ----


class LineError(ValueError):
    pass


def _date(record: Mapping, key: str, *, required: bool = True) -> date | None:
    value = record.get(key)
    if value in (None, ""):
        if required:
            raise LineError(f"缺少 {key}")
        return None
    if not isinstance(value, str):
        raise LineError(f"{key} 应为 YYYY-MM-DD 格式的日期")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LineError(f"{key} 不是有效日期（YYYY-MM-DD）：{value!r}") from None


def case_deadlines(record: Mapping, cal: Calendar) -> tuple[dict, list[str]]:
    """One case line → its deadlines and the warnings (a year with no calendar: value None)."""
    if not isinstance(record, Mapping):
        raise LineError("每行应为一个 JSON 对象")
    case = record.get("case")
    if not isinstance(case, str) or not case.strip():
        raise LineError("缺少 case（案件编号）")
    received_on = _date(record, "received_on")
    accepted_on = _date(record, "accepted_on")
    mediation_on = _date(record, "mediation_on", required=False)
    extended = record.get("extended", False)
    if not isinstance(extended, bool):
        raise LineError("extended 应为 true 或 false")
    if accepted_on < received_on:
        raise LineError("accepted_on 早于 received_on")
    warnings: list[str] = []

    def computed(name, fn):
        try:
            return fn().isoformat()
        except CalendarMissing as missing:
            warnings.append(f"{name}：{missing}")
            return None

    out = {
        "case": case,
        "accept_by": computed("accept_by", lambda: period_end(received_on, ACCEPT_DAYS, cal)),
        "serve_copy_by": computed(
            "serve_copy_by", lambda: period_end(accepted_on, SERVE_COPY_DAYS, cal)
        ),
        "award_by": computed("award_by", lambda: award_by(accepted_on, cal, extended=extended)),
    }
    if mediation_on is not None:
        out["mediation_ends"] = computed(
            "mediation_ends", lambda: period_end(mediation_on, MEDIATION_DAYS, cal)
        )
    return out, warnings


def deadlines_of_lines(lines: Iterable[str], cal: Calendar) -> tuple[list[dict], list[str]]:
    """Every good line's deadlines, and one message per bad line or missing calendar."""
    results, problems = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            result, warnings = case_deadlines(record, cal)
        except json.JSONDecodeError as error:
            problems.append(f"第 {number} 行：不是有效的 JSON（{error.msg}）")
            continue
        except LineError as error:
            problems.append(f"第 {number} 行：{error}")
            continue
        results.append(result)
        problems.extend(f"第 {number} 行（{result['case']}）：{w}" for w in warnings)
    return results, problems


def format_text(result: dict) -> str:
    parts = [
        f"{result['case']}",
        f"受理决定 {result['accept_by'] or '未知'}",
        f"送达副本 {result['serve_copy_by'] or '未知'}",
        f"裁决 {result['award_by'] or '未知'}",
    ]
    if "mediation_ends" in result:
        parts.append(f"调解期满 {result['mediation_ends'] or '未知'}")
    return "  ".join(parts)
