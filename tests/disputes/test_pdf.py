"""Every case document is also given as PDF (documents.to_pdf, ReportLab), holding the same text:
the case number, the commission and the parties."""

import io
from datetime import date

import pypdf
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.disputes import documents, services
from homeward.disputes.models import DocumentKind, PartyRole, ServiceMethod
from tests.portal.helpers import sign_in_worker

from .conftest import accepted_case, file_case


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_holds_the_case_number_and_the_parties(commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff, filed_on=date(2026, 3, 2))
    document = dispute.documents.get(kind=DocumentKind.APPLICATION)
    content, content_type, filename = services.document_file(document, as_pdf=True)
    assert content.startswith(b"%PDF-") and content_type == "application/pdf"
    assert filename.endswith(".pdf")
    text = pdf_text(content).replace("\n", "")
    assert dispute.case_number.replace(" ", "") in text.replace(" ", "")
    assert worker.name in text and "宿迁某建筑劳务有限公司" in text
    assert commission.title in text and "8,000.00" in text


def test_every_kind_of_document_renders_as_pdf():
    for kind in documents.TITLES:
        word = documents.render(
            kind, {"commission": "某仲裁委", "case_number": "某〔2026〕第 1 号"}
        )
        text = pdf_text(documents.to_pdf(word))
        assert documents.TITLES[kind] in text.replace("\n", "")


def test_staff_download_the_pdf_and_the_read_is_audited(client, commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    document = dispute.documents.get(kind=DocumentKind.ACCEPTANCE)
    client.force_login(county_staff)
    response = client.get(reverse("disputes:document", args=[document.pk]), {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.filter(action="disputes.document.downloaded").latest("pk")
    assert event.detail["pdf"] is True
    word = client.get(reverse("disputes:document", args=[document.pk]))
    assert word.content[:2] == b"PK"


def test_the_worker_opens_the_pdf_served_on_them(client, commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff)
    service = services.serve_document(
        dispute.documents.get(kind=DocumentKind.ACCEPTANCE),
        dispute.parties.get(role=PartyRole.APPLICANT),
        method=ServiceMethod.ELECTRONIC,
        on=timezone.localdate(),
        by=county_staff,
    )
    sign_in_worker(client, worker)
    response = client.get(reverse("portal:dispute-document", args=[service.pk]), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert dispute.case_number.replace(" ", "") in pdf_text(response.content).replace(" ", "")
