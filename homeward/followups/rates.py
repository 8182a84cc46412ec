"""Retention rates as plain arithmetic (no Django): each rate with the records behind it.

A rate at a milestone is the follow-ups of that milestone answered "still employed" (the
numerator) over those answered at all (the denominator); ones not answered yet are counted
beside it, in neither. Rows are (group, follow-up id, result) with result "employed", "left"
or "" (not answered).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Rate:
    group: object
    kept: list[int] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        """Kept over answered, as a percentage with one decimal; None when nobody answered."""
        if not self.answered:
            return None
        return round(len(self.kept) * 1000 / len(self.answered)) / 10


def rates(rows) -> dict[object, Rate]:
    by_group: dict[object, Rate] = {}
    for group, pk, result in rows:
        rate = by_group.setdefault(group, Rate(group))
        if result == "employed":
            rate.kept.append(pk)
            rate.answered.append(pk)
        elif result:
            rate.answered.append(pk)
        else:
            rate.waiting.append(pk)
    return by_group


def overall(rows) -> Rate:
    whole = Rate("all")
    for rate in rates((("all", pk, result) for _g, pk, result in rows)).values():
        whole = rate
    return whole


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day (31 Jan + 1 →
    28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
