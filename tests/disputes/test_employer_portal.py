"""The respondent employer on the employer portal (/e/disputes): the cases against it, documents
served electronically and signed for (the copy's service date moves the defence clock), its
defence and evidence; another employer's case answers 404 and the attempt is audited."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent, Result
from homeward.disputes import services
from homeward.disputes.models import DocumentKind, Evidence, PartyRole, ServiceMethod
from homeward.disputes.services import DisputeError
from homeward.outreach.models import OutboxMessage
from tests.factories import TOWN, make_employer
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

from .conftest import accepted_case


@pytest.fixture
def hr(employer):
    return make_employer_user(employer)


def _served_copy(dispute, by):
    return services.serve_document(
        dispute.documents.get(kind=DocumentKind.APPLICATION),
        dispute.parties.get(role=PartyRole.RESPONDENT),
        method=ServiceMethod.ELECTRONIC,
        on=timezone.localdate(),
        by=by,
    )


def test_the_employer_signs_for_the_copy_and_files_its_defence(
    client, commission, worker, county_staff, employer, hr, django_capture_on_commit_callbacks
):
    dispute = accepted_case(commission, worker, county_staff, employer=employer)
    with django_capture_on_commit_callbacks(execute=True):
        service = _served_copy(dispute, county_staff)
    assert OutboxMessage.objects.filter(channel="sms").exists()
    sign_in_employer(client, hr)
    page = client.get(reverse("portal:employer-disputes")).content.decode()
    assert dispute.case_number in page
    page = client.get(reverse("portal:employer-dispute", args=[dispute.pk])).content.decode()
    assert reverse("portal:employer-dispute-confirm", args=[service.pk]) in page
    pdf = client.get(
        reverse("portal:employer-dispute-document", args=[service.pk]), {"format": "pdf"}
    )
    assert pdf["Content-Type"] == "application/pdf"
    client.post(
        reverse("portal:employer-dispute-confirm", args=[service.pk]),
        HTTP_USER_AGENT="HR-Desktop/2.0",
    )
    service.refresh_from_db()
    dispute.refresh_from_db()
    assert service.served_on == timezone.localdate() and service.device == "HR-Desktop/2.0"
    assert service.confirmed_by_employer_user == hr
    assert dispute.copy_served_on == timezone.localdate()
    with pytest.raises(DisputeError, match="不能重复签收"):
        services.confirm_receipt(service, employer_user=hr, device="again")
    client.post(
        reverse("portal:employer-dispute-defence", args=[dispute.pk]),
        {"text": "已按约定支付工资，不存在拖欠。"},
    )
    dispute.refresh_from_db()
    assert dispute.defence_on == timezone.localdate() and "不存在拖欠" in dispute.defence
    assert AuditEvent.objects.filter(action="disputes.defence.filed").exists()
    client.post(
        reverse("portal:employer-dispute-evidence", args=[dispute.pk]),
        {
            "file": SimpleUploadedFile("工资表.pdf", b"%PDF-1.4 payroll"),
            "description": "工资发放记录",
        },
    )
    evidence = Evidence._base_manager.get(dispute=dispute)
    assert evidence.party.role == PartyRole.RESPONDENT
    with pytest.raises(DisputeError, match="不能重复提交"):
        services.file_defence(dispute, text="再次", employer_user=hr)


def test_no_defence_before_the_copy_is_served(commission, worker, county_staff, employer, hr):
    dispute = accepted_case(commission, worker, county_staff, employer=employer)
    with pytest.raises(DisputeError, match="尚未送达"):
        services.file_defence(dispute, text="答辩", employer_user=hr)


def test_another_employers_case_is_404_and_audited(
    client, commission, worker, county_staff, employer
):
    dispute = accepted_case(commission, worker, county_staff, employer=employer)
    other = make_employer_user(make_employer(TOWN, name="别的公司"), phone="13900002222")
    make_employer_user(employer, phone="13900003333", name="李经理")
    service = _served_copy(dispute, county_staff)
    sign_in_employer(client, other)
    assert client.get(reverse("portal:employer-dispute", args=[dispute.pk])).status_code == 404
    assert AuditEvent.objects.filter(
        action="disputes.dispute.read_refused", result=Result.REFUSED
    ).exists()
    url = reverse("portal:employer-dispute-document", args=[service.pk])
    assert client.get(url).status_code == 404
    confirm = reverse("portal:employer-dispute-confirm", args=[service.pk])
    assert client.post(confirm).status_code == 404
    defence = reverse("portal:employer-dispute-defence", args=[dispute.pk])
    assert client.post(defence, {"text": "x"}).status_code == 404
    assert client.get(reverse("portal:employer-disputes")).context["disputes"].count() == 0


def test_electronic_service_needs_an_employer_account(commission, worker, county_staff):
    dispute = accepted_case(commission, worker, county_staff, employer=make_employer(TOWN))
    with pytest.raises(DisputeError, match="电子送达"):
        _served_copy(dispute, county_staff)


def test_a_staff_session_is_nobody_on_the_employer_pages(
    client, commission, worker, county_staff, employer
):
    dispute = accepted_case(commission, worker, county_staff, employer=employer)
    client.force_login(county_staff)
    response = client.get(reverse("portal:employer-dispute", args=[dispute.pk]))
    assert response.status_code == 302


def test_the_defence_deadline_runs_from_the_employers_confirmation(
    commission, worker, county_staff, employer, hr
):
    from homeward.disputes import figures

    dispute = accepted_case(commission, worker, county_staff, employer=employer)
    service = _served_copy(dispute, county_staff)
    labels = [d.label for d in figures.case_deadlines(dispute)]
    assert not any("答辩" in label for label in labels)
    services.confirm_receipt(service, employer_user=hr, device="x")
    dispute.refresh_from_db()
    assert any("答辩" in d.label for d in figures.case_deadlines(dispute))
    assert dispute.copy_served_on == timezone.localdate() != date(2000, 1, 1)
