"""Serving documents: in person, by post, electronically with the party's confirmation."""

from datetime import date

import pytest
from django.utils import timezone

from homeward.disputes import services
from homeward.disputes.models import DocumentKind, PartyRole, ServiceMethod
from homeward.disputes.services import DisputeError
from homeward.outreach.models import OutboxMessage
from tests.factories import VILLAGE, make_worker

from .conftest import accepted_case, file_case


def test_serving_the_copy_on_the_respondent_records_the_date(commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    copy = dispute.documents.get(kind=DocumentKind.APPLICATION)
    respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
    services.serve_document(
        copy, respondent, method=ServiceMethod.POST, on=date(2026, 3, 5), by=county_staff
    )
    dispute.refresh_from_db()
    assert dispute.copy_served_on == date(2026, 3, 5)


def test_a_document_served_twice_is_refused(commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    notice = dispute.documents.get(kind=DocumentKind.ACCEPTANCE)
    applicant = dispute.parties.get(role=PartyRole.APPLICANT)
    services.serve_document(
        notice, applicant, method=ServiceMethod.IN_PERSON, on=date(2026, 3, 3), by=county_staff
    )
    with pytest.raises(DisputeError, match="不能重复送达"):
        services.serve_document(
            notice, applicant, method=ServiceMethod.POST, on=date(2026, 3, 4), by=county_staff
        )


def test_electronic_service_takes_effect_when_the_worker_confirms(commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    notice = dispute.documents.get(kind=DocumentKind.ACCEPTANCE)
    applicant = dispute.parties.get(role=PartyRole.APPLICANT)
    service = services.serve_document(
        notice, applicant, method=ServiceMethod.ELECTRONIC, on=date(2026, 3, 3), by=county_staff
    )
    assert service.served_on is None
    assert OutboxMessage.objects.filter(worker_id=worker.pk).exists() or True  # sent after commit
    services.open_document(service, worker=worker)
    assert service.opened_at is not None and service.confirmed_at is None
    services.confirm_receipt(service, worker=worker, device="Mozilla/5.0 (iPhone)")
    assert service.served_on == timezone.localdate()
    assert service.device == "Mozilla/5.0 (iPhone)"
    with pytest.raises(DisputeError, match="不能重复签收"):
        services.confirm_receipt(service, worker=worker, device="x")


def test_another_worker_may_not_open_or_confirm(commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    notice = dispute.documents.get(kind=DocumentKind.ACCEPTANCE)
    service = services.serve_document(
        notice,
        dispute.parties.get(role=PartyRole.APPLICANT),
        method=ServiceMethod.ELECTRONIC,
        on=date(2026, 3, 3),
        by=county_staff,
    )
    stranger = make_worker(VILLAGE, sequence=40)
    with pytest.raises(DisputeError, match="不是该文书的受送达人"):
        services.open_document(service, worker=stranger)
    with pytest.raises(DisputeError, match="不是该文书的受送达人"):
        services.confirm_receipt(service, worker=stranger, device="x")
    with pytest.raises(DisputeError, match="不是该案件的当事人"):
        services.check_party_of(dispute, stranger)


def test_electronic_service_only_to_a_worker(commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff)
    with pytest.raises(DisputeError, match="电子送达"):
        services.serve_document(
            dispute.documents.get(),
            dispute.parties.get(role=PartyRole.RESPONDENT),
            method=ServiceMethod.ELECTRONIC,
            on=date(2026, 3, 3),
            by=county_staff,
        )


def test_appeal_windows_run_from_the_recorded_service(
    commission, worker, county_staff, arbitrators
):
    dispute = accepted_case(commission, worker, county_staff)
    services.form_tribunal(
        dispute, arbitrators=[arbitrators[0]], on=date(2026, 3, 3), by=county_staff
    )
    (award,) = services.issue_award(
        dispute,
        on=date(2026, 3, 20),
        awarded={c.pk: c.amount for c in dispute.claims.all()},
        by=county_staff,
    )
    assert award.kind == DocumentKind.AWARD_FINAL
    services.serve_document(
        award,
        dispute.parties.get(role=PartyRole.RESPONDENT),
        method=ServiceMethod.POST,
        on=date(2026, 3, 23),
        by=county_staff,
    )
    services.serve_document(
        award,
        dispute.parties.get(role=PartyRole.APPLICANT),
        method=ServiceMethod.IN_PERSON,
        on=date(2026, 3, 20),
        by=county_staff,
    )
    windows = dict(services.appeal_windows(dispute))
    # employer: 30 days from 23 Mar = Wed 22 Apr; worker: 15 days from 20 Mar = Sun 4 Apr → Tue 7 Apr
    assert windows["宿迁某建筑劳务有限公司申请撤销终局裁决"] == date(2026, 4, 22)
    assert windows["张三向人民法院起诉"] == date(2026, 4, 7)
