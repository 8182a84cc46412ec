"""An agent withdrawn from the case (解除委托) through one service, `services.remove_agent`, for
staff (the case page's step) and for the respondent employer (POST /e/disputes/agents/<pk>/remove,
its own agents only): kept on record with time and reason, audited, no longer counted, so a
replacement can be added."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from homeward.audit.models import AuditEvent, Result
from homeward.disputes import services
from homeward.disputes.models import Party, PartyRole
from homeward.disputes.services import DisputeError
from tests.factories import TOWN, make_employer
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

from .conftest import accepted_case


def _letter():
    return SimpleUploadedFile("委托书.pdf", b"%PDF-1.4 letter", content_type="application/pdf")


@pytest.fixture
def hr(employer):
    return make_employer_user(employer)


@pytest.fixture
def case(commission, worker, county_staff, employer):
    return accepted_case(commission, worker, county_staff, employer=employer)


def _add(case, role, *, name, kind="lawyer", **who):
    principal = case.parties.get(role=role)
    return services.add_agent(case, principal, _letter(), kind=kind, name=name, **who)


def test_the_employer_replaces_its_lawyer(client, case, hr):
    first = _add(case, PartyRole.RESPONDENT, name="甲律师", employer_user=hr)
    _add(case, PartyRole.RESPONDENT, name="乙", kind="employee", employer_user=hr)
    sign_in_employer(client, hr)
    url = reverse("portal:employer-dispute-agent-remove", args=[first.pk])
    assert client.post(url, {"reason": "更换律师"}).status_code == 302
    first.refresh_from_db()
    assert first.withdrawn_at is not None and first.withdrawn_reason == "更换律师"
    removed = AuditEvent.objects.get(action="disputes.agent.removed")
    assert removed.detail["agent"] == first.pk and removed.detail["employer_user"] == hr.pk
    _add(case, PartyRole.RESPONDENT, name="丙律师", employer_user=hr)  # the freed place
    page = client.get(reverse("portal:employer-dispute", args=[case.pk])).content.decode()
    assert "丙律师" in page and "甲律师" not in page
    assert client.post(url, {"reason": "再次"}).status_code == 400  # already withdrawn


def test_staff_withdraw_an_agent_on_the_case_page(client, case, county_staff):
    agent = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    client.force_login(county_staff)
    page = client.get(reverse("disputes:detail", args=[case.pk])).content.decode()
    assert 'data-testid="step-agent_remove"' in page
    client.post(
        reverse("disputes:step", args=[case.pk, "agent_remove"]),
        {"agent_remove-agent": agent.pk, "agent_remove-reason": "申请人自行参加"},
    )
    agent.refresh_from_db()
    assert agent.withdrawn_reason == "申请人自行参加"
    page = client.get(reverse("disputes:detail", args=[case.pk])).content.decode()
    assert f'data-testid="agent-withdrawn-{agent.pk}"' in page


def test_a_reason_is_required(case, county_staff):
    agent = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    with pytest.raises(DisputeError, match="原因") as refused:
        services.remove_agent(agent, reason="  ", by=county_staff)
    assert refused.value.field == "reason"
    agent.refresh_from_db()
    assert agent.withdrawn_at is None


def test_the_employer_may_not_withdraw_the_workers_agent(client, case, hr, county_staff):
    agent = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    with pytest.raises(DisputeError, match="只能解除本单位"):
        services.remove_agent(agent, reason="x", employer_user=hr)
    sign_in_employer(client, hr)
    url = reverse("portal:employer-dispute-agent-remove", args=[agent.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    agent.refresh_from_db()
    assert agent.withdrawn_at is None
    assert AuditEvent.objects.filter(
        action="disputes.agent.refused", result=Result.REFUSED
    ).exists()


def test_another_employer_gets_404(client, case, hr):
    agent = _add(case, PartyRole.RESPONDENT, name="甲律师", employer_user=hr)
    other = make_employer_user(make_employer(TOWN, name="别的公司"), phone="13900002222")
    sign_in_employer(client, other)
    url = reverse("portal:employer-dispute-agent-remove", args=[agent.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert Party._base_manager.get(pk=agent.pk).withdrawn_at is None


def test_only_an_agent_can_be_withdrawn(case, county_staff):
    with pytest.raises(DisputeError, match="只能解除委托代理人"):
        services.remove_agent(
            case.parties.get(role=PartyRole.APPLICANT), reason="x", by=county_staff
        )


def test_a_leader_may_not(case, county_staff, leader):
    from django.core.exceptions import PermissionDenied

    agent = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    with pytest.raises(PermissionDenied):
        services.remove_agent(agent, reason="x", by=leader)
