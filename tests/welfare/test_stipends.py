"""Monthly attendance (one row per appointment and month; a bad row refuses the whole grid,
naming the row) and the month's stipends as one payment batch of the subsidies engine: pro rata,
once — a second run pays nothing."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from homeward.subsidies.models import Entitlement, Payment, PaymentBatch
from homeward.welfare import services
from homeward.welfare.models import Attendance, StipendLine
from homeward.welfare.services import AttendanceRow, WelfareError

from .conftest import appointed

MARCH = datetime.date(2026, 3, 1)
APRIL = datetime.date(2026, 4, 1)
MAY_DAY = datetime.date(2026, 5, 6)


@pytest.fixture
def two(post, appointment, older_woman, village_staff, town_staff, county_staff):
    return [
        appointment,
        appointed(post, older_woman, village_staff, town_staff, county_staff),
    ]


def test_one_attendance_row_a_month(appointment):
    Attendance(appointment=appointment, region_id=appointment.region_id, month=APRIL,
               days_worked=20, days_required=22).save()  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance(appointment=appointment, region_id=appointment.region_id, month=APRIL,
                   days_worked=21, days_required=22).save()  # fmt: skip


def test_the_grid_saves_all_rows_or_none_and_names_the_bad_one(two, village_staff):
    rows = [AttendanceRow(two[0], 20, 22), AttendanceRow(two[1], 25, 22)]
    with pytest.raises(WelfareError, match="第 2 行（王秀英）：出勤天数"):
        services.record_attendance(APRIL, rows, by=village_staff, today=MAY_DAY)
    assert not Attendance.objects.exists()
    rows[1] = AttendanceRow(two[1], 11, 22)
    assert services.record_attendance(APRIL, rows, by=village_staff, today=MAY_DAY) == 2
    rows[1] = AttendanceRow(two[1], 12, 22)  # corrected: the month's row replaced, not doubled
    services.record_attendance(APRIL, rows, by=village_staff, today=MAY_DAY)
    assert Attendance.objects.filter(month=APRIL).count() == 2
    assert Attendance.objects.get(appointment=two[1]).days_worked == 12


def test_refused_for_a_future_month_or_a_month_off_the_post(appointment, village_staff):
    with pytest.raises(WelfareError, match="未来月份"):
        services.record_attendance(
            datetime.date(2026, 6, 1), [AttendanceRow(appointment, 1, 2)], by=village_staff,
            today=MAY_DAY,
        )  # fmt: skip
    with pytest.raises(WelfareError, match="不在聘用期内"):
        services.record_attendance(
            datetime.date(2026, 1, 1), [AttendanceRow(appointment, 1, 2)], by=village_staff,
            today=MAY_DAY,
        )  # fmt: skip


def test_the_months_stipends_are_one_batch_paid_once(two, village_staff, county_staff, city_staff):
    rows = [AttendanceRow(two[0], 22, 22), AttendanceRow(two[1], 11, 22)]
    services.record_attendance(APRIL, rows, by=village_staff, today=MAY_DAY)
    with pytest.raises(WelfareError, match="县（区）办理"):
        services.pay_month("321302", APRIL, by=city_staff, today=MAY_DAY)
    batch, made = services.pay_month("321302", APRIL, by=county_staff, today=MAY_DAY)
    assert made == 2
    amounts = sorted(StipendLine.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("750.00"), Decimal("1500.00")]
    payments = Payment.objects.filter(batch=batch)
    assert sorted(payments.values_list("amount", flat=True)) == amounts
    assert set(Entitlement.objects.values_list("status", flat=True)) == {"paying"}
    with pytest.raises(WelfareError, match="没有待发放的津贴"):
        services.pay_month("321302", APRIL, by=county_staff, today=MAY_DAY)
    assert PaymentBatch.objects.count() == 1 and Payment.objects.count() == 2
    with pytest.raises(WelfareError, match="考勤不能再改"):
        services.record_attendance(APRIL, rows, by=village_staff, today=MAY_DAY)


def test_the_database_holds_one_stipend_a_month(appointment, county_staff, village_staff):
    services.record_attendance(
        APRIL, [AttendanceRow(appointment, 22, 22)], by=village_staff, today=MAY_DAY
    )
    services.pay_month("321302", APRIL, by=county_staff, today=MAY_DAY)
    line = StipendLine.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        StipendLine(appointment=appointment, region_id=line.region_id, month=APRIL,
                    amount=line.amount, entitlement=line.entitlement).save()  # fmt: skip


def test_the_current_month_and_an_outsider_are_refused(appointment, outsider, county_staff):
    with pytest.raises(WelfareError, match="已结束月份"):
        services.pay_month("321302", datetime.date(2026, 5, 1), by=county_staff, today=MAY_DAY)
    with pytest.raises(WelfareError, match="不在您的辖区"):
        services.pay_month("321302", APRIL, by=outsider, today=MAY_DAY)
    assert MARCH < APRIL
