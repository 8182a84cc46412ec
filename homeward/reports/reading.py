"""What the report pages read: an area's report table for a month (its rows, their state and
the figures each cell shows), reporting completeness (expected / received / on time by area,
with the lists behind each number) and the staff-home queues. Scoped: submissions are read
through their scoped manager (the reader's area); figures as `figures.values` reads them.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from homeward.regions.codes import LENGTH, covers
from homeward.regions.models import Region
from homeward.scoping import limit_to_area

from . import figures, rules
from .models import State, Submission
from .sheets import Row


def _children(code: str) -> list[tuple[str, str]]:
    return list(Region.tree.filter(parent_id=code).order_by("code").values_list("code", "name"))


def towns_in(area: str) -> list[tuple[str, str]]:
    rows = Region.tree.filter(level="town")
    return list(limit_to_area(rows, area, "code").order_by("code").values_list("code", "name"))


def state_label(submission: Submission | None) -> str:
    return str(State(submission.state).label) if submission else "未报"


@dataclass
class Table:
    area: Region
    month: dt.date
    rows: list[Row]
    shown: dict
    submissions: dict[str, Submission]


def table(viewer_area: str, area: Region, month: dt.date) -> Table:
    """The rows of an area's report: a city's counties each with its towns, a county's towns,
    a town's villages; the area's total first. Live figures (the dashboard's); each town's
    report state beside it."""
    code = area.code
    rows = [Row(code, area.name, total=True)]
    groups: list[tuple[str, list[str]]] = []
    if len(code) <= LENGTH["city"]:
        counties = _children(code)
        groups.append((code, [c for c, _ in counties]))
        for county, name in counties:
            rows.append(Row(county, name, total=True, indent=1))
            towns = _children(county)
            groups.append((county, [t for t, _ in towns]))
            rows += [Row(t, n, indent=2) for t, n in towns]
    else:
        parts = _children(code)
        groups.append((code, [c for c, _ in parts]))
        rows += [Row(c, n, indent=1) for c, n in parts]
    submissions = {
        s.region_id: s for s in limit_to_area(Submission.objects.filter(month=month), code)
    }
    for row in rows:
        if len(row.code) == LENGTH["town"]:
            row.state = state_label(submissions.get(row.code))
    data = figures.values([r.code for r in rows], month)
    return Table(area, month, rows, figures.shown_rows(viewer_area, groups, data), submissions)


def submission_rows(submission: Submission) -> tuple[list[Row], dict]:
    """A submitted report's rows (the town, then its villages) and its frozen figures."""
    data = figures.thawed(submission.figures, [submission.region_id])
    names = dict(Region.tree.filter(code__in=list(data)).values_list("code", "name"))
    town = submission.region_id
    rows = [Row(town, names.get(town, town), state_label(submission), total=True)]
    rows += [Row(c, names.get(c, c), indent=1) for c in sorted(data) if c != town]
    return rows, figures.shown_rows(town, [], data)


@dataclass
class Completeness:
    code: str
    name: str
    expected: list[tuple[str, str]] = field(default_factory=list)
    received: list[Submission] = field(default_factory=list)
    on_time: list[Submission] = field(default_factory=list)
    late: list[Submission] = field(default_factory=list)
    returned: list[Submission] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> str:
        if not self.expected:
            return "—"
        return f"{100 * len(self.received) / len(self.expected):.1f}%"

    @property
    def on_time_rate(self) -> str:
        if not self.expected:
            return "—"
        return f"{100 * len(self.on_time) / len(self.expected):.1f}%"


def completeness(area: Region, month: dt.date) -> list[Completeness]:
    """Expected (every town), received (submitted or approved, not sent back), on time (first
    submitted by the due day) — for the area, then each area below it down to the counties."""
    towns = towns_in(area.code)
    submissions = {
        s.region_id: s for s in limit_to_area(Submission.objects.filter(month=month), area.code)
    }
    units = [(area.code, area.name)]
    if len(area.code) < LENGTH["county"]:
        units += _children(area.code)
    result = []
    for code, name in units:
        unit = Completeness(code, name)
        for town, town_name in towns:
            if not covers(code, town):
                continue
            unit.expected.append((town, town_name))
            found = submissions.get(town)
            if found is None:
                unit.missing.append((town, town_name))
            elif found.state in rules.RECEIVED:
                unit.received.append(found)
                (unit.on_time if found.on_time else unit.late).append(found)
            else:
                unit.returned.append(found)
                unit.missing.append((town, town_name))
        result.append(unit)
    return result


def waiting_for(user) -> list[Submission]:
    """Reports waiting for the approval of the user's office (a county: submitted ones of its
    towns; a city: those its counties approved)."""
    code = getattr(user, "region_id", None) or ""
    level = {LENGTH["county"]: rules.COUNTY, LENGTH["city"]: rules.CITY}.get(len(code))
    if level is None:
        return []
    states = [s for s, lv in rules.WAITING_FOR.items() if lv == level]
    rows = Submission.objects.filter(state__in=states).order_by("month", "region_id")
    return list(limit_to_area(rows, code).select_related("region"))


def due_for(user, today: dt.date) -> list[Submission | dt.date]:
    """A town office's reports to make: last month's when not yet received, and every month
    sent back or reopened for a correction."""
    code = getattr(user, "region_id", None) or ""
    if len(code) != LENGTH["town"]:
        return []
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    held = Submission.objects.filter(region_id=code)
    due: list = list(held.filter(state=rules.RETURNED).order_by("month"))
    if not held.filter(month=last).exists():
        due.append(last)
    return due


@dataclass
class Grid:
    """One report table as a page shows it: the two header rows and each row's cells."""

    table: figures.Table
    top: list[tuple[str, int, int]]  # (label, colspan, rowspan)
    second: list[str]
    lines: list[tuple[Row, list[tuple[figures.Column, object, bool]]]]  # cell, opens its list


def grids(rows: list[Row], shown: dict) -> list[Grid]:
    result = []
    for table in figures.TABLES:
        top: list[tuple[str, int, int]] = []
        second: list[str] = []
        for column in table.columns:
            label = f"{column.name}（{column.unit}）"
            if not column.group:
                top.append((label, 1, 2))
            elif top and top[-1][0] == str(column.group) and top[-1][2] == 1:
                top[-1] = (top[-1][0], top[-1][1] + 1, 1)
                second.append(label)
            else:
                top.append((str(column.group), 1, 1))
                second.append(label)
        lines = [
            (
                row,
                [
                    (c, shown[row.code][c.key], _opens(c, shown[row.code][c.key]))
                    for c in table.columns
                ],
            )
            for row in rows
        ]
        result.append(Grid(table, top, second, lines))
    return result


def _opens(column: figures.Column, value) -> bool:
    """Whether a cell links to the records behind it (stats' list; not a suppressed cell)."""
    return isinstance(value, int | Decimal)
