"""Invitations: the candidates of a policy invited (all, or `only` some), sent as the
invitation's own SMS template whether or not a job matches them, and the invitations table of
the index and the policy page, each figure opening the people behind it, in the viewer's area."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from homeward.campaigns import sending
from homeward.campaigns.models import Delivery
from homeward.outreach import gateways
from homeward.scoping import area_scope
from homeward.subsidies import services
from homeward.subsidies.models import Candidate, Invitation
from tests.campaigns.conftest import FakeGateway
from tests.factories import COUNTY, COUNTY_B, make_staff

from .conftest import card, make_returnee

pytestmark = pytest.mark.django_db
DAYTIME = datetime.datetime(
    2026, 12, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)


@pytest.fixture
def fake_gateway(settings, monkeypatch):
    fake = FakeGateway()
    monkeypatch.setitem(gateways.GATEWAYS, "fake", fake)
    settings.HOMEWARD_SMS_GATEWAY = "fake"
    return fake


@pytest.fixture
def listed(bonus):
    people = [
        make_returnee(
            sequence=60 + n, name=f"候选{n}", phone=f"1390000006{n}", consents_to_contact=True
        )
        for n in range(3)
    ]
    services.scan_candidates(COUNTY)
    assert Candidate._base_manager.filter(version__policy=bonus).count() == 3
    return people


@time_machine.travel(DAYTIME, tick=False)
def test_an_invitation_goes_out_as_its_own_sms_template_without_jobs(
    fake_gateway, bonus, listed, county_staff
):
    """No job is open: a job push would skip everyone (no_job); the invitation reaches them."""
    first, second, _third = listed
    with area_scope(COUNTY):
        campaign, queued, skipped = services.invite_candidates(
            bonus, by=county_staff, only={first.pk, second.pk}
        )
    assert (queued, skipped) == (2, 0) and campaign.sms_template == "subsidy_invite"
    sending.dispatch_batch(campaign.pk, follow_up=False)
    assert {m.worker_id for m in fake_gateway.sent} == {first.pk, second.pk}
    for message in fake_gateway.sent:
        delivery = Delivery._base_manager.get(campaign=campaign, worker_id=message.worker_id)
        assert message.template == "subsidy_invite" and message.template != "job_push"
        name, link = message.params  # (name, link): no jobs
        assert name.startswith("候") and link.endswith(f"/r/{delivery.token}")
        assert bonus.name in message.text and delivery.status == "sent"


def test_inviting_only_people_not_listed_is_refused(bonus, listed, county_staff):
    stranger = make_returnee(sequence=70, name="不在名单")
    Candidate._base_manager.filter(worker=stranger).delete()
    with area_scope(COUNTY), pytest.raises(services.SubsidyError, match="没有待邀请"):
        services.invite_candidates(bonus, by=county_staff, only={stranger.pk})
    assert not Invitation._base_manager.exists()


def test_a_leader_may_not_invite(bonus, listed):
    leader = make_staff(COUNTY, username="leader", role="leader")
    with area_scope(COUNTY), pytest.raises(PermissionDenied):
        services.invite_candidates(bonus, by=leader)
    assert not Invitation._base_manager.exists()


def test_the_invitations_table_opens_the_people_behind_each_figure(
    client, bonus, listed, county_staff, city_staff
):
    first, second, third = listed
    with area_scope(COUNTY):
        campaign, _queued, _skipped = services.invite_candidates(bonus, by=county_staff)
    invitation = Invitation._base_manager.get(campaign=campaign)
    Delivery._base_manager.filter(campaign=campaign, worker=third).update(
        status="skipped", skip_reason="weekly_cap"
    )
    Delivery._base_manager.filter(campaign=campaign, worker=first).update(
        status="sent", clicked_at=datetime.datetime.now(datetime.UTC)
    )
    services.apply_for(bonus, worker=first, bank_name="农行", bank_account=card())
    people = reverse("subsidies:invitation", args=[invitation.pk])
    pages = [(county_staff, reverse("subsidies:index"))]
    pages.append((city_staff, reverse("subsidies:policy", args=[bonus.pk])))  # a city policy
    for user, page in pages:
        client.force_login(user)
        html = client.get(page).content.decode()
        assert 'data-testid="invitations"' in html
        for show, n in (("", 3), ("?show=sent", 1), ("?show=skipped", 1), ("?show=applied", 1)):
            assert f'<a href="{people}{show}">{n}</a>' in html
    html = client.get(people).content.decode()
    assert all(p.name in html for p in listed)
    html = client.get(people + "?show=applied").content.decode()
    assert first.name in html and second.name not in html and third.name not in html
    html = client.get(people + "?show=skipped").content.decode()
    assert third.name in html and first.name not in html


def test_another_countys_staff_see_no_invitation_and_its_people_answer_404(
    client, bonus, listed, county_staff, outsider
):
    with area_scope(COUNTY):
        campaign, _queued, _skipped = services.invite_candidates(bonus, by=county_staff)
    invitation = Invitation._base_manager.get(campaign=campaign)
    client.force_login(outsider)
    assert outsider.region_id == COUNTY_B
    html = client.get(reverse("subsidies:index")).content.decode()
    assert 'data-testid="invitations"' not in html
    assert client.get(reverse("subsidies:invitation", args=[invitation.pk])).status_code == 404
