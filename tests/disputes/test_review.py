"""Review of a mediation agreement (规则 arts. 74–76): an agreement of an enterprise or town
mediation organisation, applied for within 15 days, reviewed within 5 working days (5 more with
the chair), confirmed into the commission's 调解书 or refused with the reason."""

from datetime import date
from decimal import Decimal

import pytest

from homeward.audit.models import AuditEvent, Result
from homeward.disputes import documents, services
from homeward.disputes.models import (
    DocumentKind,
    MediationMode,
    MediatorKind,
    ReviewOutcome,
)
from homeward.disputes.services import DisputeError
from tests.factories import make_staff

from .conftest import file_case


def _agreed(commission, worker, by, *, kind=MediatorKind.ENTERPRISE, on=date(2026, 4, 20)):
    dispute = file_case(commission, worker, by=by)
    services.start_mediation(
        dispute,
        mediator_kind=kind,
        mode=MediationMode.IN_PERSON,
        mediator_name="企业调解委员会",
        started_on=date(2026, 4, 17),
        by=by,
    )
    services.record_mediation_agreement(
        dispute, on=on, amount=Decimal("6000"), terms="4 月 30 日前支付 6000 元", by=by
    )
    return dispute


def test_a_confirmed_agreement_becomes_the_commissions_statement(
    commission, worker, county_staff, arbitrators
):
    dispute = _agreed(commission, worker, county_staff)
    review = services.apply_for_review(dispute, on=date(2026, 4, 24), by=county_staff)
    # accepted Friday 24 April: 27–30 April are four working days, 1–5 May the May Day
    # holiday, so the fifth working day is Wednesday 6 May
    assert services.review_ends(review) == date(2026, 5, 6)
    document = services.decide_review(
        dispute, on=date(2026, 5, 6), confirmed=True, reviewer=arbitrators[0], by=county_staff
    )
    review.refresh_from_db()
    assert review.outcome == ReviewOutcome.CONFIRMED and document.kind == DocumentKind.REVIEW
    text = documents.text_of(bytes(document.content))
    assert dispute.case_number in text and "6,000.00 元" in text and "予以确认" in text
    content, _type, _name = services.document_file(document, as_pdf=True)
    assert content.startswith(b"%PDF-")
    with pytest.raises(DisputeError, match="已申请仲裁审查"):
        services.apply_for_review(dispute, on=date(2026, 5, 6), by=county_staff)


def test_only_an_organisations_agreement_within_15_days_is_reviewed(
    commission, worker, county_staff
):
    own = _agreed(commission, worker, county_staff, kind=MediatorKind.COMMISSION)
    with pytest.raises(DisputeError, match="企业或乡镇"):
        services.apply_for_review(own, on=date(2026, 4, 21), by=county_staff)
    late = _agreed(commission, worker, county_staff)
    # 15 days from 20 April end on 5 May, a holiday: the period runs to 6 May, the 7th is late
    services.apply_for_review(late, on=date(2026, 5, 6), by=county_staff).delete()
    with pytest.raises(DisputeError, match="15 日内"):
        services.apply_for_review(late, on=date(2026, 5, 7), by=county_staff)
    assert (
        AuditEvent.objects.filter(action="disputes.review.refused", result=Result.REFUSED).count()
        == 2
    )


def test_a_review_after_the_period_needs_the_chairs_extension(commission, worker, county_staff):
    dispute = _agreed(commission, worker, county_staff)
    services.apply_for_review(dispute, on=date(2026, 4, 24), by=county_staff)
    with pytest.raises(DisputeError, match="超过审查期限"):
        services.decide_review(dispute, on=date(2026, 5, 8), confirmed=True, by=county_staff)
    clerk = make_staff(commission.region_id, username="review-clerk")
    with pytest.raises(DisputeError, match="主任批准"):
        services.extend_review(dispute, by=clerk)
    services.extend_review(dispute, by=county_staff)  # the chair
    with pytest.raises(DisputeError, match="只能延长一次"):
        services.extend_review(dispute, by=county_staff)
    with pytest.raises(DisputeError, match="说明理由"):
        services.decide_review(dispute, on=date(2026, 5, 8), confirmed=False, by=county_staff)
    document = services.decide_review(
        dispute,
        on=date(2026, 5, 8),
        confirmed=False,
        reason="协议内容违反法律规定",
        by=county_staff,
    )
    assert document.kind == DocumentKind.REVIEW_REFUSAL
    assert "协议内容违反法律规定" in documents.text_of(bytes(document.content))


def test_a_reviewer_linked_to_a_party_is_refused(commission, worker, county_staff, arbitrators):
    dispute = _agreed(commission, worker, county_staff)
    services.apply_for_review(dispute, on=date(2026, 4, 24), by=county_staff)
    arbitrators[1].linked_workers.add(worker)
    with pytest.raises(DisputeError, match="利害关系"):
        services.decide_review(
            dispute,
            on=date(2026, 4, 27),
            confirmed=True,
            reviewer=arbitrators[1],
            by=county_staff,
        )


def test_the_review_runs_from_the_case_page(client, commission, worker, county_staff):
    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    dispute = _agreed(commission, worker, county_staff, on=today)
    client.force_login(county_staff)
    page = client.get(reverse("disputes:detail", args=[dispute.pk])).content.decode()
    assert 'data-testid="step-review"' in page and 'data-testid="step-review_decide"' not in page
    client.post(
        reverse("disputes:step", args=[dispute.pk, "review"]), {"review-on": today.isoformat()}
    )
    page = client.get(reverse("disputes:detail", args=[dispute.pk])).content.decode()
    assert 'data-testid="step-review_decide"' in page and 'data-testid="reviews"' in page
    client.post(
        reverse("disputes:step", args=[dispute.pk, "review_decide"]),
        {"review_decide-on": today.isoformat(), "review_decide-confirmed": "1"},
    )
    assert dispute.documents.filter(kind=DocumentKind.REVIEW).exists()
