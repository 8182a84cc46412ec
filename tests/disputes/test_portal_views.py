"""The worker's pages: file a wage dispute on the phone, follow my case, open and confirm
documents; another worker's case answers 404 and is audited."""

from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent, Result
from homeward.disputes import services
from homeward.disputes.models import Dispute, DocumentKind, PartyRole, ServiceMethod
from tests.factories import VILLAGE, make_worker
from tests.portal.helpers import sign_in_worker

from .conftest import accepted_case


def test_a_worker_files_a_wage_dispute_on_the_phone(client, commission, worker):
    sign_in_worker(client, worker)
    response = client.post(
        reverse("portal:dispute-file"),
        {
            "commission": commission.pk,
            "employer_name": "宿迁某劳务公司",
            "claim_wages": "6000",
            "facts": "去年 11 月、12 月工资未发。",
        },
    )
    dispute = Dispute._base_manager.get()
    assert response["Location"] == reverse("portal:dispute", args=[dispute.pk])
    assert dispute.source == "portal" and dispute.worker == worker
    page = client.get(reverse("portal:disputes")).content.decode()
    assert dispute.case_number in page


def test_another_workers_case_is_404_and_audited(client, commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    stranger = make_worker(VILLAGE, sequence=44, phone="13900001111")
    sign_in_worker(client, stranger, phone="13900001111")
    assert client.get(reverse("portal:dispute", args=[dispute.pk])).status_code == 404
    assert AuditEvent.objects.filter(
        action="disputes.dispute.read_refused", result=Result.REFUSED
    ).exists()
    service = services.serve_document(
        dispute.documents.get(kind=DocumentKind.ACCEPTANCE),
        dispute.parties.get(role=PartyRole.APPLICANT),
        method=ServiceMethod.ELECTRONIC,
        on=timezone.localdate(),
        by=county_staff,
    )
    assert client.get(reverse("portal:dispute-document", args=[service.pk])).status_code == 404
    assert client.post(reverse("portal:dispute-confirm", args=[service.pk])).status_code == 404
    assert client.get(reverse("portal:disputes")).context["disputes"].count() == 0


def test_the_worker_opens_and_confirms_a_document(client, commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    service = services.serve_document(
        dispute.documents.get(kind=DocumentKind.ACCEPTANCE),
        dispute.parties.get(role=PartyRole.APPLICANT),
        method=ServiceMethod.ELECTRONIC,
        on=timezone.localdate(),
        by=county_staff,
    )
    sign_in_worker(client, worker)
    page = client.get(reverse("portal:dispute", args=[dispute.pk])).content.decode()
    assert reverse("portal:dispute-confirm", args=[service.pk]) in page
    assert client.get(reverse("portal:dispute-document", args=[service.pk])).content[:2] == b"PK"
    client.post(
        reverse("portal:dispute-confirm", args=[service.pk]), HTTP_USER_AGENT="TestPhone/1.0"
    )
    service.refresh_from_db()
    assert service.served_on == timezone.localdate() and service.device == "TestPhone/1.0"
    assert service.opened_at is not None


def test_a_staff_session_is_nobody_on_the_worker_pages(client, commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    client.force_login(county_staff)
    response = client.get(reverse("portal:dispute", args=[dispute.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:signin"))
