"""The worker's /m/ventures: their own venture with its jobs; the showcases of their area with one
vote per verified phone per day (a second tap refused); another area's showcase answers 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.ventures import services
from homeward.ventures.models import Showcase, Vote
from tests.factories import WORKER_PHONE
from tests.portal.helpers import sign_in_worker
from tests.ventures.helpers import credit_code, make_venture


@pytest.fixture
def showcase(worker, town_staff, county_staff):
    today = timezone.localdate()
    shown = services.create_showcase(
        Showcase(title="宿城区返乡创业明星评选", region_id="321302", opens_on=today,
                 closes_on=today + timedelta(days=7)),
        by=county_staff,
    )  # fmt: skip
    services.add_entry(shown, make_venture(worker, town_staff), by=county_staff)
    return shown


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_founder_sees_their_venture_and_votes_once(client, worker, showcase):
    sign_in_worker(client, worker)
    home = client.get(reverse("portal:ventures"))
    assert [v.founder for v in home.context["mine"]] == [worker]
    assert [s.pk for s in home.context["showcases"]] == [showcase.pk]
    entry = showcase.entries.get()
    url = reverse("portal:venture-vote", args=[showcase.pk])
    done = client.post(url, {"entry": entry.pk}, follow=True)
    assert "投票成功" in _messages(done)
    again = client.post(url, {"entry": entry.pk}, follow=True)
    assert "今天已经投过票了，明天再来" in _messages(again) and Vote.objects.count() == 1
    vote = Vote.objects.get()
    assert vote.address_hash and "127.0.0.1" not in vote.address_hash
    assert vote.flags == ["new_number"]  # the account was made in this test
    assert vote.phone_masked.startswith(WORKER_PHONE[:3]) and WORKER_PHONE not in vote.phone_masked
    page = client.get(reverse("portal:venture-showcase", args=[showcase.pk]))
    assert page.context["my_vote"] == vote


def test_another_areas_showcase_answers_404(client, worker, outsider):
    today = timezone.localdate()
    far = services.create_showcase(
        Showcase(title="宿豫区评选", region_id="321311", opens_on=today, closes_on=today),
        by=outsider,
    )
    other = make_venture(
        __import__("tests.factories", fromlist=["make_worker"]).make_worker(
            "321311001001", sequence=41
        ),
        outsider, region="321311001", credit_code=credit_code("321311"),
    )  # fmt: skip
    services.add_entry(far, other, by=outsider)
    sign_in_worker(client, worker)
    assert client.get(reverse("portal:venture-showcase", args=[far.pk])).status_code == 404
    response = client.post(reverse("portal:venture-vote", args=[far.pk]),
                           {"entry": far.entries.get().pk})  # fmt: skip
    assert response.status_code == 404 and not Vote.objects.exists()
