"""The simple procedure (规则 arts. 56–61): who qualifies, one arbitrator, the hearing set
without the 5 working days' notice, and back to the ordinary procedure."""

from datetime import date
from decimal import Decimal

import pytest

from homeward.disputes import services, simple
from homeward.disputes.models import HearingMode, Procedure
from homeward.disputes.services import DisputeError
from tests.factories import VILLAGE, make_worker

from .conftest import file_case, jiangsu_average

LIMIT = simple.Limit(year=2025, yuan=Decimal("131000.00"), source="江苏省统计公报")


def test_qualification_by_amount_agreement_and_never_collective():
    within = simple.qualifies(LIMIT.yuan, LIMIT, 2026, collective=False)
    assert within.qualifies and within.by_amount and within.limit == LIMIT
    over = LIMIT.yuan + Decimal("0.01")
    assert not simple.qualifies(over, LIMIT, 2026, collective=False).qualifies
    agreed = simple.qualifies(over, LIMIT, 2026, collective=False, parties_agree=True)
    assert agreed.qualifies and not agreed.by_amount
    collective = simple.qualifies(Decimal(1), LIMIT, 2026, collective=True, parties_agree=True)
    assert not collective.qualifies and "集体" in collective.reason
    unknown = simple.qualifies(Decimal(1), None, 2040, collective=False)
    assert not unknown.qualifies and "未录入本省 2039 年" in unknown.reason


def test_a_figure_of_another_year_is_not_taken_for_the_year_before():
    with pytest.raises(ValueError):
        simple.qualifies(Decimal(1), LIMIT, 2027, collective=False)


def _applied(commission, worker, by, **extra):
    dispute = file_case(commission, worker, by=by, filed_on=date(2026, 3, 2), **extra)
    services.apply_for_arbitration(dispute, received_on=date(2026, 3, 2), by=by)
    return dispute


def test_a_simple_case_has_a_sole_arbitrator_and_a_short_notice(
    commission, worker, county_staff, arbitrators, average_wage
):
    dispute = _applied(commission, worker, county_staff)
    services.accept_dispute(dispute, on=date(2026, 3, 3), simple_procedure=True, by=county_staff)
    assert dispute.procedure == Procedure.SIMPLE
    with pytest.raises(DisputeError, match="独任"):
        services.form_tribunal(
            dispute, arbitrators=arbitrators, on=date(2026, 3, 4), by=county_staff
        )
    services.form_tribunal(
        dispute, arbitrators=arbitrators[:1], on=date(2026, 3, 4), by=county_staff
    )
    # the next day: an ordinary case needs 5 working days' notice, a simple one does not
    services.schedule_hearing(
        dispute,
        hearing_on=date(2026, 3, 6),
        mode=HearingMode.VIDEO,
        place="https://meeting.example/1",
        notice_on=date(2026, 3, 5),
        by=county_staff,
    )
    with pytest.raises(DisputeError, match="不能早于通知日期"):
        services.schedule_hearing(
            dispute,
            hearing_on=date(2026, 3, 4),
            mode=HearingMode.VIDEO,
            place="https://meeting.example/1",
            notice_on=date(2026, 3, 5),
            by=county_staff,
        )


def test_a_case_over_the_threshold_is_refused_the_simple_procedure(
    commission, worker, county_staff, average_wage
):
    big = [services.ClaimLine("wages", Decimal("200000.00"))]
    dispute = _applied(commission, worker, county_staff, claims=big)
    with pytest.raises(DisputeError, match="不能简易处理") as refused:
        services.accept_dispute(
            dispute, on=date(2026, 3, 3), simple_procedure=True, by=county_staff
        )
    assert refused.value.field == "simple_procedure"
    services.accept_dispute(
        dispute, on=date(2026, 3, 3), simple_procedure=True, parties_agree=True, by=county_staff
    )
    assert dispute.procedure == Procedure.SIMPLE


def test_a_collective_case_never_takes_the_simple_procedure(commission, worker, county_staff):
    others = [make_worker(VILLAGE, sequence=70 + i) for i in range(9)]
    dispute = _applied(
        commission, worker, county_staff, co_workers=others, representatives=others[:3]
    )
    with pytest.raises(DisputeError, match="集体劳动争议"):
        services.accept_dispute(
            dispute,
            on=date(2026, 3, 3),
            simple_procedure=True,
            parties_agree=True,
            by=county_staff,
        )


def test_a_simple_case_turns_to_the_ordinary_procedure(
    commission, worker, county_staff, arbitrators, average_wage
):
    dispute = _applied(commission, worker, county_staff)
    services.accept_dispute(dispute, on=date(2026, 3, 3), simple_procedure=True, by=county_staff)
    with pytest.raises(DisputeError, match="原因"):
        services.to_ordinary_procedure(dispute, reason=" ", by=county_staff)
    services.to_ordinary_procedure(dispute, reason="案情复杂", by=county_staff)
    assert dispute.procedure == Procedure.ORDINARY
    with pytest.raises(DisputeError, match="未适用简易处理"):
        services.to_ordinary_procedure(dispute, reason="再次", by=county_staff)
    services.form_tribunal(dispute, arbitrators=arbitrators, on=date(2026, 3, 4), by=county_staff)
    with pytest.raises(DisputeError, match="5 个工作日前"):
        services.schedule_hearing(
            dispute,
            hearing_on=date(2026, 3, 6),
            mode=HearingMode.ROOM,
            place="第一仲裁庭",
            notice_on=date(2026, 3, 5),
            by=county_staff,
        )


def test_the_acceptance_step_shows_the_qualification_and_takes_the_simple_procedure(
    client, commission, worker, county_staff
):

    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    jiangsu_average(today.year - 1)
    dispute = file_case(commission, worker, by=county_staff, filed_on=today)
    services.apply_for_arbitration(dispute, received_on=today, by=county_staff)
    client.force_login(county_staff)
    page = client.get(reverse("disputes:detail", args=[dispute.pk])).content.decode()
    assert 'data-testid="simple-qualification"' in page
    client.post(
        reverse("disputes:step", args=[dispute.pk, "accept"]),
        {"accept-on": today.isoformat(), "accept-simple_procedure": "on"},
    )
    dispute.refresh_from_db()
    assert dispute.procedure == Procedure.SIMPLE
