"""The wage-protection map's rows (issue 14): each project of the area with its current highest
open warning level, the amount at risk and the days overdue, ranked the way the map and the list
beside it show them (one list, so the points, the legend and the ranking are the same rows).

Amount at risk: for each person-month an open warning covers, what the roster says is due (day
rate × days, or monthly wage × min(1, days ÷ 21.75)) less what was paid for it, never below zero.
A worker's warning covers its person-month. A project-wide warning (headcount_gap for a month,
ended_unsettled for the whole project) covers the person-months it is about: those of its month
(or, with no month, of every month) with attendance and no payment. The amount is taken over the
union of the person-months covered, each counted once: a worker's no_pay for March and the
project's headcount_gap for March are the same money, so it is not added twice (nor left out
when only the project-wide warning is open).
Days overdue: since the payment deadline (last day of the month after) of the oldest month an open
warning names."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from . import rules
from .models import (
    Attendance,
    Level,
    PayrollEntry,
    Project,
    RosterEntry,
    WageBasis,
    WageWarning,
    WarningState,
)

NONE = "none"
LEVELS = (Level.RED, Level.ORANGE, Level.YELLOW, NONE)
RANK = {level: n for n, level in enumerate(LEVELS)}
MONTH_DAYS = Decimal("21.75")
CENT = Decimal("0.01")


@dataclass
class Row:
    project: Project
    level: str = NONE
    warnings: int = 0
    amount: Decimal = Decimal(0)
    days_overdue: int = 0

    @property
    def placed(self) -> bool:
        return self.project.latitude is not None and self.project.longitude is not None


def _due(entry: RosterEntry, days: Decimal) -> Decimal:
    if entry.wage_basis == WageBasis.DAY:
        return entry.agreed_wage * days
    return entry.agreed_wage * min(Decimal(1), days / MONTH_DAYS)


def rows(projects, today: date) -> list[Row]:
    """The projects' rows, ranked: highest level first, then amount at risk, then days overdue."""
    by_pk = {p.pk: Row(p) for p in projects}
    pairs: dict[int, set] = {}
    wide: dict[int, set] = {}  # project → months of its project-wide warnings (None: every month)
    for pk, level, entry_id, month in WageWarning.objects.filter(
        project_id__in=list(by_pk), state=WarningState.OPEN
    ).values_list("project_id", "level", "entry_id", "month"):
        row = by_pk[pk]
        row.warnings += 1
        if RANK[level] < RANK[row.level]:
            row.level = level
        if month is not None:
            late = (today - rules.deadline(rules.month_index(month.year, month.month))).days
            row.days_overdue = max(row.days_overdue, late)
        if entry_id is not None:
            if month is not None:
                pairs.setdefault(pk, set()).add((entry_id, month))
        else:
            wide.setdefault(pk, set()).add(month)
    for pk, pair in _unpaid_covered(wide):
        pairs.setdefault(pk, set()).add(pair)
    entries = {
        e.pk: e
        for e in RosterEntry.objects.filter(
            pk__in={e for pairs_of in pairs.values() for e, _m in pairs_of}
        )
    }
    wanted = {(e, m) for pairs_of in pairs.values() for e, m in pairs_of}
    days = _last_days(wanted)
    paid = _paid(wanted)
    for pk, pairs_of in pairs.items():
        total = Decimal(0)
        for entry_id, month in pairs_of:
            due = _due(entries[entry_id], days.get((entry_id, month), Decimal(0)))
            total += max(Decimal(0), due - paid.get((entry_id, month), Decimal(0)))
        by_pk[pk].amount = total.quantize(CENT, rounding=ROUND_HALF_UP)
    return sorted(
        by_pk.values(),
        key=lambda r: (RANK[r.level], -r.amount, -r.days_overdue, r.project.code),
    )


def _unpaid_covered(wide: dict[int, set]) -> list[tuple[int, tuple]]:
    """(project, (person, month)) for each person-month a project-wide warning covers: attended
    (the last attendance row above zero days) in one of its months, or any month for a warning
    without one, and no payment recorded for it."""
    if not wide:
        return []
    attended = {}
    for pk, e, m, d in (
        Attendance.objects.filter(project_id__in=list(wide))
        .order_by("pk")
        .values_list("project_id", "entry_id", "month", "days")
    ):
        attended[(e, m)] = (pk, d)
    covered = {
        (e, m): pk
        for (e, m), (pk, d) in attended.items()
        if d > 0 and (None in wide[pk] or m in wide[pk])
    }
    paid = set(
        PayrollEntry.objects.filter(entry_id__in={e for e, _m in covered}).values_list(
            "entry_id", "month"
        )
    )
    return [(pk, pair) for pair, pk in covered.items() if pair not in paid]


def _last_days(wanted: set) -> dict:
    """Days worked per person-month: the last recorded row counts (a correction replaces)."""
    days = {}
    for e, m, d in (
        Attendance.objects.filter(entry_id__in={e for e, _m in wanted})
        .order_by("pk")
        .values_list("entry_id", "month", "days")
    ):
        if (e, m) in wanted:
            days[(e, m)] = d
    return days


def _paid(wanted: set) -> dict:
    return {
        (e, m): total
        for e, m, total in PayrollEntry.objects.filter(entry_id__in={e for e, _m in wanted})
        .values("entry_id", "month")
        .annotate(total=Sum("net_paid"))
        .values_list("entry_id", "month", "total")
        if (e, m) in wanted
    }


def legend(ranked: list[Row]) -> dict[str, int]:
    """How many projects are at each level (the legend's counts)."""
    counts = dict.fromkeys(LEVELS, 0)
    for row in ranked:
        counts[row.level] += 1
    return counts
