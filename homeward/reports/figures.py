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

from django.utils.translation import pgettext_lazy

from homeward.regions.codes import LENGTH
from homeward.stats import suppression
from homeward.stats.indicators import BY_CODE as BY_INDICATOR
from homeward.stats.models import Figure
from homeward.stats.reading import suppressed_for

PEOPLE, TIMES, CASES, YUAN, ITEMS, MESSAGES, CERTIFICATES = (
    pgettext_lazy("reports", "people"),
    pgettext_lazy("reports", "person-times"),
    pgettext_lazy("reports", "cases"),
    pgettext_lazy("reports", "yuan"),
    pgettext_lazy("reports", "applications"),
    pgettext_lazy("reports", "messages"),
    pgettext_lazy("reports", "certificates"),
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


AWAY = pgettext_lazy("reports", "Transferred (working away)")
TRAINING = pgettext_lazy("reports", "Vocational training")
SERVICE = pgettext_lazy("reports", "Employment services")
TABLES = (
    Table(
        "transfer",
        pgettext_lazy("reports", "Transfer employment of the rural labour force"),
        (
            Column("labour_force", "", pgettext_lazy("reports", "Rural labour force"), PEOPLE),
            Column("out_migrants", AWAY, pgettext_lazy("reports", "Total"), PEOPLE),
            Column(
                "out_of_province", AWAY, pgettext_lazy("reports", "Outside the province"), PEOPLE
            ),
            Column(
                "in_province",
                AWAY,
                pgettext_lazy("reports", "In the province, outside the city"),
                PEOPLE,
            ),
            Column(
                "in_city", AWAY, pgettext_lazy("reports", "In the city, outside the county"), PEOPLE
            ),
            Column("in_county", AWAY, pgettext_lazy("reports", "In the county"), PEOPLE),
            Column("local_employed", "", pgettext_lazy("reports", "Employed locally"), PEOPLE),
            Column("flexible", "", pgettext_lazy("reports", "Flexible work"), PEOPLE),
            Column("unemployed", "", pgettext_lazy("reports", "Unemployed"), PEOPLE),
            Column("low_income", "", pgettext_lazy("reports", "Of low-income households"), PEOPLE),
        ),
        pgettext_lazy("reports", "Stocks at the end of the month (时点数), by household village."),
    ),
    Table(
        "returnees",
        pgettext_lazy("reports", "Returnees and returnee ventures"),
        (
            Column(
                "returnees",
                pgettext_lazy("reports", "Returned in the month"),
                pgettext_lazy("reports", "Total"),
                PEOPLE,
            ),
            Column(
                "returnees_from_outside_province",
                pgettext_lazy("reports", "Returned in the month"),
                pgettext_lazy("reports", "From outside the province"),
                PEOPLE,
            ),
            Column(
                "returned_seeking",
                pgettext_lazy("reports", "Returnees at the month's end"),
                pgettext_lazy("reports", "Looking for work"),
                PEOPLE,
            ),
            Column(
                "returned_founders",
                pgettext_lazy("reports", "Returnees at the month's end"),
                pgettext_lazy("reports", "Running a business"),
                PEOPLE,
            ),
        ),
        pgettext_lazy(
            "reports",
            "Returnee ventures are counted as the returnees running a business; the ventures' "
            "own figures (jobs created) join this table with the ventures register.",
        ),
    ),
    Table(
        "placements",
        pgettext_lazy("reports", "Placements and training"),
        (
            Column("applications", SERVICE, pgettext_lazy("reports", "Job applications"), ITEMS),
            Column("hires", SERVICE, pgettext_lazy("reports", "Placed in jobs"), PEOPLE),
            Column("push_sent", SERVICE, pgettext_lazy("reports", "Push messages sent"), MESSAGES),
            Column(
                "push_applied", SERVICE, pgettext_lazy("reports", "Applications from pushes"), ITEMS
            ),
            Column("push_hired", SERVICE, pgettext_lazy("reports", "Hires from pushes"), PEOPLE),
            Column("trainees", TRAINING, pgettext_lazy("reports", "Enrolled"), TIMES),
            Column("trainees_completed", TRAINING, pgettext_lazy("reports", "Completed"), TIMES),
            Column(
                "certificates",
                TRAINING,
                pgettext_lazy("reports", "Certificates issued"),
                CERTIFICATES,
            ),
        ),
        pgettext_lazy(
            "reports",
            "Enrolments and completions are counted by the course's place, certificates by the "
            "holder's household village; services by household village.",
        ),
    ),
    Table(
        "wages",
        pgettext_lazy("reports", "Wage payment and arrears"),
        (
            Column(
                "payroll_lines",
                pgettext_lazy("reports", "Wages paid"),
                pgettext_lazy("reports", "Payments"),
                TIMES,
            ),
            Column(
                "payroll_paid",
                pgettext_lazy("reports", "Wages paid"),
                pgettext_lazy("reports", "Amount"),
                YUAN,
                True,
            ),
            Column(
                "wage_warnings_red",
                pgettext_lazy("reports", "Arrears warnings"),
                pgettext_lazy("reports", "Red"),
                CASES,
            ),
            Column(
                "wage_warnings_orange",
                pgettext_lazy("reports", "Arrears warnings"),
                pgettext_lazy("reports", "Orange"),
                CASES,
            ),
            Column(
                "wage_warnings_yellow",
                pgettext_lazy("reports", "Arrears warnings"),
                pgettext_lazy("reports", "Yellow"),
                CASES,
            ),
            Column(
                "wage_cases_opened",
                pgettext_lazy("reports", "Arrears cases"),
                pgettext_lazy("reports", "Opened"),
                CASES,
            ),
            Column(
                "wage_cases_closed",
                pgettext_lazy("reports", "Arrears cases"),
                pgettext_lazy("reports", "Closed"),
                CASES,
            ),
            Column(
                "wage_cases_recovered",
                pgettext_lazy("reports", "Arrears cases"),
                pgettext_lazy("reports", "Recovered"),
                YUAN,
                True,
            ),
        ),
        pgettext_lazy(
            "reports",
            "Payments and warnings are counted by the project's place; arrears cases by the "
            "inspecting county.",
        ),
    ),
    Table(
        "disputes",
        pgettext_lazy("reports", "Labour disputes"),
        (
            Column(
                "disputes_filed",
                pgettext_lazy("reports", "Cases filed"),
                pgettext_lazy("reports", "Total"),
                CASES,
                False,
                True,
            ),
            Column(
                "disputes_collective",
                pgettext_lazy("reports", "Cases filed"),
                pgettext_lazy("reports", "Collective"),
                CASES,
                False,
                True,
            ),
            Column(
                "mediations_agreed",
                pgettext_lazy("reports", "Mediation"),
                pgettext_lazy("reports", "Agreed"),
                CASES,
                False,
                True,
            ),
            Column(
                "mediations_agreed_amount",
                pgettext_lazy("reports", "Mediation"),
                pgettext_lazy("reports", "Amount agreed"),
                YUAN,
                True,
                True,
            ),
            Column(
                "arbitration_awarded",
                pgettext_lazy("reports", "Arbitration"),
                pgettext_lazy("reports", "Awarded"),
                CASES,
                False,
                True,
            ),
            Column(
                "arbitration_recovered",
                pgettext_lazy("reports", "Arbitration"),
                pgettext_lazy("reports", "Amount awarded"),
                YUAN,
                True,
                True,
            ),
        ),
        pgettext_lazy(
            "reports", "Commissions sit at the county: towns and villages have no figure (—)."
        ),
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
