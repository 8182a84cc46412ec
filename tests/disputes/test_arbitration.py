"""The arbitration steps and their refusals: completeness, acceptance, tribunal, hearing,
the award limit with extension, suspension and restart, the final-award split."""

from datetime import date
from decimal import Decimal

import pytest

from homeward.audit.models import AuditEvent, Result
from homeward.codes import minimum_wage
from homeward.disputes import documents, services
from homeward.disputes.models import ClaimKind, DocumentKind, HearingMode, Stage
from homeward.disputes.services import DisputeError

from .conftest import accepted_case, file_case


def test_an_incomplete_application_starts_the_clock_when_complete(commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff)
    services.apply_for_arbitration(
        dispute, received_on=date(2026, 3, 2), missing="身份证复印件；劳动关系证明", by=county_staff
    )
    assert dispute.stage == Stage.INCOMPLETE and dispute.complete_on is None
    with pytest.raises(DisputeError):
        services.accept_dispute(dispute, on=date(2026, 3, 3), by=county_staff)
    services.complete_application(dispute, on=date(2026, 3, 9), by=county_staff)
    assert dispute.complete_on == date(2026, 3, 9) and dispute.stage == Stage.APPLIED


def test_acceptance_makes_the_acceptance_and_evidence_notices(commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    kinds = set(dispute.documents.values_list("kind", flat=True))
    assert {DocumentKind.ACCEPTANCE, DocumentKind.EVIDENCE} <= kinds
    notice = dispute.documents.get(kind=DocumentKind.ACCEPTANCE)
    text = documents.text_of(bytes(notice.content))
    assert "宿城劳人仲案字〔2026〕第 1 号" in text and "2026 年 4 月 16 日" in text


def test_refusal_needs_a_reason(commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff)
    services.apply_for_arbitration(dispute, received_on=date(2026, 3, 2), by=county_staff)
    with pytest.raises(DisputeError, match="说明理由"):
        services.refuse_dispute(dispute, on=date(2026, 3, 3), reason=" ", by=county_staff)
    services.refuse_dispute(dispute, on=date(2026, 3, 3), reason="不属于劳动争议", by=county_staff)
    assert dispute.stage == Stage.REFUSED
    assert dispute.documents.filter(kind=DocumentKind.REFUSAL).exists()


def test_an_arbitrator_linked_to_a_party_is_refused(
    commission, worker, employer, county_staff, arbitrators
):
    dispute = accepted_case(commission, worker, county_staff, employer=employer)
    arbitrators[0].linked_employers.add(employer)
    with pytest.raises(DisputeError, match="李仲裁与本案当事人有利害关系，应当回避"):
        services.form_tribunal(
            dispute, arbitrators=[arbitrators[0]], on=date(2026, 3, 4), by=county_staff
        )
    assert AuditEvent.objects.filter(
        action="disputes.tribunal.refused", result=Result.REFUSED
    ).exists()
    arbitrators[1].linked_workers.add(worker)
    with pytest.raises(DisputeError, match="王仲裁"):
        services.form_tribunal(
            dispute, arbitrators=[arbitrators[1]], on=date(2026, 3, 4), by=county_staff
        )
    services.form_tribunal(
        dispute, arbitrators=[arbitrators[2]], on=date(2026, 3, 4), by=county_staff
    )
    assert dispute.tribunal.count() == 1


def test_a_tribunal_is_one_or_three(commission, worker, county_staff, arbitrators):
    dispute = accepted_case(commission, worker, county_staff)
    with pytest.raises(DisputeError, match="独任或三名"):
        services.form_tribunal(
            dispute, arbitrators=arbitrators[:2], on=date(2026, 3, 4), by=county_staff
        )
    services.form_tribunal(dispute, arbitrators=arbitrators, on=date(2026, 3, 4), by=county_staff)
    assert dispute.tribunal.filter(is_presiding=True).get().arbitrator == arbitrators[0]


def _with_tribunal(commission, worker, county_staff, arbitrators, on=date(2026, 3, 2)):
    dispute = accepted_case(commission, worker, county_staff, on=on)
    services.form_tribunal(dispute, arbitrators=[arbitrators[0]], on=on, by=county_staff)
    return dispute


def test_a_hearing_needs_five_working_days_notice(commission, worker, county_staff, arbitrators):
    dispute = _with_tribunal(commission, worker, county_staff, arbitrators)
    # noticed Thu 2 Apr 2026: Fri 3, (Qingming 4–6), Tue 7, Wed 8, Thu 9, Fri 10 → the 10th
    with pytest.raises(DisputeError, match="2026 年 4 月 10 日"):
        services.schedule_hearing(
            dispute,
            hearing_on=date(2026, 4, 9),
            mode=HearingMode.VIDEO,
            place="https://meeting.example/123",
            notice_on=date(2026, 4, 2),
            by=county_staff,
        )
    services.schedule_hearing(
        dispute,
        hearing_on=date(2026, 4, 10),
        mode=HearingMode.VIDEO,
        place="https://meeting.example/123",
        notice_on=date(2026, 4, 2),
        by=county_staff,
    )
    assert dispute.stage == Stage.HEARING
    assert dispute.documents.filter(kind=DocumentKind.HEARING).exists()


def _award_all(dispute, on, by, amount=None):
    awarded = {c.pk: amount if amount is not None else c.amount for c in dispute.claims.all()}
    return services.issue_award(dispute, on=on, awarded=awarded, by=by)


def test_an_award_after_the_limit_without_extension_is_refused(
    commission, worker, county_staff, arbitrators
):
    dispute = _with_tribunal(commission, worker, county_staff, arbitrators)
    assert services.award_limit(dispute) == date(2026, 4, 16)
    with pytest.raises(DisputeError, match="已超过裁决期限（2026 年 4 月 16 日）"):
        _award_all(dispute, date(2026, 4, 17), county_staff)
    # the chair extends once: 60 days land on 1 May → 6 May
    services.extend_award_limit(dispute, by=county_staff)
    assert services.award_limit(dispute) == date(2026, 5, 6)
    _award_all(dispute, date(2026, 4, 17), county_staff)
    assert dispute.stage == Stage.AWARDED


def test_only_the_chair_extends_and_only_once(
    commission, worker, county_staff, city_staff, arbitrators
):
    dispute = _with_tribunal(commission, worker, county_staff, arbitrators)
    with pytest.raises(DisputeError, match="主任批准"):
        services.extend_award_limit(dispute, by=city_staff)
    services.extend_award_limit(dispute, by=county_staff)
    with pytest.raises(DisputeError, match="只能延长一次"):
        services.extend_award_limit(dispute, by=county_staff)


def test_suspended_days_are_added_and_a_restart_counts_again(
    commission, worker, county_staff, arbitrators
):
    dispute = _with_tribunal(commission, worker, county_staff, arbitrators)
    services.suspend_dispute(
        dispute, on=date(2026, 3, 10), reason="等待工伤认定结论", by=county_staff
    )
    assert dispute.stage == Stage.SUSPENDED
    with pytest.raises(DisputeError):
        _award_all(dispute, date(2026, 3, 25), county_staff)
    services.resume_dispute(dispute, on=date(2026, 3, 20), by=county_staff)
    assert dispute.stage == Stage.ACCEPTED
    # 45 + 10 days: Sun 26 Apr → Mon 27 Apr
    assert services.award_limit(dispute) == date(2026, 4, 27)
    services.restart_clock(dispute, on=date(2026, 3, 25), reason="增加仲裁请求", by=county_staff)
    # from 25 Mar, the earlier suspension no longer counts: 9 May (a make-up Saturday)
    assert services.award_limit(dispute) == date(2026, 5, 9)


def test_final_items_are_judged_one_by_one_against_twelve_minimum_wages(
    commission, worker, county_staff, arbitrators
):
    on = date(2026, 3, 20)
    limit = minimum_wage.monthly(commission.region_id, on) * 12
    dispute = file_case(
        commission,
        worker,
        by=county_staff,
        claims=[
            services.ClaimLine("wages", limit),
            services.ClaimLine("compensation", limit + Decimal("0.01")),
            services.ClaimLine("social_insurance", Decimal("50000")),
            services.ClaimLine("contract", Decimal("10")),
        ],
    )
    services.apply_for_arbitration(dispute, received_on=date(2026, 3, 2), by=county_staff)
    services.accept_dispute(dispute, on=date(2026, 3, 2), by=county_staff)
    services.form_tribunal(
        dispute, arbitrators=[arbitrators[0]], on=date(2026, 3, 3), by=county_staff
    )
    made = _award_all(dispute, on, county_staff)
    finals = dict(dispute.claims.values_list("kind", "is_final"))
    assert finals == {
        "wages": True,
        "compensation": False,
        "social_insurance": True,
        "contract": False,
    }
    assert [d.kind for d in made] == [DocumentKind.AWARD_FINAL, DocumentKind.AWARD]
    final_text = documents.text_of(bytes(made[0].content))
    other_text = documents.text_of(bytes(made[1].content))
    compensation = str(ClaimKind.COMPENSATION.label)
    assert "终局裁决" in final_text and str(ClaimKind.WAGES.label) in final_text
    assert compensation not in final_text and compensation in other_text


def test_an_award_needs_a_tribunal(commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    with pytest.raises(DisputeError, match="仲裁庭尚未组成"):
        _award_all(dispute, date(2026, 3, 10), county_staff)
