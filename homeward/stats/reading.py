"""What the statistics pages read from the summary table: an area's figures for a month with the
month before, its sub-areas' figures for one indicator (suppressed where they leave the area that
owns their rows), and an indicator's last twelve months. Scoped: the Figure manager limits rows
to the reader's area.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.db.models import Q
from django.templatetags.static import static

from homeward.regions.codes import LENGTH, city_of

from . import compute, suppression
from .compute import month_of
from .indicators import BY_CODE, INDICATORS, RATIOS
from .models import Figure


def shown_value(code: str, value: int) -> str:
    """A stored value as the page shows it: money in yuan with two decimals, else the count."""
    indicator = BY_CODE.get(code)
    if indicator is not None and indicator.money:
        return f"{(Decimal(value) / indicator.scale).quantize(Decimal('0.01')):,}"
    return str(value)


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
    group: str = "registry"

    @property
    def change(self) -> int:
        return self.value - self.before

    @property
    def shown(self) -> str:
        return shown_value(self.code, self.value)

    @property
    def change_shown(self) -> str:
        sign = "+" if self.change > 0 else ""
        return sign + shown_value(self.code, self.change)


def area_figures(area: str, month: dt.date, values: dict | None = None) -> list[Row]:
    months = (previous_month(month), month)
    stored: dict[tuple, int] = (
        values
        if values is not None
        else {
            (m, c): v
            for m, c, v in Figure.objects.filter(region_code=area, month__in=months).values_list(
                "month", "indicator", "value"
            )
        }
    )
    return [
        Row(
            i.code,
            str(i.name),
            stored.get((month, i.code), 0),
            stored.get((months[0], i.code), 0),
            i.kind,
            i.unit,
            i.group,
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


def breakdown(
    viewer_area: str,
    children: list[tuple[str, str]],
    indicator: str,
    month,
    values: dict | None = None,
):
    """The indicator for each sub-area (code, name), with suppression where it applies
    (`values`: {sub-area code: value}, already read)."""
    if values is None:
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


def trend(area: str, indicator: str, month: dt.date, values: dict | None = None) -> dict:
    months = last_months(month)
    if values is None:
        values = stored_values(area, months, [indicator])
    return {
        "months": [m.strftime("%Y-%m") for m in months],
        "values": [values.get((m, indicator), 0) for m in months],
    }


def parse_month(text: str | None, default: dt.date) -> dt.date:
    """ "2027-03" → 2027-03-01; anything else (or a month after `default`) → `default`."""
    month = compute.parse_month(text)
    return month if month and month <= default else default


def stored_values(area: str, months, codes) -> dict[tuple, int]:
    """{(month, indicator): value} of an area from the summary table (scoped)."""
    return {
        (m, c): v
        for m, c, v in Figure.objects.filter(
            region_code=area, month__in=list(months), indicator__in=list(codes)
        ).values_list("month", "indicator", "value")
    }


@dataclass
class RatioRow:
    code: str
    name: str
    numerator: str
    denominator: str
    top: int
    bottom: int

    @property
    def percent(self) -> str:
        return f"{100 * self.top / self.bottom:.1f}%" if self.bottom else "—"


def ratios(area: str, month: dt.date, values: dict | None = None) -> list[RatioRow]:
    """The rates of the month, each as its two counted parts (a rate is never stored)."""
    codes = {r.numerator for r in RATIOS} | {r.denominator for r in RATIOS}
    if values is None:
        values = stored_values(area, [month], codes)
    return [
        RatioRow(
            r.code,
            str(r.name),
            r.numerator,
            r.denominator,
            values.get((month, r.numerator), 0),
            values.get((month, r.denominator), 0),
        )
        for r in RATIOS
    ]


def series(area: str, codes, month: dt.date, n: int = 12, values: dict | None = None) -> dict:
    """Several indicators of an area over the last `n` months, for a chart."""
    months = last_months(month, n)
    if values is None:
        values = stored_values(area, months, codes)
    return {
        "months": [m.strftime("%Y-%m") for m in months],
        "series": [
            {
                "code": c,
                "name": str(BY_CODE[c].name),
                "values": [values.get((m, c), 0) / BY_CODE[c].scale for m in months],
            }
            for c in codes
        ],
    }


SCOPES = (
    ("out_of_province", "returnees_from_outside_province"),
    ("in_province", "returnees_from_in_province"),
    ("in_city", "returnees_from_in_city"),
    ("in_county", "returnees_from_in_county"),
)
AFTER = (
    "returnees_then_local",
    "returnees_then_flexible",
    "returnees_then_founding",
    "returnees_then_seeking",
    "returnees_then_away",
)


def sankey(area: str, month: dt.date, values: dict | None = None) -> dict:
    """The flow from working away to return to work: by scope, those away at the month's end
    and those back home in the month → the returnees' status at the month's end. Each link names the indicator (and month) its number opens."""
    codes = {c for pair in SCOPES for c in pair} | set(AFTER) | {"returnees"}
    if values is None:
        values = stored_values(area, [month], codes)
    links, nodes = [], []

    def node(code: str, name: str):
        if code not in {n["id"] for n in nodes}:
            nodes.append({"id": code, "name": name})

    home = "home"
    for stock, back in SCOPES:
        left = f"was_{stock}"
        node(left, str(BY_CODE[stock].name))
        away, returned = values.get((month, stock), 0), values.get((month, back), 0)
        if away:
            node("still_away", str(BY_CODE["out_migrants"].name))
            links.append(_link(left, "still_away", away, stock, month))
        if returned:
            node(home, str(BY_CODE["returnees"].name))
            links.append(_link(left, home, returned, back, month))
    for code in AFTER:
        n = values.get((month, code), 0)
        if n:
            node(home, str(BY_CODE["returnees"].name))
            node(code, str(BY_CODE[code].name))
            links.append(_link(home, code, n, code, month))
    return {"nodes": nodes, "links": links}


def _link(source: str, target: str, value: int, code: str, month: dt.date) -> dict:
    return {
        "source": source,
        "target": target,
        "value": value,
        "indicator": code,
        "month": month.strftime("%Y-%m"),
    }


FUNNEL = ("push_sent", "push_clicked", "push_applied", "push_hired")
WARNINGS = ("wage_warnings_red", "wage_warnings_orange", "wage_warnings_yellow")
FAIRS = ("fairs_held", "fair_attendees", "fair_intentions")
TRENDS = ("out_migrants", "local_employed", "returned_seeking", "unemployed")
CLAIMS = ("arrears_cases", "arrears_people", "arrears_claimed", "arrears_recovered")


def funnel(area: str, month: dt.date, values: dict | None = None) -> list[dict]:
    if values is None:
        values = stored_values(area, [month], FUNNEL)
    return [
        {"code": c, "name": str(BY_CODE[c].name), "value": values.get((month, c), 0)}
        for c in FUNNEL
    ]


def year_totals(area: str, codes, years, values: dict | None = None) -> list[dict]:
    """Flows added up over each calendar year (宿迁's wage claims three years running;
    `values`: the area's {(month, indicator): value} over those years, already read)."""
    if values is None:
        rows = Figure.objects.filter(
            region_code=area, indicator__in=list(codes), month__year__in=list(years)
        ).values_list("month", "indicator", "value")
    else:
        rows = [(m, c, v) for (m, c), v in values.items() if c in codes and m.year in years]
    totals: dict[tuple, int] = {}
    for m, c, v in rows:
        totals[(m.year, c)] = totals.get((m.year, c), 0) + v
    return [
        {
            "year": y,
            "cells": [(c, shown_value(c, totals.get((y, c), 0))) for c in codes],
        }
        for y in years
    ]


def geojson_url(area: str) -> str | None:
    """The vendored county boundaries of the area's city, if the package has them."""
    city = city_of(area) if area else None
    path = f"vendor/echarts-china-cities/{city}.geojson" if city else None
    return static(path) if path and finders.find(path) else None


def dashboard_rows(
    area: str, month: dt.date, children=(), indicator: str = "", years=()
) -> tuple[Q, list[dt.date]]:
    """Which summary rows the dashboard draws, as one condition: the area's last twelve
    months (every indicator), its wage claims over `years`, and the chosen indicator of its
    sub-areas for the month."""
    months = last_months(month)
    wanted = Q(region_code=area, month__gte=months[0], month__lte=month)
    if years:
        first = dt.date(min(years), 1, 1)
        wanted |= Q(region_code=area, indicator__in=CLAIMS, month__gte=first, month__lte=month)
    if children and indicator:
        wanted |= Q(region_code__in=[c for c, _ in children], month=month, indicator=indicator)
    return wanted, months


def dashboard(
    area: str,
    month: dt.date,
    *,
    children: list[tuple[str, str]] = (),
    indicator: str = "labour_force",
    viewer_area: str | None = None,
    years=(),
) -> dict:
    """Everything the dashboard draws from one SELECT of the summary table (`dashboard_rows`):
    the month's figures, rates, Sankey, funnel, the charts' series, the chosen indicator by
    sub-area (suppressed for `viewer_area`) with its trend, and the wage claims by year."""
    wanted, months = dashboard_rows(area, month, children, indicator, years)
    values: dict[tuple, int] = {}
    parts: dict[str, int] = {}
    for r, m, c, v in Figure.objects.filter(wanted).values_list(
        "region_code", "month", "indicator", "value"
    ):
        if r == area:
            values[(m, c)] = v
        if m == month and c == indicator and r != area:
            parts[r] = v
    recent = {key: v for key, v in values.items() if key[0] >= months[0]}
    return {
        "rows": area_figures(area, month, recent),
        "ratios": ratios(area, month, recent),
        "sankey": sankey(area, month, recent),
        "funnel": funnel(area, month, recent),
        "trends": series(area, TRENDS, month, values=recent),
        "fairs": series(area, FAIRS, month, values=recent),
        "warnings": series(area, WARNINGS, month, values=recent),
        "breakdown": breakdown(
            area if viewer_area is None else viewer_area, list(children), indicator, month, parts
        ),
        "trend": trend(area, indicator, month, recent),
        "claims": year_totals(area, CLAIMS, list(years), values) if years else [],
        "values": recent,
    }
