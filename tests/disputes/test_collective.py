"""Collective cases and agents: workers joining (the clock restarts, ten make a collective case
with 3–5 representatives and three arbitrators) and agents with their signed authorisation."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from homeward.audit.models import AuditEvent, Result
from homeward.disputes import services
from homeward.disputes.models import AgentKind, HearingMode, PartyRole
from homeward.disputes.services import DisputeError
from tests.factories import VILLAGE, make_worker

from .conftest import accepted_case, file_case


def letter(name="委托书.pdf", content=b"%PDF-1.4 signed letter"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _workers(n, start=20):
    return [make_worker(VILLAGE, sequence=start + i) for i in range(n)]


def test_a_worker_joining_an_accepted_case_restarts_the_award_clock(
    commission, worker, county_staff
):
    dispute = accepted_case(commission, worker, county_staff, on=date(2026, 3, 2))
    joiner = make_worker(VILLAGE, sequence=40)
    party = services.add_applicant(dispute, joiner, on=date(2026, 3, 9), by=county_staff)
    dispute.refresh_from_db()
    assert party.joined_on == date(2026, 3, 9) and dispute.clock_started_on == date(2026, 3, 9)
    with pytest.raises(DisputeError, match="已是本案申请人"):
        services.add_applicant(dispute, joiner, on=date(2026, 3, 10), by=county_staff)


def test_the_tenth_worker_makes_the_case_collective_and_its_rules_apply(
    commission, worker, county_staff, arbitrators
):
    dispute = accepted_case(commission, worker, county_staff, on=date(2026, 3, 2))
    services.form_tribunal(
        dispute, arbitrators=arbitrators[:1], on=date(2026, 3, 3), by=county_staff
    )
    others = _workers(9)
    for each in others:
        services.add_applicant(dispute, each, on=date(2026, 3, 4), by=county_staff)
    dispute.refresh_from_db()
    assert dispute.is_collective and dispute.is_priority and not dispute.is_sole_arbitrator
    assert services.missing_representatives(dispute)
    # the sole arbitrator formed before no longer fits: hearing and award refused
    with pytest.raises(DisputeError, match="三名仲裁员"):
        services.schedule_hearing(
            dispute,
            hearing_on=date(2026, 3, 20),
            mode=HearingMode.ROOM,
            place="第一仲裁庭",
            notice_on=date(2026, 3, 5),
            by=county_staff,
        )
    with pytest.raises(DisputeError, match="三名仲裁员"):
        services.issue_award(dispute, on=date(2026, 3, 20), awarded={}, by=county_staff)
    with pytest.raises(DisputeError, match="三名仲裁员"):
        services.form_tribunal(
            dispute, arbitrators=arbitrators[:1], on=date(2026, 3, 5), by=county_staff
        )
    services.form_tribunal(dispute, arbitrators=arbitrators, on=date(2026, 3, 5), by=county_staff)
    assert dispute.tribunal.count() == 3


def test_representatives_are_three_to_five_of_the_applicants(commission, worker, county_staff):
    others = _workers(9)
    dispute = file_case(
        commission, worker, by=county_staff, co_workers=others, representatives=others[:3]
    )
    with pytest.raises(DisputeError, match="3 至 5 名代表"):
        services.set_representatives(dispute, others[:6], by=county_staff)
    stranger = make_worker(VILLAGE, sequence=60)
    with pytest.raises(DisputeError, match="代表应为本案的申请人"):
        services.set_representatives(dispute, [*others[:2], stranger], by=county_staff)
    services.set_representatives(dispute, [worker, *others[:3]], by=county_staff)
    assert dispute.parties.filter(is_representative=True).count() == 4
    assert not services.missing_representatives(dispute)
    small = file_case(commission, make_worker(VILLAGE, sequence=61), by=county_staff)
    with pytest.raises(DisputeError, match="只有集体劳动争议"):
        services.set_representatives(small, [], by=county_staff)


def test_an_agent_needs_the_signed_authorisation(commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff)
    applicant = dispute.parties.get(role=PartyRole.APPLICANT)
    with pytest.raises(DisputeError, match="授权委托书") as refused:
        services.add_agent(
            dispute, applicant, None, kind=AgentKind.LAWYER, name="陈律师", by=county_staff
        )
    assert refused.value.field == "file"
    with pytest.raises(DisputeError, match="照片（JPG、PNG）或 PDF"):
        services.add_agent(
            dispute,
            applicant,
            letter("a.txt", b"not a letter"),
            kind=AgentKind.LAWYER,
            name="陈律师",
            by=county_staff,
        )
    with pytest.raises(DisputeError, match="用人单位工作人员只能代理用人单位"):
        services.add_agent(
            dispute, applicant, letter(), kind=AgentKind.EMPLOYEE, name="某人", by=county_staff
        )
    agent = services.add_agent(
        dispute, applicant, letter(), kind=AgentKind.LEGAL_AID, name="陈律师", by=county_staff
    )
    assert agent.principal == applicant and bytes(agent.authorisation).startswith(b"%PDF")
    services.add_agent(
        dispute, applicant, letter(), kind=AgentKind.RELATIVE, name="张父", by=county_staff
    )
    with pytest.raises(DisputeError, match="一至二名代理人"):
        services.add_agent(
            dispute, applicant, letter(), kind=AgentKind.UNION, name="工会", by=county_staff
        )
    assert AuditEvent.objects.filter(
        action="disputes.agent.refused", result=Result.REFUSED
    ).exists()


def test_a_leader_may_not_add_an_agent(commission, worker, county_staff, leader):
    dispute = file_case(commission, worker, by=county_staff)
    with pytest.raises(PermissionDenied):
        services.add_agent(
            dispute,
            dispute.parties.get(role=PartyRole.APPLICANT),
            letter(),
            kind=AgentKind.LAWYER,
            name="陈律师",
            by=leader,
        )


def test_staff_add_an_agent_on_the_case_page_and_open_the_letter_audited(
    client, commission, worker, county_staff, outsider
):
    dispute = file_case(commission, worker, by=county_staff)
    applicant = dispute.parties.get(role=PartyRole.APPLICANT)
    client.force_login(county_staff)
    client.post(
        reverse("disputes:step", args=[dispute.pk, "agent"]),
        {
            "agent-principal": applicant.pk,
            "agent-kind": AgentKind.LAWYER,
            "agent-name": "陈律师",
            "agent-phone": "13800001234",
            "agent-file": letter(),
        },
    )
    agent = dispute.parties.get(role=PartyRole.AGENT)
    page = client.get(reverse("disputes:detail", args=[dispute.pk])).content.decode()
    assert "陈律师" in page and "138****1234" in page and "13800001234" not in page
    response = client.get(reverse("disputes:authorisation", args=[agent.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="disputes.authorisation.opened").exists()
    client.force_login(outsider)
    assert client.get(reverse("disputes:authorisation", args=[agent.pk])).status_code == 404


def test_the_application_names_the_agents(commission, worker, county_staff):
    from homeward.disputes import documents

    dispute = file_case(commission, worker, by=county_staff)
    services.add_agent(
        dispute,
        dispute.parties.get(role=PartyRole.APPLICANT),
        letter(),
        kind=AgentKind.LAWYER,
        name="陈律师",
        by=county_staff,
    )
    document = services._make_document(dispute, "application", by=county_staff)
    assert "陈律师（律师，张三的代理人）" in documents.text_of(bytes(document.content))
