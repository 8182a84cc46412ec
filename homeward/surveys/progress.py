"""A survey's progress as plain arithmetic (no Django): per village, then rolled up to the
levels above it, and whether each is on time against the deadline.

Counts come in per village; a person counts once: visited if any visit found them, else not
found if a visit did not. Pending is expected minus reached, never below zero (people added
during the survey are in the registry, so in expected too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from homeward.regions.codes import LENGTH, level_of, prefix_at

DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
LATE = "late"  # the deadline passed with people not reached
BEHIND = "behind"  # before the deadline, but less done than the time gone
ON_TRACK = "on_track"
NOT_STARTED = "not_started"  # before the period
BEHIND_STATES = (LATE, BEHIND)


@dataclass
class Tally:
    code: str
    expected: int = 0
    visited: int = 0
    not_found: int = 0
    last_visit: date | None = None

    @property
    def reached(self) -> int:
        return self.visited + self.not_found

    @property
    def pending(self) -> int:
        return max(self.expected - self.reached, 0)

    @property
    def percent(self) -> int:
        """Reached as a whole percentage of expected (100 when nobody is expected)."""
        if self.expected == 0:
            return 100
        return min(100, self.reached * 100 // self.expected)

    def add(self, other: Tally) -> None:
        self.expected += other.expected
        self.visited += other.visited
        self.not_found += other.not_found
        if other.last_visit and (self.last_visit is None or other.last_visit > self.last_visit):
            self.last_visit = other.last_visit


def villages(
    expected: dict[str, int], reached: dict[str, tuple[int, int, date | None]]
) -> dict[str, Tally]:
    """Tallies by village code: `expected` people and `reached` (visited, not found, last day)."""
    tallies = {code: Tally(code, expected=n) for code, n in expected.items()}
    for code, (visited, not_found, last) in reached.items():
        tally = tallies.setdefault(code, Tally(code))
        tally.visited, tally.not_found, tally.last_visit = visited, not_found, last
    return tallies


def roll_up(tallies: dict[str, Tally], level: str) -> dict[str, Tally]:
    """The tallies summed by the region at `level` above each code."""
    rolled: dict[str, Tally] = {}
    for code, tally in tallies.items():
        if len(code) < LENGTH[level]:
            continue
        parent = prefix_at(code, level)
        rolled.setdefault(parent, Tally(parent)).add(tally)
    return rolled


def total(tallies: dict[str, Tally], code: str) -> Tally:
    whole = Tally(code)
    for tally in tallies.values():
        whole.add(tally)
    return whole


def timeliness(tally: Tally, *, today: date, starts_on: date, deadline: date) -> str:
    """Done on time / late, late, behind, on track, or not started (before the period)."""
    if tally.pending == 0:
        if tally.last_visit is not None and tally.last_visit > deadline:
            return DONE_LATE
        return DONE_ON_TIME
    if today > deadline:
        return LATE
    if today < starts_on:
        return NOT_STARTED
    span = (deadline - starts_on).days + 1
    gone = (today - starts_on).days + 1
    # Behind when the share reached is below the share of the period gone (integer arithmetic).
    if tally.reached * span < tally.expected * gone:
        return BEHIND
    return ON_TRACK


def child_level(code: str) -> str | None:
    """The level of the regions directly under `code` (None under a village)."""
    order = list(LENGTH)
    index = order.index(level_of(code)) if code else -1
    return order[index + 1] if index + 1 < len(order) else None
