"""Employers' monthly labour-contract reports: one per employer and month, a correction a new
version (with its reason), the same service from the portal and the staff page, refusals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.employers.contracts import report_contracts
from homeward.employers.models import ContractReport
from homeward.employers.services import EmployerError
from tests.factories import TOWN, make_employer
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

pytestmark = pytest.mark.django_db


def _last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def test_a_correction_is_a_new_version_and_the_old_stays(town_staff):
    employer = make_employer(TOWN)
    month = _last_month()
    first = report_contracts(
        employer, period=month, headcount=80, contracts_signed=70, source="staff", by=town_staff
    )
    with pytest.raises(EmployerError) as refused:
        report_contracts(
            employer, period=month, headcount=80, contracts_signed=78, source="staff", by=town_staff
        )
    assert refused.value.field == "reason"
    second = report_contracts(
        employer,
        period=month,
        headcount=80,
        contracts_signed=78,
        source="staff",
        by=town_staff,
        reason="漏报了8份合同",
    )
    first.refresh_from_db()
    assert (first.version, first.is_current, first.contracts_signed) == (1, False, 70)
    assert (second.version, second.is_current) == (2, True)
    assert sorted(
        AuditEvent.objects.filter(action__startswith="employers.contracts.").values_list(
            "action", flat=True
        )
    ) == ["employers.contracts.corrected", "employers.contracts.reported"]


def test_more_contracts_than_people_is_refused_and_nothing_written(town_staff):
    employer = make_employer(TOWN)
    with pytest.raises(EmployerError, match="80"):
        report_contracts(
            employer,
            period=_last_month(),
            headcount=80,
            contracts_signed=81,
            source="staff",
            by=town_staff,
        )
    assert not ContractReport.objects.exists()


def test_a_leader_is_refused(leader):
    with pytest.raises(PermissionDenied):
        report_contracts(
            make_employer(TOWN),
            period=_last_month(),
            headcount=5,
            contracts_signed=5,
            source="staff",
            by=leader,
        )
    assert AuditEvent.objects.filter(action="employers.contracts.refused").exists()


def test_the_employer_reports_on_the_portal(client):
    employer = make_employer(TOWN, name="幸福电子厂")
    sign_in_employer(client, make_employer_user(employer))
    url = reverse("portal:employer-contracts")
    month = f"{_last_month():%Y-%m}"
    response = client.post(url, {"period": month, "headcount": 60, "contracts_signed": 61})
    assert response.status_code == 200 and not ContractReport.objects.exists()
    response = client.post(url, {"period": month, "headcount": 60, "contracts_signed": 59})
    assert response.status_code == 302
    report = ContractReport.objects.get()
    assert (report.employer, report.source, report.headcount) == (employer, "employer", 60)
    page = client.get(url).content.decode()
    assert 'data-testid="contract-reports"' in page


def test_another_employers_reports_are_not_shown_on_the_portal(client):
    other = make_employer("321302002", name="别家厂")
    report_contracts(
        other, period=_last_month(), headcount=9, contracts_signed=9, source="employer", by=None
    )
    sign_in_employer(client, make_employer_user(make_employer(TOWN)))
    page = client.get(reverse("portal:employer-contracts")).content.decode()
    assert 'data-testid="contract-reports"' not in page


def test_staff_record_a_month_and_see_every_version(client, town_staff):
    employer = make_employer(TOWN)
    client.force_login(town_staff)
    url = reverse("employers:contracts", args=[employer.pk])
    month = f"{_last_month():%Y-%m}"
    assert (
        client.post(url, {"period": month, "headcount": 10, "contracts_signed": 9}).status_code
        == 302
    )
    page = client.post(url, {"period": month, "headcount": 10, "contracts_signed": 10})
    assert page.status_code == 200 and ContractReport.objects.count() == 1  # no reason given
    client.post(url, {"period": month, "headcount": 10, "contracts_signed": 10, "reason": "补签"})
    assert ContractReport.objects.count() == 2
    assert client.get(url).content.decode().count("<tr") == 3  # header + two versions


def test_it_refuses_other_county(client, outsider):
    employer = make_employer(TOWN)
    client.force_login(outsider)
    url = reverse("employers:contracts", args=[employer.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url, {"period": f"{_last_month():%Y-%m}", "headcount": 1, "contracts_signed": 1}
        ).status_code
        == 404
    )
    assert not ContractReport.objects.exists()
