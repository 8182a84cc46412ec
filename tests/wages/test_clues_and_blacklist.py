"""Arrears clues routed to the right county and numbered; the blacklist procedure's refusals;
a listed employer's posting cannot be published."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from homeward.jobs.services import PostingStateError, publish_posting
from homeward.outreach.models import OutboxMessage
from homeward.wages import services
from homeward.wages.models import ListingState
from homeward.wages.services import WageError
from tests.factories import make_employer, make_posting

from .helpers import make_project

pytestmark = pytest.mark.django_db


def test_a_clue_goes_to_the_projects_county_and_the_worker_gets_its_number(
    worker, django_capture_on_commit_callbacks
):
    project = make_project("321311001")  # 宿豫区, the worker lives in 宿城区
    with django_capture_on_commit_callbacks(execute=True):
        clue = services.report_unpaid(worker, project=project, amount=Decimal(6000))
    assert clue.region_id == "321311" and clue.employer == project.contractor
    assert clue.number.startswith("QX")
    texts = list(OutboxMessage._base_manager.filter(worker=worker).values_list("text", flat=True))
    assert any(clue.number in t for t in texts)


def test_a_clue_without_a_project_goes_to_the_employers_then_the_workers_county(worker):
    employer = make_employer("321311001")
    assert (
        services.report_unpaid(worker, employer=employer, amount=Decimal(1)).region_id == "321311"
    )
    assert services.report_unpaid(worker, amount=Decimal(1)).region_id == "321302"
    with pytest.raises(WageError):
        services.report_unpaid(worker, amount=Decimal(0))


def test_clue_states_followed_to_recovery(worker, county_staff):
    clue = services.report_unpaid(worker, amount=Decimal(6000))
    with pytest.raises(WageError):
        services.move_clue(clue, "paid", by=county_staff, amount_recovered=Decimal(6000))
    services.move_clue(clue, "accepted", by=county_staff)
    services.move_clue(clue, "investigating", by=county_staff)
    with pytest.raises(WageError):
        services.move_clue(clue, "ordered", by=county_staff)  # no date
    services.move_clue(
        clue, "ordered", by=county_staff, pay_by=timezone.localdate() + timedelta(days=7)
    )
    with pytest.raises(WageError):
        services.move_clue(clue, "paid", by=county_staff, amount_recovered=Decimal(100))
    services.move_clue(clue, "paid", by=county_staff, amount_recovered=Decimal(6000))
    clue = services.move_clue(clue, "closed", by=county_staff)
    assert clue.state == "closed" and clue.amount_recovered == Decimal(6000)


@pytest.fixture(autouse=True)
def spring_2026(freezer):
    """The procedure's periods are working days on the holiday calendar, which holds 2026 and
    no later year yet (a year not entered is refused, never guessed): the tests live in spring
    2026, so 20 working days and six months later are still inside it, whatever today is."""
    freezer.move_to(date(2026, 3, 2))


def _listing(employer, county_staff, **kw):
    kw.setdefault("order_expired_on", timezone.localdate() - timedelta(days=1))
    return services.propose_listing(
        employer,
        grounds="责令限期支付逾期未付",
        amount_unpaid=kw.pop("amount", Decimal(60000)),
        people=kw.pop("people", 12),
        by=county_staff,
        **kw,
    )


def test_listing_refused_before_the_order_expires_or_below_the_threshold(employer, county_staff):
    with pytest.raises(WageError):
        _listing(employer, county_staff, order_expired_on=timezone.localdate())
    with pytest.raises(WageError):
        _listing(employer, county_staff, amount=Decimal(20000), people=12)
    entry = _listing(
        employer, county_staff, amount=Decimal(20000), people=12, serious_incident=True
    )
    assert entry.objection_by > entry.notified_on


def test_the_decision_waits_for_objections_then_lists_and_blocks_postings(
    employer, county_staff, freezer
):
    entry = _listing(employer, county_staff)
    with pytest.raises(WageError):
        services.decide_listing(entry, list_it=True, by=county_staff)  # objections still open
    services.record_objection(entry, "已部分支付", by=county_staff)
    freezer.move_to(entry.objection_by + timedelta(days=1))
    with pytest.raises(WageError):
        services.record_objection(entry, "太晚", by=county_staff)
    with pytest.raises(WageError):
        services.decide_listing(entry, list_it=True, paid_with_pledge=True, by=county_staff)
    entry = services.decide_listing(entry, list_it=True, by=county_staff)
    employer.refresh_from_db()
    assert entry.state == ListingState.LISTED and employer.is_blacklisted
    assert entry.listed_until.year == entry.decided_on.year + 3
    posting = make_posting(employer)
    with pytest.raises(PostingStateError):
        publish_posting(posting, by=county_staff)


def test_early_removal_needs_six_months_a_pledge_and_no_new_arrears(
    employer, county_staff, freezer, worker
):
    entry = _listing(employer, county_staff)
    freezer.move_to(entry.objection_by + timedelta(days=1))
    entry = services.decide_listing(entry, list_it=True, by=county_staff)
    corrected = timezone.localdate()
    with pytest.raises(WageError):
        services.remove_listing(entry, corrected_on=corrected, pledge=True, by=county_staff)
    freezer.move_to(corrected + timedelta(days=200))
    with pytest.raises(WageError):
        services.remove_listing(entry, corrected_on=corrected, pledge=False, by=county_staff)
    clue = services.report_unpaid(worker, employer=employer, amount=Decimal(100))
    with pytest.raises(WageError):
        services.remove_listing(entry, corrected_on=corrected, pledge=True, by=county_staff)
    services.move_clue(clue, "closed", by=county_staff)
    entry = services.remove_listing(entry, corrected_on=corrected, pledge=True, by=county_staff)
    employer.refresh_from_db()
    assert entry.state == ListingState.REMOVED and not employer.is_blacklisted


def test_working_days_skip_the_national_day_holiday():
    assert services.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)


def test_working_days_into_a_year_with_no_calendar_are_refused_not_guessed():
    """The blacklist's periods use the disputes' one calendar: December 2026 + 20 working days
    runs into 2027, which the package does not hold — refused in Chinese until a city
    administrator enters the year, then counted on it (New Year's Day off)."""
    from homeward.disputes.models import DayKind, HolidayDay, HolidayYear

    with pytest.raises(WageError, match="2027 年的节假日安排尚未录入"):
        services.add_working_days(date(2026, 12, 28), 5)
    year = HolidayYear.objects.create(year=2027, source="国办发明电〔2026〕测试")
    HolidayDay.objects.create(year=year, day=date(2027, 1, 1), kind=DayKind.OFF)
    # 12-29, 12-30, 12-31, (1-1 off, 1-2 and 1-3 the weekend), 1-4, 1-5
    assert services.add_working_days(date(2026, 12, 28), 5) == date(2027, 1, 5)


def test_a_listing_whose_decision_period_has_no_calendar_is_refused(
    county_staff, employer, freezer
):
    freezer.move_to(date(2026, 12, 20))
    with pytest.raises(WageError, match="节假日安排尚未录入"):
        services.propose_listing(
            employer,
            grounds="拒不支付",
            amount_unpaid=Decimal(60000),
            people=12,
            order_expired_on=date(2026, 12, 15),
            by=county_staff,
        )
    from homeward.wages.models import BlacklistEntry

    assert not BlacklistEntry._base_manager.exists()
