"""The applicant withdraws the application (撤回申请) through `services.withdraw_dispute`: the
case closed with the date and reason, audited, counted among the accepted cases closed (its award
deadline met by the closure); refused without a reason, before the filing day, in mediation and
once closed — nothing written, the refusal audited. The case page's step "withdraw" runs it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from homeward.audit.models import AuditEvent, Result
from homeward.disputes import figures, services
from homeward.disputes.models import Dispute, MediationMode, MediatorKind, Stage
from homeward.disputes.services import DisputeError

from .conftest import accepted_case, file_case

ON = date(2026, 3, 20)


def test_an_accepted_case_withdrawn_is_closed_and_counted(commission, worker, county_staff):
    case = accepted_case(commission, worker, county_staff)
    services.withdraw_dispute(case, on=ON, reason=" 已收到全部工资 ", by=county_staff)
    case = Dispute.objects.get(pk=case.pk)
    assert (case.stage, case.withdrawn_on, case.closed_on) == (Stage.WITHDRAWN, ON, ON)
    assert case.withdrawal_reason == "已收到全部工资"
    event = AuditEvent.objects.get(action="disputes.dispute.withdrawn")
    assert event.detail == {"accepted": True} and event.actor_id == county_staff.pk
    # the award deadline is met by the closure; the case is closed among those accepted
    award = [d for d in figures.case_deadlines(case, today=ON) if d.label.startswith("作出裁决")]
    assert award[0].done == ON
    assert figures.matching(Dispute.objects.all(), "arb_closed", 2026, 3) == [case]


def test_a_case_not_yet_in_arbitration_may_be_withdrawn(commission, worker, county_staff):
    case = file_case(commission, worker, by=county_staff)
    services.withdraw_dispute(case, on=ON, reason="双方自行和解", by=county_staff)
    case.refresh_from_db()
    assert case.stage == Stage.WITHDRAWN
    assert figures.matching(Dispute.objects.all(), "arb_closed", 2026, 3) == []  # never accepted


@pytest.mark.parametrize(
    "change, message, field",
    [
        ({"reason": "  "}, "撤回申请的原因", "reason"),
        ({"on": date(2026, 3, 1)}, "不能早于立案日期", "on"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    commission, worker, county_staff, change, message, field
):
    case = accepted_case(commission, worker, county_staff)
    args = {"on": ON, "reason": "已收到工资", **change}
    with pytest.raises(DisputeError, match=message) as refused:
        services.withdraw_dispute(case, by=county_staff, **args)
    assert refused.value.field == field
    case = Dispute.objects.get(pk=case.pk)
    assert (case.stage, case.withdrawn_on, case.closed_on) == (Stage.ACCEPTED, None, None)
    assert AuditEvent.objects.filter(
        action="disputes.withdrawal.refused", result=Result.REFUSED
    ).exists()


def test_a_closed_case_or_one_in_mediation_cannot_be_withdrawn(commission, worker, county_staff):
    case = file_case(commission, worker, by=county_staff)
    services.start_mediation(
        case,
        mediator_kind=MediatorKind.TOWN,
        mode=MediationMode.PHONE,
        mediator_name="陈调解",
        started_on=date(2026, 3, 2),
        by=county_staff,
    )
    with pytest.raises(DisputeError, match="调解中|不能进行此操作"):
        services.withdraw_dispute(case, on=ON, reason="x", by=county_staff)
    other = accepted_case(commission, worker, county_staff)
    services.withdraw_dispute(other, on=ON, reason="已收到工资", by=county_staff)
    with pytest.raises(DisputeError, match="不能进行此操作"):
        services.withdraw_dispute(other, on=ON, reason="再次", by=county_staff)
    assert AuditEvent.objects.filter(action="disputes.dispute.withdrawn").count() == 1


def test_a_leader_may_not(commission, worker, county_staff, leader):
    case = accepted_case(commission, worker, county_staff)
    with pytest.raises(PermissionDenied):
        services.withdraw_dispute(case, on=ON, reason="x", by=leader)
    case.refresh_from_db()
    assert case.stage == Stage.ACCEPTED


def test_the_case_page_step_withdraws_and_shows_the_reason(
    client, commission, worker, county_staff
):
    case = accepted_case(commission, worker, county_staff)
    client.force_login(county_staff)
    page = client.get(reverse("disputes:detail", args=[case.pk])).content.decode()
    assert 'data-testid="step-withdraw"' in page
    client.post(
        reverse("disputes:step", args=[case.pk, "withdraw"]),
        {"withdraw-on": ON.isoformat(), "withdraw-reason": "被申请人已支付"},
    )
    case.refresh_from_db()
    assert case.stage == Stage.WITHDRAWN
    page = client.get(reverse("disputes:detail", args=[case.pk])).content.decode()
    assert "被申请人已支付" in page
    assert 'data-testid="step-withdraw"' not in page
