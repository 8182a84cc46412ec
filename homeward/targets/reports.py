"""What the target and checklist pages read: each target's progress against time, its history
(the last snapshot of each week), the months or records behind its number, and the checklist's
items and duties with their state (overdue first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from . import figures
from . import progress as core
from .models import Duty, Snapshot, Target

ORDER = {core.AT_RISK: 0, core.MISSED: 1, core.ON_TRACK: 2, core.NOT_STARTED: 3, core.ACHIEVED: 4}


@dataclass
class TargetRow:
    target: Target
    label: str
    progress: core.Progress

    @property
    def at_risk(self) -> bool:
        return self.progress.state in (core.AT_RISK, core.MISSED)


def target_row(target: Target, today: dt.date) -> TargetRow:
    return TargetRow(target, figures.label_of(target), figures.progress_of(target, today))


def target_rows(targets, today: dt.date) -> list[TargetRow]:
    rows = [target_row(t, today) for t in targets if figures.known(t.source, t.metric)]
    return sorted(rows, key=lambda r: (ORDER.get(r.progress.state, 9), r.target.pk))


def at_risk(targets, today: dt.date) -> list[TargetRow]:
    return [r for r in target_rows(targets, today) if r.at_risk]


def history(target: Target) -> list[Snapshot]:
    """The last snapshot of each week, newest first (every day's row stays in the table)."""
    weeks: dict[dt.date, Snapshot] = {}
    for snap in Snapshot.objects.filter(target=target).order_by("on"):
        weeks[core.week_of(snap.on)] = snap
    return sorted(weeks.values(), key=lambda s: s.on, reverse=True)


@dataclass
class MonthLink:
    month: dt.date
    value: int
    url: str


def month_links(target: Target, on: dt.date) -> list[MonthLink]:
    """An indicator target's months, each opening the statistics' list of people behind it."""
    base = reverse("stats:people")
    return [
        MonthLink(
            m.month,
            m.value,
            base
            + "?"
            + urlencode(
                {
                    "indicator": target.metric,
                    "month": m.month.strftime("%Y-%m"),
                    "area": target.region_id,
                }
            ),
        )
        for m in figures.months_of(target, on)
    ]


def describe(target: Target, records) -> list[tuple[str, object, str]]:
    measure = figures.MEASURES[target.metric]
    return [measure.describe(r) for r in records]


# Checklists -------------------------------------------------------------------------------------


def duty_state(duty: Duty, today: dt.date) -> str:
    item = duty.item
    return core.item_state(item.due_on, today, duty.done_on, item.starts_on)


@dataclass
class DutyRow:
    duty: Duty
    state: str

    @property
    def late(self) -> bool:
        return self.state == core.OVERDUE


STATE_ORDER = {core.OVERDUE: 0, core.DUE_SOON: 1, core.OPEN: 2, core.NOT_YET: 3,
               core.DONE_LATE: 4, core.DONE: 5}  # fmt: skip


def duty_rows(duties, today: dt.date, show: str) -> list[DutyRow]:
    rows = [DutyRow(d, duty_state(d, today)) for d in duties]
    if show == "open":
        rows = [r for r in rows if r.state not in (core.DONE, core.DONE_LATE)]
    elif show in STATE_ORDER:
        rows = [r for r in rows if r.state == show]
    return sorted(rows, key=lambda r: (STATE_ORDER[r.state], r.duty.item.due_on, r.duty.pk))


@dataclass
class ItemRow:
    item: object
    duties: int
    done: int
    overdue: int


def item_rows(items, today: dt.date) -> list[ItemRow]:
    rows = []
    for item in items:
        duties = list(item.duties.all())
        done = sum(1 for d in duties if d.done_on is not None)
        late = sum(
            1
            for d in duties
            if core.item_state(item.due_on, today, d.done_on, item.starts_on) == core.OVERDUE
        )
        rows.append(ItemRow(item, len(duties), done, late))
    return rows


def due_or_overdue(duties, today: dt.date) -> list[DutyRow]:
    """Duties overdue or due within two weeks (the staff home's queue)."""
    rows = duty_rows(duties.filter(done_on__isnull=True), today, "")
    return [r for r in rows if r.state in (core.OVERDUE, core.DUE_SOON)]


def updates_of(duty: Duty):
    """A duty's updates, newest first, with who wrote them and their files."""
    return duty.updates.select_related("by").prefetch_related("attachments")


def chart_of(snapshots) -> dict:
    """The history for the chart, oldest first (numbers as floats: JSON has no decimals)."""
    from django.utils.translation import gettext as _

    rows = sorted(snapshots, key=lambda s: s.on)
    return {
        "days": [s.on.isoformat() for s in rows],
        "actual": [float(s.actual) for s in rows],
        "expected": [float(s.expected) for s in rows],
        "reached": _("reached"),
        "due": _("due by the time elapsed"),
    }
