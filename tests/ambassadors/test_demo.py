"""The demo's ambassadors: two of the follow-ups' town, referrals recorded before the hires, so
the bounty list has one due, some waiting and some excluded; made once, the clock untouched."""

from collections import Counter

import pytest
from django.utils import timezone

from homeward.ambassadors.demo_data import fill_ambassadors
from homeward.ambassadors.models import Ambassador, Referral
from homeward.ambassadors.services import verdicts
from homeward.followups.demo_data import fill_followups
from homeward.operations.demo import demo_regions  # test side: the demo accounts' chain
from tests.factories import CITY, make_employer, make_worker
from tests.fairs.conftest import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(city):
    chain = demo_regions(CITY)
    employer = make_employer(chain["county"].code)
    for title in ("电焊工", "普工", "叉车工"):
        published(employer, title=title)
    for n in range(1, 8):
        make_worker(chain["village"].code, sequence=n)
    return chain


def test_a_past_season_of_referrals_with_bounties_due(seeded):
    assert fill_followups([CITY]) == 6
    made = fill_ambassadors([CITY])
    assert made == {"ambassadors": 2, "referrals": 5}
    today = timezone.localdate()
    ambassadors = list(Ambassador.objects.all())
    assert all(a.starts_on < today and a.region_id == seeded["town"].code for a in ambassadors)
    assert all(r.referred_at.date() < today for r in Referral.objects.all())
    states = Counter(v.state for v in verdicts(today=today))
    assert states == {"due": 1, "waiting": 2, "excluded": 2}
    assert fill_ambassadors([CITY]) == {"ambassadors": 0, "referrals": 0}


def test_the_staff_home_lists_the_bounties_due(seeded, client):
    from django.urls import reverse

    from tests.factories import make_staff

    fill_followups([CITY])
    fill_ambassadors([CITY])
    client.force_login(make_staff(seeded["town"].code, username="bounty-approver"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="queue-ambassadors"' in page and "招聘大使奖励待审核" in page
    client.force_login(make_staff(seeded["village"].code, username="village-only"))
    assert 'data-testid="queue-ambassadors"' not in client.get(reverse("home")).content.decode()
