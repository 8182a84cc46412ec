"""What the statistics pages read from the summary table: an area's figures for a month with the
month before, its sub-areas' figures for one indicator (suppressed where they leave the area that
owns their rows), and an indicator's last twelve months. Scoped: the Figure manager limits rows
to the reader's area.
"""

import datetime as dt
from dataclasses import dataclass, field

from homeward.regions.codes import LENGTH

from . import compute, suppression
from .compute import month_of
from .indicators import INDICATORS
from .models import Figure


def previous_month(month: dt.date) -> dt.date:
    return month_of(month - dt.timedelta(days=1))


def last_months(month: dt.date, n: int = 12) -> list[dt.date]:
    months = [month]
    while len(months) < n:
        months.insert(0, previous_month(months[0]))
    return months


def suppressed_for(viewer_area: str, code: str) -> bool:
    """Whether counts of area `code` are suppressed for a reader of `viewer_area`: an aggregate
    of a town or village leaving its county — read by the city, the province or the country,
    where the people behind it are not the reader's to serve."""
    return len(code) > LENGTH["county"] and len(viewer_area) < LENGTH["county"]


@dataclass
class Row:
    code: str
    label: str
    value: int
    before: int
    kind: str
    unit: str

    @property
    def change(self) -> int:
        return self.value - self.before


def area_figures(area: str, month: dt.date) -> list[Row]:
    months = (previous_month(month), month)
    stored: dict[tuple, int] = {
        (m, c): v
        for m, c, v in Figure.objects.filter(region_code=area, month__in=months).values_list(
            "month", "indicator", "value"
        )
    }
    return [
        Row(
            i.code,
            str(i.name),
            stored.get((month, i.code), 0),
            stored.get((months[0], i.code), 0),
            i.kind,
            i.unit,
        )
        for i in INDICATORS
    ]


@dataclass
class Part:
    code: str
    name: str
    value: int
    hidden: bool = False

    @property
    def shown(self) -> str:
        return suppression.shown(self.value, self.hidden)


@dataclass
class Breakdown:
    parts: list[Part] = field(default_factory=list)
    total: int = 0
    total_hidden: bool = False


def breakdown(viewer_area: str, children: list[tuple[str, str]], indicator: str, month):
    """The indicator for each sub-area (code, name), with suppression where it applies."""
    values = dict(
        Figure.objects.filter(
            month=month, indicator=indicator, region_code__in=[c for c, _ in children]
        ).values_list("region_code", "value")
    )
    parts = [Part(code, name, values.get(code, 0)) for code, name in children]
    result = Breakdown(parts, sum(p.value for p in parts))
    if parts and suppressed_for(viewer_area, parts[0].code):
        hidden, result.total_hidden = suppression.suppress([p.value for p in parts])
        for part, hide in zip(parts, hidden, strict=True):
            part.hidden = hide
    return result


def trend(area: str, indicator: str, month: dt.date) -> dict:
    months = last_months(month)
    values = dict(
        Figure.objects.filter(region_code=area, indicator=indicator, month__in=months).values_list(
            "month", "value"
        )
    )
    return {
        "months": [m.strftime("%Y-%m") for m in months],
        "values": [values.get(m, 0) for m in months],
    }


def parse_month(text: str | None, default: dt.date) -> dt.date:
    """ "2027-03" → 2027-03-01; anything else (or a month after `default`) → `default`."""
    month = compute.parse_month(text)
    return month if month and month <= default else default
