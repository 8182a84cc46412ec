"""A wage-arrears clue (欠薪线索, homeward/wages) transferred to arbitration with its facts
through `services.transfer_clue` (GET/POST /disputes/from-clue/<pk>/, a link on the clue's page):
the dispute filed for the clue's worker against its employer for the wages still unpaid, the
clue moved to "transferred to arbitration" in the same transaction; refusals write nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from homeward.audit.models import AuditEvent, Result
from homeward.disputes import services
from homeward.disputes.models import Dispute
from homeward.disputes.services import DisputeError
from homeward.wages.models import ArrearsClue, ClueState
from tests.factories import COUNTY, COUNTY_B

from .conftest import make_commission


@pytest.fixture
def clue(worker, employer):
    return ArrearsClue.objects.create(
        number="QX2026000123",
        worker=worker,
        region_id=COUNTY,
        employer=employer,
        amount_claimed=Decimal("12000.00"),
        amount_recovered=Decimal("2000.00"),
        period_from=date(2026, 6, 1),
        period_to=date(2026, 8, 31),
        description="在厂里做装配工，6 月到 8 月的工资未发。",
        state=ClueState.INVESTIGATING,
        received_on=date(2026, 9, 10),
    )


def test_the_clue_becomes_a_dispute_with_its_facts(clue, commission, county_staff, worker):
    filing = services.transfer_clue(
        clue, commission=commission, on=date(2026, 11, 2), by=county_staff
    )
    dispute = Dispute.objects.get(pk=filing.dispute.pk)
    assert (dispute.source, dispute.transferred_from) == ("wage_case", "QX2026000123")
    assert "QX2026000123" in dispute.facts and "装配工" in dispute.facts
    assert "2026 年 6 月 1 日至2026 年 8 月 31 日" in dispute.facts
    assert [(c.kind, c.amount) for c in dispute.claims.all()] == [("wages", Decimal("10000.00"))]
    assert dispute.parties.get(role="applicant").worker == worker
    assert dispute.parties.get(role="respondent").employer == clue.employer
    clue.refresh_from_db()
    assert clue.state == ClueState.ARBITRATION and clue.closed_on is not None
    moved = AuditEvent.objects.get(action="wages.clue.moved", result=Result.OK)
    assert moved.detail == {"from": "investigating", "to": "arbitration"}
    transferred = AuditEvent.objects.get(action="disputes.dispute.transferred")
    assert transferred.detail == {"clue": "QX2026000123", "unpaid": "10000.00"}


def test_the_page_transfers_and_opens_the_case(client, clue, commission, county_staff):
    client.force_login(county_staff)
    page = client.get(reverse("wages:clue", args=[clue.pk])).content.decode()
    assert reverse("disputes:from-clue", args=[clue.pk]) in page
    url = reverse("disputes:from-clue", args=[clue.pk])
    assert commission.title in client.get(url).content.decode()
    response = client.post(url, {"commission": commission.pk})
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "disputes:detail", args=[dispute.pk]
    )
    page = client.get(reverse("wages:clue", args=[clue.pk])).content.decode()
    assert 'data-testid="clue-to-arbitration"' not in page  # transferred: no second link


def test_no_commission_chosen_is_a_chinese_error(client, clue, commission, county_staff):
    client.force_login(county_staff)
    response = client.post(reverse("disputes:from-clue", args=[clue.pk]), {"commission": ""})
    assert response.status_code == 400 and "请选择受理案件的仲裁委员会" in response.content.decode()
    assert not Dispute.objects.exists()


def _refused(clue, commission, by, message):
    with pytest.raises(DisputeError, match=message):
        services.transfer_clue(clue, commission=commission, by=by)
    assert not Dispute.objects.exists()
    assert AuditEvent.objects.filter(
        action="disputes.transfer.refused", result=Result.REFUSED
    ).exists()


@pytest.mark.parametrize("state", [ClueState.RECEIVED, ClueState.CLOSED, ClueState.ARBITRATION])
def test_a_clue_that_cannot_move_to_arbitration_is_refused(clue, commission, county_staff, state):
    ArrearsClue.objects.filter(pk=clue.pk).update(state=state)
    clue.refresh_from_db()
    _refused(clue, commission, county_staff, "不能移送仲裁")
    clue.refresh_from_db()
    assert clue.state == state


def test_a_commission_of_another_county_is_refused(clue, county_staff):
    other = make_commission(COUNTY_B, prefix="宿豫劳人仲案字")
    _refused(clue, other, county_staff, "不管辖")
    clue.refresh_from_db()
    assert clue.state == ClueState.INVESTIGATING


def test_nothing_left_unpaid_is_refused(clue, commission, county_staff):
    ArrearsClue.objects.filter(pk=clue.pk).update(amount_recovered=Decimal("12000.00"))
    clue.refresh_from_db()
    _refused(clue, commission, county_staff, "已全部追回")


def test_a_leader_may_not(clue, commission, leader):
    with pytest.raises(PermissionDenied):
        services.transfer_clue(clue, commission=commission, by=leader)
    assert not Dispute.objects.exists()
