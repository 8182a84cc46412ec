"""Employment after training (培训后就业): pure arithmetic over facts, no Django.

A person who completed a course counts as employed after training when they started work within
`WINDOW_MONTHS` (6) of the completion day, both days included: a hire recorded through Homeward
(`placements`, its hire date) or a change of their employment status to a working one (a status
event: working away, employed locally, running a business, flexible work) dated in that window.
Work that began before the completion does not count — it was not found after the training —
and neither does work that began later than six months after. The rate's denominator is every
completion; those still inside their six months and not yet employed are told apart ("pending")
but stay in the denominator, so the rate never rises by leaving people out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

WINDOW_MONTHS = 6
WORKING_STATUSES = frozenset({"out_migrant", "local_employed", "returned_entrepreneur", "flexible"})


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last (31 Aug + 6 → 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Completion:
    enrolment: int
    worker: int
    completed_on: date


@dataclass(frozen=True)
class Start:
    """A start of work: the person, the day, and what says so ("hire" or "status")."""

    worker: int
    day: date
    source: str


@dataclass(frozen=True)
class Outcome:
    completion: Completion
    employed_on: date | None  # the first start of work in the window
    source: str  # "hire", "status" or ""
    pending: bool  # not employed yet, but the six months are not over


@dataclass
class Rate:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def completed(self) -> int:
        return len(self.outcomes)

    @property
    def employed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.employed_on is not None]

    @property
    def pending(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.pending]

    @property
    def percent(self) -> float | None:
        if not self.outcomes:
            return None
        return round(100 * len(self.employed) / len(self.outcomes), 1)


def outcomes(
    completions: Iterable[Completion], starts: Iterable[Start], today: date
) -> list[Outcome]:
    by_worker: dict[int, list[Start]] = {}
    for start in starts:
        by_worker.setdefault(start.worker, []).append(start)
    for rows in by_worker.values():  # a hire before a status event of the same day
        rows.sort(key=lambda s: (s.day, s.source != "hire"))
    found = []
    for completion in completions:
        until = add_months(completion.completed_on, WINDOW_MONTHS)
        first = next(
            (
                s
                for s in by_worker.get(completion.worker, ())
                if completion.completed_on <= s.day <= until
            ),
            None,
        )
        found.append(
            Outcome(
                completion,
                first.day if first else None,
                first.source if first else "",
                first is None and today <= until,
            )
        )
    return found


def rates_by(outcome_rows: Iterable[Outcome], key) -> dict:
    """The outcomes grouped by `key(outcome)` into rates."""
    grouped: dict = {}
    for outcome in outcome_rows:
        grouped.setdefault(key(outcome), Rate()).outcomes.append(outcome)
    return grouped
