"""Evidence handed in by the worker on the portal and by staff: photos and PDF by their first
bytes, at most 5 MB, listed on the case with who submitted it and when, each opening audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.disputes import services
from homeward.disputes.models import EVIDENCE_BYTES, Evidence
from tests.factories import make_worker
from tests.portal.helpers import sign_in_worker

from .conftest import file_case

PDF = b"%PDF-1.4\n1 0 obj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"


def _file(content, name="工资条.pdf", kind="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=kind)


def _portal_login(client, worker):
    sign_in_worker(client, worker)


def test_staff_add_evidence_and_the_case_lists_it_with_who_and_when(
    client, commission, worker, county_staff
):
    dispute = file_case(commission, worker, by=county_staff)
    applicant = dispute.parties.get(role="applicant")
    client.force_login(county_staff)
    response = client.post(
        reverse("disputes:evidence-add", args=[dispute.pk]),
        {"file": _file(PDF), "description": "十二月工资条", "party": applicant.pk},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.party == applicant and evidence.submitted_by == county_staff
    assert evidence.content_type == "application/pdf" and bytes(evidence.content) == PDF
    page = client.get(reverse("disputes:detail", args=[dispute.pk])).content.decode()
    assert "工资条.pdf" in page and "十二月工资条" in page and "申请人" in page
    opened = client.get(reverse("disputes:evidence", args=[evidence.pk]))
    assert opened.status_code == 200 and opened.content == PDF
    assert opened["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="disputes.evidence.opened").count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"MZ\x90\x00 not a photo", "应是照片"),
        (b"", "应是照片"),
        (b"%PDF-" + b"0" * EVIDENCE_BYTES, "超过 5 MB"),
    ],
    ids=["an exe named .jpg", "empty", "over 5 MB"],
)
def test_a_file_that_is_no_photo_or_pdf_or_too_big_is_refused_and_nothing_kept(
    commission, worker, county_staff, content, message
):
    dispute = file_case(commission, worker, by=county_staff)
    with pytest.raises(services.DisputeError, match=message):
        services.add_evidence(dispute, _file(content, "欠条.jpg", "image/jpeg"), by=county_staff)
    assert not Evidence.objects.exists()
    assert AuditEvent.objects.filter(action="disputes.evidence.refused").exists()


def test_the_worker_hands_in_evidence_on_the_portal(client, commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff)
    _portal_login(client, worker)
    response = client.post(
        reverse("portal:dispute-evidence", args=[dispute.pk]),
        {"file": _file(JPEG, "欠条.jpg", "image/jpeg"), "description": "老板写的欠条"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.party.worker == worker and evidence.submitted_by is None
    page = client.get(reverse("portal:dispute", args=[dispute.pk])).content.decode()
    assert "欠条.jpg" in page and "老板写的欠条" in page


def test_a_worker_cannot_hand_in_evidence_to_another_s_case(
    client, commission, worker, county_staff
):
    other = file_case(commission, make_worker("321302001001", sequence=11), by=county_staff)
    _portal_login(client, worker)
    response = client.post(
        reverse("portal:dispute-evidence", args=[other.pk]), {"file": _file(PDF)}
    )
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_another_county_gets_404_for_the_evidence(
    client, commission, worker, county_staff, outsider
):
    dispute = file_case(commission, worker, by=county_staff)
    evidence = services.add_evidence(dispute, _file(PDF), by=county_staff)
    client.force_login(outsider)
    assert client.get(reverse("disputes:evidence", args=[evidence.pk])).status_code == 404
    response = client.post(
        reverse("disputes:evidence-add", args=[dispute.pk]), {"file": _file(PDF)}
    )
    assert response.status_code == 404
    assert Evidence.objects.count() == 1
