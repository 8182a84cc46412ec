"""The five monthly report tables: their columns (two-level headers, units) and the figures of
an area's month for each column.

Every column is a `stats` indicator (stats.indicators, one definition each: figures come from
events) read from the summary table (`stats.models.Figure`), the same rows the dashboard shows,
so a cell equals the dashboard's number for that area and month and opens the records behind it.

Returnee ventures: the ventures app has no records yet, so the returnees' table carries the
returnee founders (stats' `returned_founders`) and says in its note that the ventures' own
figures come with that app.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import pgettext_lazy as p

from homeward.regions.codes import LENGTH
from homeward.stats import suppression
from homeward.stats.indicators import BY_CODE as BY_INDICATOR
from homeward.stats.models import Figure
from homeward.stats.reading import suppressed_for

PEOPLE, TIMES, CASES, YUAN, ITEMS, MESSAGES, CERTIFICATES = (
    p("reports", "people"),
    p("reports", "person-times"),
    p("reports", "cases"),
    p("reports", "yuan"),
    p("reports", "applications"),
    p("reports", "messages"),
    p("reports", "certificates"),
)


@dataclass(frozen=True)
class Column:
    key: str  # a stats indicator code (stats.indicators)
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
            Column("trainees", TRAINING, p("reports", "Enrolled"), TIMES),
            Column("trainees_completed", TRAINING, p("reports", "Completed"), TIMES),
            Column("certificates", TRAINING, p("reports", "Certificates issued"), CERTIFICATES),
        ),
        p(
            "reports",
            "Enrolments and completions are counted by the course's place, certificates by the "
            "holder's household village; services by household village.",
        ),
    ),
    Table(
        "wages",
        p("reports", "Wage payment and arrears"),
        (
            Column("payroll_lines", p("reports", "Wages paid"), p("reports", "Payments"), TIMES),
            Column("payroll_paid", p("reports", "Wages paid"), p("reports", "Amount"), YUAN, True),
            Column(
                "wage_warnings_red", p("reports", "Arrears warnings"), p("reports", "Red"), CASES
            ),
            Column(
                "wage_warnings_orange",
                p("reports", "Arrears warnings"),
                p("reports", "Orange"),
                CASES,
            ),
            Column(
                "wage_warnings_yellow",
                p("reports", "Arrears warnings"),
                p("reports", "Yellow"),
                CASES,
            ),
            Column(
                "wage_cases_opened", p("reports", "Arrears cases"), p("reports", "Opened"), CASES
            ),
            Column(
                "wage_cases_closed", p("reports", "Arrears cases"), p("reports", "Closed"), CASES
            ),
            Column(
                "wage_cases_recovered",
                p("reports", "Arrears cases"),
                p("reports", "Recovered"),
                YUAN,
                True,
            ),
        ),
        p(
            "reports",
            "Payments and warnings are counted by the project's place; arrears cases by the "
            "inspecting county.",
        ),
    ),
    Table(
        "disputes",
        p("reports", "Labour disputes"),
        (
            Column(
                "disputes_filed",
                p("reports", "Cases filed"),
                p("reports", "Total"),
                CASES,
                False,
                True,
            ),
            Column(
                "disputes_collective",
                p("reports", "Cases filed"),
                p("reports", "Collective"),
                CASES,
                False,
                True,
            ),
            Column(
                "mediations_agreed",
                p("reports", "Mediation"),
                p("reports", "Agreed"),
                CASES,
                False,
                True,
            ),
            Column(
                "mediations_agreed_amount",
                p("reports", "Mediation"),
                p("reports", "Amount agreed"),
                YUAN,
                True,
                True,
            ),
            Column(
                "arbitration_awarded",
                p("reports", "Arbitration"),
                p("reports", "Awarded"),
                CASES,
                False,
                True,
            ),
            Column(
                "arbitration_recovered",
                p("reports", "Arbitration"),
                p("reports", "Amount awarded"),
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
KEYS = [c.key for c in COLUMNS]
MONEY_KEYS = {c.key for c in COLUMNS if c.money}
CENT = Decimal("0.01")
COUNTY_KEYS = {c.key for c in COLUMNS if c.county_level}


def values(codes: list[str], month: dt.date) -> dict[str, dict[str, int | Decimal]]:
    """Every report figure of each area in `codes` for `month`: {code: {key: value}}, read
    from the summary table through its scoped manager (the reader's area, as on the
    dashboard). Money is stored in fen and read as yuan with two decimals; a figure the table
    does not hold is zero."""
    result: dict[str, dict] = {c: {} for c in codes}
    if not codes:
        return result
    for code, key, value in Figure.objects.filter(
        region_code__in=codes, month=month, indicator__in=KEYS
    ).values_list("region_code", "indicator", "value"):
        result[code][key] = value
    for code in codes:
        for key in KEYS:
            value = result[code].get(key, 0)
            if key in MONEY_KEYS:
                value = (Decimal(value) / BY_INDICATOR[key].scale).quantize(CENT)
            result[code][key] = value
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
