"""Every report column is a stats indicator: for each table, records are built, the statistics
refreshed, and each cell of the county and the town equals the summary table's row (the
dashboard's number: money from fen to yuan with two decimals) and the records behind it (their
count, or the sum of the field the figure adds up). Commissions sit at the county: towns show
"—". The city reads towns suppressed and without money."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from homeward.reports import figures
from homeward.stats import events
from homeward.stats import services as stats
from homeward.stats.compute import records_behind
from homeward.stats.indicators import BY_CODE as INDICATORS
from homeward.stats.models import Figure
from homeward.training.models import Certificate, Enrolment
from homeward.wages.models import WageCase, WageWarning
from tests.factories import COUNTY, COUNTY_B, TOWN, VILLAGE, make_worker

pytestmark = pytest.mark.django_db


def test_every_column_is_a_stats_indicator():
    for column in figures.COLUMNS:
        assert column.key in INDICATORS, column.key
        assert column.money == INDICATORS[column.key].money, column.key


def _behind(code: str, month: dt.date, area: str):
    """The figure recounted from the records `stats` opens behind it."""
    rows, _worker = records_behind(code, month, area)
    count = events.BY_CODE.get(code)
    if count is not None and count.total:
        total = rows.aggregate(n=Sum(count.total))["n"] or 0
        return Decimal(total).quantize(figures.CENT) if count.money else total
    if count is not None and count.distinct:
        return rows.values(count.distinct).distinct().count()
    return rows.count()


def same_as_stats(table: str, month: dt.date, areas=(COUNTY, TOWN)) -> dict:
    """The table's cells of `areas` after a refresh, each checked against its Figure row and
    the records behind it. Returns the cells."""
    stats.refresh()
    data = figures.values(list(areas), month)
    for area in areas:
        stored = dict(
            Figure.objects.filter(region_code=area, month=month).values_list("indicator", "value")
        )
        for column in figures.BY_CODE[table].columns:
            cell = data[area][column.key]
            value = stored.get(column.key, 0)
            if column.money:
                assert cell == Decimal(value) / 100, (area, column.key)
                assert str(cell) == f"{Decimal(value) / 100:.2f}"
            else:
                assert cell == value, (area, column.key)
            assert _behind(column.key, month, area) == cell, (area, column.key)
    return data


def test_the_transfer_and_returnee_tables(people, last_month):
    data = same_as_stats("transfer", last_month)
    assert data[TOWN]["labour_force"] == 5 and data[TOWN]["out_of_province"] == 2
    data = same_as_stats("returnees", last_month)
    assert data[TOWN]["returnees_from_outside_province"] == 1


def test_the_training_columns(people, last_month, town_staff):
    from tests.training.helpers import enrolled, make_course

    day = last_month.replace(day=12)
    course = make_course(TOWN, days_ago=0)
    first = [enrolled(course, make_worker(VILLAGE, sequence=10 + n), town_staff) for n in (1, 2)][0]
    Enrolment._base_manager.update(enrolled_on=day)
    Enrolment._base_manager.filter(pk=first.pk).update(status="completed", completed_on=day)
    Certificate._base_manager.create(
        enrolment=first,
        worker_id=first.worker_id,
        region_id=first.worker.region_id,  # the holder's household village
        kind=Certificate.Kind.SKILL_LEVEL,
        number="ZS-1",
        occupation="welder",
        level="5",
        issued_on=day,
    )
    data = same_as_stats("placements", last_month, (COUNTY, TOWN, VILLAGE))
    assert data[TOWN]["trainees"] == 2 and data[TOWN]["trainees_completed"] == 1
    assert data[VILLAGE]["certificates"] == 1 and data[VILLAGE]["trainees"] == 0
    assert data[COUNTY]["certificates"] == 1


def test_the_wages_table(people, last_month, county_staff):
    from homeward.wages.services import import_sheet
    from tests.wages.helpers import PAYROLL_HEAD, csv_bytes, make_entry, make_project, person_id

    day = last_month.replace(day=10)
    project = make_project(TOWN)
    for n in (1, 2):
        make_entry(project, n, name=f"工人{n}")
    period = f"{last_month:%Y-%m}"
    sheet = csv_bytes(
        PAYROLL_HEAD,
        f"{person_id(1)},工人1,{period},{day},20,6000,6000.00,NY001,是",
        f"{person_id(2)},工人2,{period},{day},20,5000,4500.50,NY002,是",
    )
    import_sheet(project, "payroll", sheet, "工资表.csv", by=county_staff)
    warnings = [
        WageWarning.objects.create(
            project=project,
            rule="no_pay",
            key=f"{level}-{n}",
            level=level,
            message="未按月发放工资",
            raised_on=day,
        )
        for n, level in enumerate(("red", "red", "orange", "yellow"))
    ]
    for n, warning in enumerate(warnings[:2]):
        WageCase.objects.create(
            warning=warning,
            region_id=COUNTY,
            due_on=day,
            opened_on=day,
            state="closed" if n == 0 else "open",
            closed_on=day if n == 0 else None,
            amount_recovered=Decimal("1234.56") if n == 0 else None,
        )
    data = same_as_stats("wages", last_month)
    county = data[COUNTY]
    assert county["payroll_lines"] == 2 and county["payroll_paid"] == Decimal("10500.50")
    assert county["wage_warnings_red"] == 2 and county["wage_warnings_yellow"] == 1
    assert county["wage_cases_opened"] == 2 and county["wage_cases_closed"] == 1
    assert county["wage_cases_recovered"] == Decimal("1234.56")
    assert data[TOWN]["payroll_paid"] == Decimal("10500.50")  # the project's place
    assert data[TOWN]["wage_cases_opened"] == 0  # cases sit at the inspecting county


def test_the_disputes_table_at_the_county_only(people, last_month, county_staff):
    from homeward.disputes.models import Dispute, Mediation, MediationOutcome
    from tests.disputes.conftest import file_case, make_commission

    day = last_month.replace(day=12)
    commission = make_commission()
    cases = [
        file_case(commission, make_worker(VILLAGE, sequence=20 + n), by=county_staff, filed_on=day)
        for n in (1, 2, 3)
    ]
    # filed the month before: not counted
    file_case(
        commission,
        make_worker(VILLAGE, sequence=30),
        by=county_staff,
        filed_on=last_month - dt.timedelta(days=1),
    )
    Dispute._base_manager.filter(pk=cases[0].pk).update(is_collective=True)
    Mediation._base_manager.create(
        dispute=cases[1],
        started_on=day,
        outcome=MediationOutcome.AGREED,
        closed_on=day,
        agreed_amount=Decimal("3000.00"),
    )
    Dispute._base_manager.filter(pk=cases[2].pk).update(
        awarded_on=day, closed_on=day, stage="awarded", amount_recovered=Decimal("7999.99")
    )
    data = same_as_stats("disputes", last_month, (COUNTY, TOWN, COUNTY_B))
    county = data[COUNTY]
    assert county["disputes_filed"] == 3 and county["disputes_collective"] == 1
    assert county["mediations_agreed"] == 1
    assert county["mediations_agreed_amount"] == Decimal("3000.00")
    assert county["arbitration_awarded"] == 1
    assert county["arbitration_recovered"] == Decimal("7999.99")
    assert data[TOWN]["disputes_filed"] == 0 and data[COUNTY_B]["disputes_filed"] == 0
    shown = figures.shown_rows(COUNTY, [(COUNTY, [TOWN])], data)
    assert shown[TOWN]["disputes_filed"] == "—" and shown[COUNTY]["disputes_filed"] == 3
    assert shown[TOWN]["mediations_agreed_amount"] == "—"


def test_the_city_reads_towns_suppressed_and_without_money(people, last_month):
    data = figures.values([COUNTY, TOWN, "321302002"], last_month)
    shown = figures.shown_rows("3213", [(COUNTY, [TOWN, "321302002"])], data)
    assert shown[TOWN]["labour_force"] == 5  # 5 and 0: nothing to hide
    assert shown[TOWN]["out_of_province"] == "<5"
    assert shown[TOWN]["payroll_paid"] == "—"
    assert shown[COUNTY]["out_of_province"] == 2
    assert data[COUNTY]["payroll_paid"] == Decimal("0.00")
