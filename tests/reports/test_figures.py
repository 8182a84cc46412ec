"""The figures stats does not count yet, counted here from their records by hand-counted
fixtures: training by the course's place, disputes by the commission's county ("—" below it)."""

import datetime as dt
from decimal import Decimal

import pytest

from homeward.reports import figures
from homeward.training.models import Enrolment
from tests.factories import COUNTY, COUNTY_B, TOWN, VILLAGE, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(last_month, town_staff):
    from homeward.disputes.models import Commission, Dispute
    from homeward.disputes.services import ClaimLine, file_dispute
    from tests.training.helpers import enrolled, make_course

    day = last_month.replace(day=12)
    course = make_course(TOWN, days_ago=0)
    for n in (1, 2):
        enrolled(course, make_worker(VILLAGE, sequence=10 + n), town_staff)
    Enrolment._base_manager.update(enrolled_on=day)
    commission = Commission.objects.create(
        title="仲裁委", region_id=COUNTY, prefix="宿城劳人仲案字"
    )
    for n in (1, 2):
        file_dispute(
            commission=commission,
            worker=make_worker(VILLAGE, sequence=20 + n),
            employer_name="某公司",
            facts="欠薪",
            claims=[ClaimLine("wages", Decimal(100))],
            source="window",
        )
    Dispute._base_manager.update(filed_on=day)
    Dispute._base_manager.filter(pk=Dispute._base_manager.order_by("pk").last().pk).update(
        is_collective=True
    )
    # a case of the month before is not counted
    file_dispute(
        commission=commission,
        worker=make_worker(VILLAGE, sequence=30),
        employer_name="某公司",
        facts="欠薪",
        claims=[ClaimLine("wages", Decimal(100))],
        source="window",
    )
    Dispute._base_manager.order_by("pk").filter(
        pk=Dispute._base_manager.order_by("pk").last().pk
    ).update(filed_on=last_month - dt.timedelta(days=1))


def test_training_and_disputes_are_counted_by_hand(records, last_month):
    data = figures.values([COUNTY, TOWN, COUNTY_B], last_month)
    assert data[TOWN]["x.enrolled"] == 2 and data[COUNTY]["x.enrolled"] == 2
    assert data[COUNTY]["x.filed"] == 2 and data[COUNTY]["x.collective"] == 1
    assert data[TOWN]["x.filed"] == 0  # the commission sits at the county
    assert data[COUNTY_B]["x.enrolled"] == 0 and data[COUNTY_B]["x.filed"] == 0
    assert data[COUNTY]["x.paid_amount"] == Decimal("0.00")
    shown = figures.shown_rows(COUNTY, [(COUNTY, [TOWN])], data)
    assert shown[TOWN]["x.filed"] == "—" and shown[COUNTY]["x.filed"] == 2
    assert shown[TOWN]["x.enrolled"] == 2  # the county reads its towns exactly


def test_the_city_reads_towns_suppressed_and_without_money(people, last_month):
    data = figures.values([COUNTY, TOWN, "321302002"], last_month)
    shown = figures.shown_rows("3213", [(COUNTY, [TOWN, "321302002"])], data)
    assert shown[TOWN]["labour_force"] == 5  # 5 and 0: nothing to hide
    assert shown[TOWN]["out_of_province"] == "<5"
    assert shown[TOWN]["x.paid_amount"] == "—"
    assert shown[COUNTY]["out_of_province"] == 2
