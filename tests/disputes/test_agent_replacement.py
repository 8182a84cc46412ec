"""An agent replaced by another in one step (更换代理人) through `services.replace_agent`, for
staff (the case page's step "agent_replace") and for the respondent employer
(POST /e/disputes/agents/<pk>/replace, its own agents only): the old one withdrawn with the
reason and the new one added for the same party in one transaction — a refusal, or a failure
half-way, leaves the old agent acting and adds nobody."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse

from homeward.audit.models import AuditEvent, Result
from homeward.disputes import services
from homeward.disputes.models import Party, PartyRole
from homeward.disputes.services import DisputeError
from homeward.scoping import unscoped
from tests.factories import TOWN, make_employer
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

from .conftest import accepted_case

LETTER = b"%PDF-1.4 new letter"


def _letter(content=LETTER):
    return SimpleUploadedFile("委托书.pdf", content, content_type="application/pdf")


@pytest.fixture
def hr(employer):
    return make_employer_user(employer)


@pytest.fixture
def case(commission, worker, county_staff, employer):
    return accepted_case(commission, worker, county_staff, employer=employer)


def _add(case, role, *, name, kind="lawyer", **who):
    principal = case.parties.get(role=role)
    return services.add_agent(
        case, principal, _letter(b"%PDF-1.4 old"), kind=kind, name=name, **who
    )


def _acting(case, role):
    return list(
        Party._base_manager.filter(
            dispute=case, role=PartyRole.AGENT, principal__role=role, withdrawn_at__isnull=True
        )
        .order_by("pk")
        .values_list("name", flat=True)
    )


def test_staff_replace_an_agent_in_one_step(case, county_staff):
    old = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    _add(case, PartyRole.APPLICANT, name="工会 李某", kind="union", by=county_staff)
    new = services.replace_agent(
        old, _letter(), kind="lawyer", name="周律师", phone="13912345678",
        reason="改请律师", by=county_staff,
    )  # fmt: skip
    old.refresh_from_db()
    assert old.withdrawn_at is not None and old.withdrawn_reason == "改请律师"
    assert (new.principal_id, new.agent_kind, new.phone) == (
        old.principal_id,
        "lawyer",
        "13912345678",
    )
    assert bytes(new.authorisation) == LETTER
    # two agents before and after: the place freed and taken in the same transaction
    assert _acting(case, PartyRole.APPLICANT) == ["工会 李某", "周律师"]
    replaced = AuditEvent.objects.get(action="disputes.agent.replaced")
    assert replaced.detail == {"old": old.pk, "new": new.pk, "by_employer": False}
    assert AuditEvent.objects.get(action="disputes.agent.removed").detail["replaced"] is True


def test_staff_replace_on_the_case_page(client, case, county_staff):
    old = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    client.force_login(county_staff)
    page = client.get(reverse("disputes:detail", args=[case.pk])).content.decode()
    assert 'data-testid="step-agent_replace"' in page
    client.post(
        reverse("disputes:step", args=[case.pk, "agent_replace"]),
        {
            "agent_replace-agent": old.pk,
            "agent_replace-reason": "改请律师",
            "agent_replace-kind": "lawyer",
            "agent_replace-name": "周律师",
            "agent_replace-phone": "",
            "agent_replace-file": _letter(),
        },
    )
    assert _acting(case, PartyRole.APPLICANT) == ["周律师"]
    page = client.get(reverse("disputes:detail", args=[case.pk])).content.decode()
    assert f'data-testid="agent-withdrawn-{old.pk}"' in page


def test_a_failure_half_way_leaves_the_old_agent_in_place(case, county_staff, monkeypatch):
    """The new agent's row fails after the old one was withdrawn: the withdrawal is rolled back."""
    old = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_create_agent", broken)
    with pytest.raises(RuntimeError):
        services.replace_agent(
            old, _letter(), kind="lawyer", name="周律师", reason="改请律师", by=county_staff
        )
    old.refresh_from_db()
    assert old.withdrawn_at is None and old.withdrawn_reason == ""
    assert _acting(case, PartyRole.APPLICANT) == ["张父"]
    assert not AuditEvent.objects.filter(action="disputes.agent.removed").exists()


@pytest.mark.parametrize(
    "change, message, field",
    [
        ({"upload": None}, "授权委托书", "file"),
        ({"upload": "text"}, "授权委托书应是", "file"),
        ({"name": " "}, "代理人姓名", "name"),
        ({"reason": ""}, "解除委托的原因", "reason"),
        ({"kind": "employee"}, "用人单位工作人员只能代理用人单位", "kind"),
        ({"phone": "123"}, "代理人手机号", "phone"),
    ],
)
def test_a_refusal_leaves_the_old_agent_acting(case, county_staff, change, message, field):
    old = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    args = {"upload": _letter(), "kind": "lawyer", "name": "周律师", "reason": "改请律师"}
    args.update(change)
    if args["upload"] == "text":
        args["upload"] = SimpleUploadedFile("a.txt", b"just text", content_type="text/plain")
    with pytest.raises(DisputeError, match=message) as refused:
        services.replace_agent(old, args.pop("upload"), by=county_staff, **args)
    assert refused.value.field == field
    old.refresh_from_db()
    assert old.withdrawn_at is None
    assert _acting(case, PartyRole.APPLICANT) == ["张父"]
    assert AuditEvent.objects.filter(
        action="disputes.agent.refused", result=Result.REFUSED
    ).exists()


def test_a_withdrawn_agent_cannot_be_replaced(case, county_staff):
    old = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    services.remove_agent(old, reason="自行参加", by=county_staff)
    with pytest.raises(DisputeError, match="已解除委托"):
        services.replace_agent(
            old, _letter(), kind="lawyer", name="周律师", reason="x", by=county_staff
        )
    assert _acting(case, PartyRole.APPLICANT) == []
    assert AuditEvent.objects.filter(action="disputes.agent.refused").exists()


def test_only_an_agent_is_replaced(case, county_staff):
    with pytest.raises(DisputeError, match="只能解除委托代理人"):
        services.replace_agent(
            case.parties.get(role=PartyRole.APPLICANT),
            _letter(),
            kind="lawyer",
            name="周律师",
            reason="x",
            by=county_staff,
        )


def test_a_leader_may_not(case, county_staff, leader):
    from django.core.exceptions import PermissionDenied

    old = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    with pytest.raises(PermissionDenied):
        services.replace_agent(old, _letter(), kind="lawyer", name="周律师", reason="x", by=leader)
    assert _acting(case, PartyRole.APPLICANT) == ["张父"]


def _replace_url(agent):
    return reverse("portal:employer-dispute-agent-replace", args=[agent.pk])


def _form(**fields):
    data = {
        "reason": "更换律师",
        "kind": "lawyer",
        "name": "丙律师",
        "phone": "",
        "file": _letter(),
    }
    data.update(fields)
    return data


def test_the_employer_replaces_its_lawyer_with_both_places_taken(client, case, hr):
    first = _add(case, PartyRole.RESPONDENT, name="甲律师", employer_user=hr)
    _add(case, PartyRole.RESPONDENT, name="乙", kind="employee", employer_user=hr)
    sign_in_employer(client, hr)
    page = client.get(reverse("portal:employer-dispute", args=[case.pk])).content.decode()
    assert f'data-testid="agent-replace-{first.pk}"' in page
    assert client.post(_replace_url(first), _form()).status_code == 302
    assert _acting(case, PartyRole.RESPONDENT) == ["乙", "丙律师"]
    replaced = AuditEvent.objects.get(action="disputes.agent.replaced")
    assert replaced.detail["by_employer"] is True
    page = client.get(reverse("portal:employer-dispute", args=[case.pk])).content.decode()
    assert "丙律师" in page and "甲律师" not in page
    # the old agent, withdrawn, cannot be replaced a second time
    response = client.post(_replace_url(first), _form(name="丁律师"))
    assert response.status_code == 400 and "已解除委托" in response.content.decode()
    assert _acting(case, PartyRole.RESPONDENT) == ["乙", "丙律师"]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"kind": "relative"}, "只能委托律师或本单位工作人员"),
        ({"file": None}, "授权委托书"),
        ({"reason": ""}, "解除委托的原因"),
    ],
)
def test_the_employer_refused_keeps_its_agent(client, case, hr, fields, message):
    first = _add(case, PartyRole.RESPONDENT, name="甲律师", employer_user=hr)
    sign_in_employer(client, hr)
    data = _form(**fields)
    if data["file"] is None:
        del data["file"]
    response = client.post(_replace_url(first), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _acting(case, PartyRole.RESPONDENT) == ["甲律师"]


def test_the_employer_may_not_replace_the_workers_agent(client, case, hr, county_staff):
    agent = _add(case, PartyRole.APPLICANT, name="张父", kind="relative", by=county_staff)
    sign_in_employer(client, hr)
    assert client.post(_replace_url(agent), _form()).status_code == 404
    assert _acting(case, PartyRole.APPLICANT) == ["张父"]
    assert _acting(case, PartyRole.RESPONDENT) == []


def test_another_employer_gets_404(client, case, hr):
    agent = _add(case, PartyRole.RESPONDENT, name="甲律师", employer_user=hr)
    other = make_employer_user(make_employer(TOWN, name="别的公司"), phone="13900002222")
    sign_in_employer(client, other)
    assert client.post(_replace_url(agent), _form()).status_code == 404
    assert _acting(case, PartyRole.RESPONDENT) == ["甲律师"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL")
def test_replacements_and_adds_at_once_never_lose_the_place(transactional_db):
    """Both places taken; two replacements and two additions at once: the replacements both
    succeed (no addition slips into a place freed half-way), the additions are refused."""
    from tests.disputes.conftest import make_commission
    from tests.factories import COUNTY, VILLAGE, make_staff, make_worker

    staff = make_staff(COUNTY, username="race-staff")
    employer = make_employer(TOWN, name="并发公司")
    hr = make_employer_user(employer, phone="13900005555")
    dispute = accepted_case(
        make_commission(chair=staff), make_worker(VILLAGE, sequence=9), staff, employer=employer
    )
    first = _add(dispute, PartyRole.RESPONDENT, name="甲律师", employer_user=hr)
    second = _add(dispute, PartyRole.RESPONDENT, name="乙律师", employer_user=hr)
    respondent = dispute.parties.get(role=PartyRole.RESPONDENT)
    jobs = [
        ("replace", first, "丙律师"),
        ("replace", second, "丁律师"),
        ("add", None, "戊律师"),
        ("add", None, "己律师"),
    ]
    barrier = threading.Barrier(len(jobs))
    outcomes = {}

    def work(kind, old, name):
        try:
            with unscoped():
                barrier.wait()
                try:
                    if kind == "replace":
                        services.replace_agent(
                            old, _letter(), kind="lawyer", name=name, reason="更换",
                            employer_user=hr,
                        )  # fmt: skip
                    else:
                        services.add_agent(
                            dispute, respondent, _letter(), kind="lawyer", name=name,
                            employer_user=hr,
                        )  # fmt: skip
                    outcomes[name] = "ok"
                except DisputeError as error:
                    outcomes[name] = str(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes["丙律师"] == outcomes["丁律师"] == "ok"
    assert "已委托两名代理人" in outcomes["戊律师"] and "已委托两名代理人" in outcomes["己律师"]
    assert sorted(_acting(dispute, PartyRole.RESPONDENT)) == sorted(["丙律师", "丁律师"])
