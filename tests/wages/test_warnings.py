"""Warnings from the rules after an upload → cases for the project's county; a warning closes
only by a recorded action or by the data that clears it, naming the payment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.wages.models import Attendance, CaseState, WageCase, WageWarning, WarningState
from homeward.wages.services import (
    WageError,
    append_payments,
    record_action,
    scan_project,
    take_case,
)

from .helpers import make_entry, make_project

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 5, 2)


@pytest.fixture
def unpaid():
    project = make_project()
    entry = make_entry(project, 1)
    Attendance.objects.create(project=project, entry=entry, month=date(2026, 3, 1), days=20)
    return project, entry


def test_an_unpaid_month_opens_red_warnings_and_cases_for_the_county(unpaid):
    project, _entry = unpaid
    result = scan_project(project, as_of=AS_OF)
    assert result.raised == 2  # no_pay and headcount_gap
    rules = set(WageWarning.objects.values_list("rule", "level"))
    assert rules == {("no_pay", "red"), ("headcount_gap", "red")}
    case = WageCase.objects.get(warning__rule="no_pay")
    assert case.region_id == "321302" and case.due_on == AS_OF + timedelta(days=3)
    again = scan_project(project, as_of=AS_OF)
    assert (again.raised, again.still_open) == (0, 2)


def test_the_payment_clears_the_warning_and_is_named(unpaid):
    project, entry = unpaid
    scan_project(project, as_of=AS_OF)
    row = {
        "month": date(2026, 3, 1),
        "paid_on": date(2026, 5, 2),
        "name": entry.name,
        "days": Decimal(20),
        "net_paid": Decimal(6000),
    }
    [payment] = append_payments(project, [(entry, row)], by=None)
    result = scan_project(project, as_of=AS_OF)
    assert result.cleared == 2
    warning = WageWarning.objects.get(rule="no_pay")
    assert warning.state == WarningState.CLEARED and warning.cleared_by_payment == payment
    assert f"第{payment.pk}号发放记录" in warning.cleared_note
    assert warning.case.state == CaseState.CLOSED
    # paid after the deadline: a yellow warning now
    assert WageWarning.objects.filter(rule="paid_late", state="open", level="yellow").exists()


def test_an_order_then_closure_with_the_amount_recovered(unpaid, county_staff):
    project, _entry = unpaid
    scan_project(project, as_of=AS_OF)
    case = WageCase.objects.get(warning__rule="no_pay")
    take_case(case, by=county_staff)
    with pytest.raises(WageError):
        record_action(case, kind="order", by=county_staff)  # no date to pay by
    record_action(
        case, kind="order", pay_by=timezone.localdate() + timedelta(days=5), by=county_staff
    )
    with pytest.raises(WageError):
        record_action(case, kind="close", by=county_staff)  # no amount
    record_action(case, kind="close", amount=Decimal(6000), note="已足额支付", by=county_staff)
    case.refresh_from_db()
    assert case.state == "closed" and case.amount_recovered == Decimal(6000)
    assert case.warning.state == WarningState.CLOSED
    with pytest.raises(WageError):
        record_action(case, kind="contact", by=county_staff)
    scan_project(project, as_of=AS_OF)  # still unpaid in the data, but closed by an action
    assert not WageWarning.objects.filter(rule="no_pay", state="open").exists()


def test_a_leader_cannot_act_on_a_case(unpaid, leader):
    project, _entry = unpaid
    scan_project(project, as_of=AS_OF)
    case = WageCase.objects.first()
    with pytest.raises(PermissionDenied):
        record_action(case, kind="contact", by=leader)
