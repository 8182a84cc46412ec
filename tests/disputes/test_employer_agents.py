"""The respondent employer appoints its own agent on the employer portal
(POST /e/disputes/<pk>/agents) through `services.add_agent`, the service staff use: only for its
own respondent party, only a lawyer or its staff (EMPLOYER_AGENT_KINDS), with the signed
authorisation; one or two agents a party, counted under a lock of the principal's row."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse

from homeward.audit.models import AuditEvent, Result
from homeward.disputes import services
from homeward.disputes.models import AgentKind, Party, PartyRole
from homeward.disputes.services import DisputeError
from homeward.scoping import unscoped
from tests.factories import TOWN, make_employer
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

from .conftest import accepted_case

LETTER = b"%PDF-1.4 signed authorisation"


def _letter(name="委托书.pdf", content=LETTER):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def hr(employer):
    return make_employer_user(employer)


@pytest.fixture
def case(commission, worker, county_staff, employer):
    return accepted_case(commission, worker, county_staff, employer=employer)


def _post(client, case, **fields):
    data = {"kind": "lawyer", "name": "周律师", "phone": "13912345678", "file": _letter()}
    data.update(fields)
    if data["file"] is None:
        del data["file"]
    return client.post(reverse("portal:employer-dispute-agent-add", args=[case.pk]), data)


def _agents(case):
    return Party._base_manager.filter(dispute=case, role=PartyRole.AGENT)


def test_the_employer_adds_its_lawyer_and_its_staff(client, case, hr):
    sign_in_employer(client, hr)
    response = _post(client, case)
    assert response.status_code == 302
    lawyer = _agents(case).get()
    assert lawyer.principal.role == PartyRole.RESPONDENT
    assert (lawyer.agent_kind, lawyer.name, lawyer.phone) == ("lawyer", "周律师", "13912345678")
    assert bytes(lawyer.authorisation) == LETTER
    added = AuditEvent.objects.get(action="disputes.agent.added")
    assert added.detail["by_employer"] and added.detail["employer_user"] == hr.pk
    _post(client, case, kind="employee", name="人事部 李某", phone="")
    page = client.get(reverse("portal:employer-dispute", args=[case.pk])).content.decode()
    assert "周律师" in page and "人事部 李某" in page
    assert "13912345678" not in page  # masked
    assert 'data-testid="agent-form"' not in page  # two agents: no third


@pytest.mark.parametrize("kind", ["relative", "union", "legal_aid", "judge", ""])
def test_it_refuses_a_kind_the_employer_may_not_appoint(client, case, hr, kind):
    sign_in_employer(client, hr)
    response = _post(client, case, kind=kind)
    assert response.status_code == 400
    assert "只能委托律师或本单位工作人员" in response.content.decode()
    assert not _agents(case).exists()
    assert AuditEvent.objects.filter(
        action="disputes.agent.refused", result=Result.REFUSED
    ).exists()


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"name": "  "}, "请填写代理人姓名"),
        ({"name": "周" * 51}, "不超过 50 字"),
        ({"phone": "12345"}, "代理人手机号"),
        ({"file": None}, "请上传"),
        ({"file": _letter("a.exe", b"MZ\x90\x00 not a letter")}, "授权委托书应是"),
        ({"file": _letter("empty.pdf", b"")}, "授权委托书应是"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(client, case, hr, fields, words):
    sign_in_employer(client, hr)
    response = _post(client, case, **fields)
    assert response.status_code == 400 and words in response.content.decode()
    assert not _agents(case).exists()


def test_another_employers_case_is_404_and_nothing_is_written(client, case, employer):
    other = make_employer_user(make_employer(TOWN, name="别的公司"), phone="13900002222")
    sign_in_employer(client, other)
    assert _post(client, case).status_code == 404
    assert not _agents(case).exists()
    assert AuditEvent.objects.filter(
        action="disputes.dispute.read_refused", result=Result.REFUSED
    ).exists()


def test_the_service_refuses_the_employer_acting_for_the_worker(case, hr):
    applicant = case.parties.get(role=PartyRole.APPLICANT)
    with pytest.raises(DisputeError, match="只能为本单位委托代理人"):
        services.add_agent(
            case, applicant, _letter(), kind="lawyer", name="周律师", employer_user=hr
        )
    assert not _agents(case).exists()


def test_a_staff_session_is_nobody_on_the_employer_agent_page(client, case, county_staff):
    client.force_login(county_staff)
    assert _post(client, case).status_code == 302  # to the employer sign-in
    assert not _agents(case).exists()


def test_a_third_agent_is_refused_for_staff_and_employer_alike(case, hr, county_staff):
    respondent = case.parties.get(role=PartyRole.RESPONDENT)
    services.add_agent(case, respondent, _letter(), kind="lawyer", name="甲", employer_user=hr)
    services.add_agent(case, respondent, _letter(), kind="employee", name="乙", by=county_staff)
    with pytest.raises(DisputeError, match="已委托两名代理人"):
        services.add_agent(case, respondent, _letter(), kind="lawyer", name="丙", employer_user=hr)
    with pytest.raises(DisputeError, match="已委托两名代理人"):
        services.add_agent(case, respondent, _letter(), kind="union", name="丁", by=county_staff)
    assert _agents(case).count() == 2


def test_staff_still_appoint_the_other_kinds(case, county_staff):
    applicant = case.parties.get(role=PartyRole.APPLICANT)
    agent = services.add_agent(
        case, applicant, _letter(), kind=AgentKind.RELATIVE, name="张父", by=county_staff
    )
    assert agent.principal == applicant


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL")
def test_four_agents_at_once_make_only_two(transactional_db):
    from tests.disputes.conftest import make_commission
    from tests.factories import COUNTY, VILLAGE, make_staff, make_worker

    staff = make_staff(COUNTY, username="race-staff")
    employer = make_employer(TOWN, name="并发公司")
    users = [make_employer_user(employer, phone=f"1390000{i:04d}") for i in range(4)]
    dispute = accepted_case(
        make_commission(chair=staff), make_worker(VILLAGE, sequence=9), staff, employer=employer
    )
    respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
    barrier = threading.Barrier(len(users))
    outcomes = []

    def work(user):
        try:
            with unscoped():
                barrier.wait()
                try:
                    services.add_agent(
                        dispute, respondent, _letter(), kind="lawyer", name="律师",
                        employer_user=user,
                    )  # fmt: skip
                    outcomes.append("ok")
                except DisputeError as error:
                    outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _agents(dispute).count() == 2 and outcomes.count("ok") == 2
