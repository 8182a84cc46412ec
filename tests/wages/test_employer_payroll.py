"""The general contractor's payroll upload on the employer portal (/e/wages): its own projects
only, the same import service as the staff (every row or none, the row-numbered report in
Chinese), and refusals for another employer's project or a sheet other than the payroll."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.wages import chain
from homeward.wages.models import PayrollEntry
from homeward.wages.services import import_sheet
from tests.factories import COUNTY_B, TOWN, make_employer
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

from .helpers import PAYROLL_HEAD, csv_bytes, make_entry, make_project, person_id

pytestmark = pytest.mark.django_db

GOOD = csv_bytes(PAYROLL_HEAD, f"{person_id(1)},李四,2026-03,2026-04-10,20,6000,6000.00,NY001,是")


@pytest.fixture
def contractor():
    return make_employer(TOWN, name="宿城建工集团")


@pytest.fixture
def hr(client, contractor):
    user = make_employer_user(contractor)
    sign_in_employer(client, user)
    return user


@pytest.fixture
def project(contractor):
    project = make_project(contractor=contractor)
    make_entry(project, 1, name="李四")
    return project


def _upload(client, project, data, name="工资表.csv"):
    return client.post(
        reverse("portal:employer-wages-payroll", args=[project.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_the_contractor_sees_its_projects_and_uploads_a_payroll(client, hr, project):
    other = make_project(COUNTY_B, contractor=make_employer(COUNTY_B, name="别家建筑公司"))
    page = client.get(reverse("portal:employer-wages")).content.decode()
    assert project.name in page and other.name not in page
    response = _upload(client, project, GOOD)
    assert response.status_code == 302
    row = PayrollEntry.objects.get()
    assert row.project == project and row.recorded_by == f"employer_user:{hr.pk}"
    assert chain.verify().broken is None
    event = AuditEvent.objects.filter(action="wages.payroll.imported").latest("pk")
    assert event.result == "ok" and event.detail["employer_user"] == hr.pk
    page = client.get(response["Location"]).content.decode()
    assert "2026-03" in page and "6000.00" in page
    # the same file again changes nothing
    _upload(client, project, GOOD)
    assert PayrollEntry.objects.count() == 1


def test_a_bad_row_writes_nothing_and_the_report_names_it(client, hr, project):
    data = csv_bytes(
        PAYROLL_HEAD,
        f"{person_id(1)},李四,2026-03,2026-04-10,20,6000,6000.00,NY001,是",
        f"{person_id(1)},李五,2026-03,2026-04-10,20,,6000,,是",
        f"{person_id(7)},赵六,2026-03,2026-04-10,20,,6000,,是",
    )
    response = _upload(client, project, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "姓名与花名册不符" in page and "此人不在本项目的花名册中" in page
    assert '<td class="num">3</td>' in page and '<td class="num">4</td>' in page
    assert PayrollEntry.objects.count() == 0


def test_another_employers_project_is_not_found(client, hr):
    stranger = make_project(contractor=make_employer(TOWN, name="别家建筑公司"))
    make_entry(stranger, 1, name="李四")
    assert client.get(reverse("portal:employer-wages-project", args=[stranger.pk])).status_code == (
        404
    )
    assert _upload(client, stranger, GOOD).status_code == 404
    assert PayrollEntry.objects.count() == 0


def test_signed_out_goes_to_sign_in_and_staff_are_nobody_here(client, county_staff, project):
    response = _upload(client, project, GOOD)
    assert response.status_code == 302 and "/e/signin" in response["Location"]
    client.force_login(county_staff)
    assert _upload(client, project, GOOD).status_code == 302
    assert PayrollEntry.objects.count() == 0


def test_the_service_refuses_another_employer_or_another_sheet(project):
    stranger = make_employer_user(make_employer(TOWN, name="别家建筑公司"), phone="13900009999")
    with pytest.raises(PermissionDenied):
        import_sheet(project, "payroll", GOOD, "y.csv", employer_user=stranger)
    own = make_employer_user(project.contractor, phone="13900008888")
    with pytest.raises(PermissionDenied):
        import_sheet(project, "roster", GOOD, "y.csv", employer_user=own)
    refused = AuditEvent.objects.filter(action="wages.payroll.imported", result="refused")
    assert refused.count() == 2 and PayrollEntry.objects.count() == 0


def test_an_oversized_file_is_refused_in_chinese(client, hr, project, settings):
    from homeward.wages import forms

    forms.MAX_UPLOAD, before = 10, forms.MAX_UPLOAD
    try:
        response = _upload(client, project, GOOD)
    finally:
        forms.MAX_UPLOAD = before
    assert response.status_code == 400 and PayrollEntry.objects.count() == 0
