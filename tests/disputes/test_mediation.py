"""Mediation: an agreement closes the case; failure only after the 15 days, then arbitration."""

from datetime import date
from decimal import Decimal

import pytest

from homeward.disputes import documents, services
from homeward.disputes.models import DocumentKind, MediationMode, MediatorKind, Stage
from homeward.disputes.services import DisputeError

from .conftest import file_case


def _mediating(commission, worker, by, on=date(2026, 4, 17)):
    dispute = file_case(commission, worker, by=by)
    services.start_mediation(
        dispute,
        mediator_kind=MediatorKind.TOWN,
        mode=MediationMode.VIDEO,
        mediator_name="陈调解",
        started_on=on,
        by=by,
    )
    return dispute


def test_an_agreement_closes_the_case_with_its_document(commission, worker, county_staff):
    dispute = _mediating(commission, worker, county_staff)
    services.record_mediation_agreement(
        dispute,
        on=date(2026, 4, 20),
        amount=Decimal("7500"),
        terms="4 月 30 日前支付 7500 元",
        by=county_staff,
    )
    assert dispute.stage == Stage.MEDIATED and dispute.amount_recovered == Decimal("7500")
    text = documents.text_of(bytes(dispute.documents.get(kind=DocumentKind.MEDIATION).content))
    assert "7,500.00 元" in text and "支付令" in text


def test_failure_before_the_fifteen_days_is_refused_unless_a_party_declines(
    commission, worker, county_staff
):
    dispute = _mediating(commission, worker, county_staff)
    # 15 days from 17 Apr land on 2 May (May Day) → 6 May
    with pytest.raises(DisputeError, match="2026 年 5 月 6 日"):
        services.record_mediation_failure(dispute, on=date(2026, 5, 5), by=county_staff)
    services.record_mediation_failure(dispute, on=date(2026, 5, 6), by=county_staff)
    assert dispute.stage == Stage.FILED
    services.apply_for_arbitration(dispute, received_on=date(2026, 5, 7), by=county_staff)
    assert dispute.stage == Stage.APPLIED


def test_a_party_declining_ends_mediation_early(commission, worker, county_staff):
    dispute = _mediating(commission, worker, county_staff)
    services.record_mediation_failure(
        dispute, on=date(2026, 4, 18), party_declined=True, by=county_staff
    )
    assert dispute.stage == Stage.FILED


def test_arbitration_cannot_be_applied_for_during_mediation(commission, worker, county_staff):
    dispute = _mediating(commission, worker, county_staff)
    with pytest.raises(DisputeError, match="调解"):
        services.apply_for_arbitration(dispute, received_on=date(2026, 4, 18), by=county_staff)
