"""The five monthly report tables: their columns (two-level headers, units) and the figures of
an area's month for each column.

Columns keyed by a `stats` indicator code read the summary table (`stats.models.Figure`), the
same rows the dashboard shows, so a cell equals the dashboard's number for that area and month.
Columns keyed "x.…" are figures `stats` does not count yet (training, wage payment and arrears,
disputes): they are counted here from the records of their apps, by the record's own region.
TODO(stats): move the "x." counts into stats.compute's indicator dictionary once stats covers
training, wages and disputes, and read them from Figure like the others.

Returnee ventures: the ventures app has no records yet, so the returnees' table carries the
returnee founders (stats' `returned_founders`) and says in its note that the ventures' own
figures come with that app.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import pgettext_lazy as p

from homeward.regions.codes import LENGTH, covers
from homeward.scoping import limit_to_area
from homeward.stats import suppression
from homeward.stats.compute import month_end
from homeward.stats.models import Figure
from homeward.stats.reading import suppressed_for

PEOPLE, TIMES, CASES, YUAN, ITEMS, MESSAGES = (
    p("reports", "people"),
    p("reports", "person-times"),
    p("reports", "cases"),
    p("reports", "yuan"),
    p("reports", "applications"),
    p("reports", "messages"),
)


@dataclass(frozen=True)
class Column:
    key: str  # a stats indicator code, or "x.…" counted here
    group: str  # the upper header ("" : the column's own header spans both rows)
    name: str
    unit: str
    money: bool = False
    county_level: bool = False  # recorded at the county: no town or village figure


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    columns: tuple[Column, ...]
    note: str = ""


AWAY = p("reports", "Transferred (working away)")
TRAINING = p("reports", "Vocational training")
SERVICE = p("reports", "Employment services")
TABLES = (
    Table(
        "transfer",
        p("reports", "Transfer employment of the rural labour force"),
        (
            Column("labour_force", "", p("reports", "Rural labour force"), PEOPLE),
            Column("out_migrants", AWAY, p("reports", "Total"), PEOPLE),
            Column("out_of_province", AWAY, p("reports", "Outside the province"), PEOPLE),
            Column("in_province", AWAY, p("reports", "In the province, outside the city"), PEOPLE),
            Column("in_city", AWAY, p("reports", "In the city, outside the county"), PEOPLE),
            Column("in_county", AWAY, p("reports", "In the county"), PEOPLE),
            Column("local_employed", "", p("reports", "Employed locally"), PEOPLE),
            Column("flexible", "", p("reports", "Flexible work"), PEOPLE),
            Column("unemployed", "", p("reports", "Unemployed"), PEOPLE),
            Column("low_income", "", p("reports", "Of low-income households"), PEOPLE),
        ),
        p("reports", "Stocks at the end of the month (时点数), by household village."),
    ),
    Table(
        "returnees",
        p("reports", "Returnees and returnee ventures"),
        (
            Column(
                "returnees", p("reports", "Returned in the month"), p("reports", "Total"), PEOPLE
            ),
            Column(
                "returnees_from_outside_province",
                p("reports", "Returned in the month"),
                p("reports", "From outside the province"),
                PEOPLE,
            ),
            Column(
                "returned_seeking",
                p("reports", "Returnees at the month's end"),
                p("reports", "Looking for work"),
                PEOPLE,
            ),
            Column(
                "returned_founders",
                p("reports", "Returnees at the month's end"),
                p("reports", "Running a business"),
                PEOPLE,
            ),
        ),
        p(
            "reports",
            "Returnee ventures are counted as the returnees running a business; the ventures' "
            "own figures (jobs created) join this table with the ventures register.",
        ),
    ),
    Table(
        "placements",
        p("reports", "Placements and training"),
        (
            Column("applications", SERVICE, p("reports", "Job applications"), ITEMS),
            Column("hires", SERVICE, p("reports", "Placed in jobs"), PEOPLE),
            Column("push_sent", SERVICE, p("reports", "Push messages sent"), MESSAGES),
            Column("push_applied", SERVICE, p("reports", "Applications from pushes"), ITEMS),
            Column("push_hired", SERVICE, p("reports", "Hires from pushes"), PEOPLE),
            Column("x.enrolled", TRAINING, p("reports", "Enrolled"), TIMES),
            Column("x.completed", TRAINING, p("reports", "Completed"), TIMES),
            Column("x.certified", TRAINING, p("reports", "Certificates issued"), PEOPLE),
        ),
        p("reports", "Training is counted by the course's place; services by household village."),
    ),
    Table(
        "wages",
        p("reports", "Wage payment and arrears"),
        (
            Column("x.paid_lines", p("reports", "Wages paid"), p("reports", "Payments"), TIMES),
            Column("x.paid_amount", p("reports", "Wages paid"), p("reports", "Amount"), YUAN, True),
            Column("x.warn_red", p("reports", "Arrears warnings"), p("reports", "Red"), CASES),
            Column(
                "x.warn_orange", p("reports", "Arrears warnings"), p("reports", "Orange"), CASES
            ),
            Column(
                "x.warn_yellow", p("reports", "Arrears warnings"), p("reports", "Yellow"), CASES
            ),
            Column("x.cases_opened", p("reports", "Arrears cases"), p("reports", "Opened"), CASES),
            Column("x.cases_closed", p("reports", "Arrears cases"), p("reports", "Closed"), CASES),
            Column(
                "x.recovered", p("reports", "Arrears cases"), p("reports", "Recovered"), YUAN, True
            ),
        ),
        p("reports", "Counted by the project's place; arrears cases by the inspecting county."),
    ),
    Table(
        "disputes",
        p("reports", "Labour disputes"),
        (
            Column(
                "x.filed", p("reports", "Cases filed"), p("reports", "Total"), CASES, False, True
            ),
            Column(
                "x.collective",
                p("reports", "Cases filed"),
                p("reports", "Collective"),
                CASES,
                False,
                True,
            ),
            Column(
                "x.mediated", p("reports", "Mediation"), p("reports", "Agreed"), CASES, False, True
            ),
            Column(
                "x.mediated_amount",
                p("reports", "Mediation"),
                p("reports", "Amount agreed"),
                YUAN,
                True,
                True,
            ),
            Column(
                "x.awarded",
                p("reports", "Arbitration"),
                p("reports", "Awarded"),
                CASES,
                False,
                True,
            ),
            Column(
                "x.dispute_recovered",
                p("reports", "Arbitration"),
                p("reports", "Recovered"),
                YUAN,
                True,
                True,
            ),
        ),
        p("reports", "Commissions sit at the county: towns and villages have no figure (—)."),
    ),
)
BY_CODE = {t.code: t for t in TABLES}
COLUMNS = [c for t in TABLES for c in t.columns]
STATS_KEYS = [c.key for c in COLUMNS if not c.key.startswith("x.")]
MONEY_KEYS = {c.key for c in COLUMNS if c.money}
COUNTY_KEYS = {c.key for c in COLUMNS if c.county_level}


def _extra_sources(month: dt.date):
    """(key, records of the month, their region field, what to add up: None counts rows)."""
    from homeward.disputes.models import Dispute, Mediation, MediationOutcome
    from homeward.training.models import Certificate, Enrolment
    from homeward.wages.models import PayrollEntry, WageCase, WageWarning

    days = (month, month_end(month))
    warnings = WageWarning._base_manager.filter(raised_on__range=days)
    cases_closed = WageCase._base_manager.filter(closed_on__range=days)
    agreed = Mediation._base_manager.filter(closed_on__range=days, outcome=MediationOutcome.AGREED)
    filed = Dispute._base_manager.filter(filed_on__range=days)
    return [
        ("x.enrolled", Enrolment._base_manager.filter(enrolled_on__range=days), "region_id", None),
        (
            "x.completed",
            Enrolment._base_manager.filter(completed_on__range=days, status="completed"),
            "region_id",
            None,
        ),
        ("x.certified", Certificate._base_manager.filter(issued_on__range=days), "region_id", None),
        (
            "x.paid_lines",
            PayrollEntry._base_manager.filter(paid_on__range=days),
            "project__region_id",
            None,
        ),
        (
            "x.paid_amount",
            PayrollEntry._base_manager.filter(paid_on__range=days),
            "project__region_id",
            "net_paid",
        ),
        ("x.warn_red", warnings.filter(level="red"), "project__region_id", None),
        ("x.warn_orange", warnings.filter(level="orange"), "project__region_id", None),
        ("x.warn_yellow", warnings.filter(level="yellow"), "project__region_id", None),
        (
            "x.cases_opened",
            WageCase._base_manager.filter(opened_on__range=days),
            "region_id",
            None,
        ),
        ("x.cases_closed", cases_closed, "region_id", None),
        ("x.recovered", cases_closed, "region_id", "amount_recovered"),
        ("x.filed", filed, "commission__region_id", None),
        ("x.collective", filed.filter(is_collective=True), "commission__region_id", None),
        ("x.mediated", agreed, "dispute__commission__region_id", None),
        ("x.mediated_amount", agreed, "dispute__commission__region_id", "agreed_amount"),
        (
            "x.awarded",
            Dispute._base_manager.filter(awarded_on__range=days),
            "commission__region_id",
            None,
        ),
        (
            "x.dispute_recovered",
            Dispute._base_manager.filter(closed_on__range=days),
            "commission__region_id",
            "amount_recovered",
        ),
    ]


def _common_area(codes: list[str]) -> str:
    first = min(codes, key=len)
    while first and not all(c.startswith(first) for c in codes):
        first = first[:-1]
    return first


def values(codes: list[str], month: dt.date) -> dict[str, dict[str, int | Decimal]]:
    """Every report figure of each area in `codes` for `month`: {code: {key: value}}.

    Stats figures are read from the summary table through its scoped manager (the reader's
    area, as on the dashboard); the "x." figures are counted from the records whose region lies
    in the area (a county's figure includes what is recorded at the county itself)."""
    result: dict[str, dict] = {c: {} for c in codes}
    if not codes:
        return result
    for code, key, value in Figure.objects.filter(
        region_code__in=codes, month=month, indicator__in=STATS_KEYS
    ).values_list("region_code", "indicator", "value"):
        result[code][key] = value
    area = _common_area(codes)
    for key, rows, field, total in _extra_sources(month):
        rows = limit_to_area(rows, area, field)
        if total is None:
            grouped = rows.values_list(field).annotate(n=Count("pk")).values_list(field, "n")
        else:
            grouped = rows.values_list(field).annotate(n=Sum(total)).values_list(field, "n")
        by_region = defaultdict(int)
        for region, n in grouped:
            by_region[region] += n or 0
        for code in codes:
            found = sum((n for r, n in by_region.items() if covers(code, r)), start=0)
            if found:
                result[code][key] = found
    for code in codes:
        for key in MONEY_KEYS:
            result[code][key] = Decimal(result[code].get(key, 0)).quantize(Decimal("0.01"))
        for key in STATS_KEYS + [c.key for c in COLUMNS]:
            result[code].setdefault(key, 0)
    return result


def frozen(codes: list[str], month: dt.date) -> dict:
    """`values` as JSON for a submission's frozen copy: money as text with two decimals."""
    return {
        code: {key: (str(v) if key in MONEY_KEYS else v) for key, v in row.items()}
        for code, row in values(codes, month).items()
    }


def blank() -> dict:
    return {c.key: (Decimal("0.00") if c.money else 0) for c in COLUMNS}


def thawed(copy: dict, codes: list[str] = ()) -> dict:
    """A frozen copy read back (money as Decimal); a key or an area it lacks reads as zero."""
    result = {code: blank() for code in codes}
    for code, row in copy.items():
        result.setdefault(code, blank()).update(
            {key: (Decimal(v) if key in MONEY_KEYS else v) for key, v in row.items()}
        )
    return result


NONE = "—"


def shown_rows(viewer_area: str, groups: list[tuple[str, list[str]]], data: dict) -> dict:
    """What each cell shows: {code: {key: int | Decimal | "<5" | "—"}}.

    `groups` are (total's code, the codes of its parts): where the parts' counts leave the
    area that owns them (a town read by the city, as on the dashboard's breakdown), small
    counts are suppressed with complementary suppression within each group and column, and
    money of those parts is not shown. Figures recorded at the county show "—" for towns and
    villages."""
    shown = {code: dict(row) for code, row in data.items()}
    for _total, parts in groups:
        if not parts or not suppressed_for(viewer_area, parts[0]):
            continue
        for column in COLUMNS:
            if column.money:
                for code in parts:
                    shown[code][column.key] = NONE
                continue
            hidden, _ = suppression.suppress([int(data[c][column.key]) for c in parts])
            for code, hide in zip(parts, hidden, strict=True):
                if hide:
                    shown[code][column.key] = suppression.shown(data[code][column.key], True)
    for code, row in shown.items():
        if len(code) > LENGTH["county"]:
            for key in COUNTY_KEYS:
                row[key] = NONE
    return shown
