"""An arrears clue's evidence (JPEG/PNG/PDF by the first bytes, 5 MB, every opening audited)
and its bank card (checked, encrypted, masked; the full number only to those who may see it),
from the portal and from staff; the refusals."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.wages import services
from homeward.wages.models import ArrearsClue, ClueEvidence
from homeward.wages.services import WageError
from tests.factories import make_worker

from ..portal.helpers import sign_in_worker

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
PDF = b"%PDF-1.4 payslip"
CARD = "6222021234567890128"  # Luhn-valid


def _clue(worker):
    return services.report_unpaid(worker, amount=Decimal(6000))


def test_the_worker_hands_in_a_screenshot_and_a_card_on_the_portal(client, worker):
    clue = _clue(worker)
    sign_in_worker(client, worker)
    upload = SimpleUploadedFile("聊天记录.png", PNG, content_type="image/png")
    response = client.post(
        reverse("portal:wages-evidence", args=[clue.pk]), {"file": upload, "description": "欠条"}
    )
    assert response.status_code == 302
    evidence = ClueEvidence._base_manager.get()
    assert evidence.content_type == "image/png" and evidence.by_worker
    client.post(reverse("portal:wages-card", args=[clue.pk]), {"bank_card": CARD})
    clue = ArrearsClue._base_manager.get(pk=clue.pk)
    assert clue.bank_card == CARD
    page = client.get(reverse("portal:wages-clue", args=[clue.pk])).content.decode()
    assert CARD not in page and "6222***********0128" in page and "聊天记录.png" in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT bank_card FROM wages_arrearsclue WHERE id = %s", [clue.pk])
        assert CARD not in cursor.fetchone()[0]  # stored encrypted


def test_a_file_that_is_no_image_or_pdf_or_too_big_is_refused_and_audited(worker, county_staff):
    clue = _clue(worker)
    fake = SimpleUploadedFile("工资条.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(WageError, match="照片"):
        services.add_clue_evidence(clue, fake, by=county_staff)
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )
    with pytest.raises(WageError, match="5 MB"):
        services.add_clue_evidence(clue, big, by=county_staff)
    assert not ClueEvidence._base_manager.exists()
    assert AuditEvent.objects.filter(action="wages.evidence.refused", result="refused").count() == 2


def test_another_workers_clue_is_refused(client, worker):
    clue = _clue(make_worker("321302001001", sequence=9))
    sign_in_worker(client, worker)
    upload = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("portal:wages-evidence", args=[clue.pk]), {"file": upload})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.set_bank_card(clue, CARD, worker=worker)
    assert AuditEvent.objects.filter(action="wages.clue.refused").exists()


def test_a_bad_card_number_is_refused(worker):
    with pytest.raises(WageError):
        services.report_unpaid(worker, amount=Decimal(10), bank_card="6222021234567890120")
    clue = _clue(worker)
    with pytest.raises(WageError):
        services.set_bank_card(clue, "1234", worker=worker)


def test_staff_open_evidence_audited_and_see_the_card_masked(client, worker, county_staff):
    clue = _clue(worker)
    evidence = services.add_clue_evidence(
        clue, SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf"), by=county_staff
    )
    services.set_bank_card(clue, CARD, by=county_staff)
    client.force_login(county_staff)
    page = client.get(reverse("wages:clue", args=[clue.pk])).content.decode()
    assert CARD not in page and "6222***********0128" in page
    response = client.get(reverse("wages:clue-evidence", args=[evidence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert bytes(response.content) == PDF
    assert AuditEvent.objects.filter(action="wages.evidence.opened", actor=county_staff).exists()
    # no right to personal data: the full number is refused (and the refusal audited)
    assert client.post(reverse("wages:clue-card-reveal", args=[clue.pk])).status_code == 403
    county_staff.may_see_personal_data = True
    county_staff.save()
    response = client.post(reverse("wages:clue-card-reveal", args=[clue.pk]), follow=True)
    assert CARD in response.content.decode()
    assert AuditEvent.objects.filter(action="wages.clue.card_read", result="ok").exists()


def test_another_countys_staff_and_a_leader_are_refused(client, worker, outsider, leader):
    clue = _clue(worker)
    client.force_login(outsider)
    upload = SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(
            reverse("wages:clue-evidence-add", args=[clue.pk]), {"file": upload}
        ).status_code
        == 404
    )
    client.force_login(leader)
    upload = SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(
            reverse("wages:clue-evidence-add", args=[clue.pk]), {"file": upload}
        ).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.add_clue_evidence(clue, upload, by=leader)
    assert not ClueEvidence._base_manager.exists()


def test_staff_record_a_clue_at_the_window(client, worker, county_staff):
    client.force_login(county_staff)
    response = client.post(
        reverse("wages:clue-create"),
        {
            "id_number": worker.id_number,
            "amount": "8000",
            "people": "1",
            "description": "电话反映",
            "bank_card": CARD,
        },
    )
    clue = ArrearsClue._base_manager.get()
    assert response["Location"] == reverse("wages:clue", args=[clue.pk])
    assert clue.bank_card == CARD and clue.region_id == "321302"
    response = client.post(
        reverse("wages:clue-create"), {"id_number": "x", "amount": "1", "people": "1"}
    )
    assert response.status_code == 200 and "没有此身份证号" in response.content.decode()


def test_the_worker_reports_with_a_search_a_card_and_a_payslip(client, worker):
    from .helpers import make_project

    project = make_project("321311001", name="宿豫安置房项目")
    sign_in_worker(client, worker)
    page = client.get(reverse("portal:wages-report") + "?q=安置房").content.decode()
    assert "宿豫安置房项目" in page
    upload = SimpleUploadedFile("工资条.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("portal:wages-report"),
        {
            "project": project.pk,
            "construction": "1",
            "month": "2026-03",
            "amount": "7200",
            "description": "三月工资未发",
            "bank_card": CARD,
            "file": upload,
        },
    )
    clue = ArrearsClue._base_manager.get()
    assert response["Location"] == reverse("portal:wages-clue", args=[clue.pk])
    assert clue.region_id == "321311" and clue.bank_card == CARD
    assert clue.period_from.isoformat() == "2026-03-01"
    assert ClueEvidence._base_manager.filter(clue=clue, by_worker=True).exists()
    response = client.post(reverse("portal:wages-report"), {"amount": "0"})
    assert (
        response.status_code == 200 and not ArrearsClue._base_manager.exclude(pk=clue.pk).exists()
    )
