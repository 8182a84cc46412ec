"""A target's figure as counted from the records: its value on a day, the records behind it, and
its progress against the time elapsed.

A target bound to an *indicator* reads the statistics' summary table (`stats.models.Figure`,
area × month × indicator): a flow (当月) adds up the months of the period up to the day's month,
a stock (月末时点数) is its last month's value. Such a target counts whole months, so its period
is read month by month; the list behind it is each month's figure, which opens the statistics'
own list of people. A target bound to a *measure* counts the records of `measures.py` up to the
day, and its list behind is those records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from homeward.stats.compute import month_of, months_between
from homeward.stats.indicators import BY_CODE, STOCK
from homeward.stats.models import Figure

from . import progress as core
from .measures import MEASURES
from .models import Target


def known(source: str, metric: str) -> bool:
    if source == Target.Source.INDICATOR:
        return metric in BY_CODE
    return metric in MEASURES


def label_of(target: Target) -> str:
    if target.source == Target.Source.INDICATOR:
        return str(BY_CODE[target.metric].name)
    return str(MEASURES[target.metric].label)


def rule_of(target: Target) -> str:
    if target.source == Target.Source.INDICATOR:
        return str(BY_CODE[target.metric].definition)
    return str(MEASURES[target.metric].rule)


def counted_until(target: Target, on: dt.date) -> dt.date:
    return min(target.ends_on, on)


@dataclass
class MonthFigure:
    month: dt.date
    value: int


def months_of(target: Target, on: dt.date) -> list[MonthFigure]:
    """An indicator target's months up to `on`, each with its figure of the target's area."""
    last = counted_until(target, on)
    if last < target.starts_on:
        return []
    months = months_between(month_of(target.starts_on), month_of(last))
    values = dict(
        Figure.objects.filter(
            region_code=target.region_id, indicator=target.metric, month__in=months
        ).values_list("month", "value")
    )
    return [MonthFigure(m, values.get(m, 0)) for m in months]


def records(target: Target, on: dt.date):
    """A measure target's records counted up to `on` (the list behind its number)."""
    measure = MEASURES[target.metric]
    return measure.rows(target.region_id, target.starts_on, counted_until(target, on))


def value_on(target: Target, on: dt.date | None = None) -> Decimal:
    on = on or timezone.localdate()
    if target.source == Target.Source.INDICATOR:
        months = months_of(target, on)
        if not months:
            return Decimal(0)
        if BY_CODE[target.metric].kind == STOCK:
            return Decimal(months[-1].value)
        return Decimal(sum(m.value for m in months))
    if counted_until(target, on) < target.starts_on:
        return Decimal(0)
    return MEASURES[target.metric].total(records(target, on))


def progress_of(target: Target, on: dt.date | None = None, actual=None) -> core.Progress:
    on = on or timezone.localdate()
    actual = value_on(target, on) if actual is None else actual
    return core.progress(target.goal, actual, target.starts_on, target.ends_on, on, target.margin)
