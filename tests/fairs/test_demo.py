"""The demo's fairs: a past spring season made through the services, once."""

import datetime

import pytest

from homeward.fairs.demo_data import SEASON, fill_fairs
from homeward.fairs.models import Booth, BoothStatus, CaravanStop, CheckIn, Fair, Intention, Kind
from homeward.operations.demo import demo_regions  # test side: the demo accounts' chain
from homeward.placements.models import Source, Status
from homeward.scoping import unscoped
from tests.factories import CITY, make_employer, make_worker
from tests.fairs.conftest import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(city):
    county = demo_regions(CITY)["county"]
    village = demo_regions(CITY)["village"]
    employer = make_employer(county.code)
    published(employer, title="电焊工")
    published(employer, title="普工")
    for n, low in enumerate(["low_income", "monitored", "", ""], start=1):
        make_worker(village.code, sequence=n, low_income=low)
    return county


def test_fill_fairs_makes_a_past_season_once(seeded):
    made = fill_fairs([CITY])
    with unscoped():
        fairs = Fair.objects.filter(season=SEASON)
        assert made == {"fairs": 7, "booths": 7, "checkins": 4, "intentions": 2, "hires": 1}
        assert sorted(fairs.values_list("kind", flat=True)) == sorted(Kind.values)
        assert all(f.ends_on.year == 2026 and f.ends_on.month <= 3 for f in fairs)
        assert CaravanStop.objects.filter(fair__kind=Kind.CARAVAN).exists()
        assert Booth.objects.filter(status=BoothStatus.APPROVED).count() == 7
        assert CheckIn.objects.exclude(worker__low_income="").count() == 2
        intentions = Intention.objects.select_related("application")
        assert intentions.count() == 2
        assert {i.application.source for i in intentions} == {Source.FAIR}
        assert [i.application.status for i in intentions].count(Status.HIRED) == 1
        counts = (Fair.objects.count(), CheckIn.objects.count(), Intention.objects.count())

    assert fill_fairs([CITY]) == dict.fromkeys(made, 0)
    with unscoped():
        assert (Fair.objects.count(), CheckIn.objects.count(), Intention.objects.count()) == counts


def test_the_season_is_recorded_on_its_days_without_touching_the_clock(seeded):
    from django.utils import timezone

    fill_fairs([CITY])
    with unscoped():
        for checkin in CheckIn.objects.select_related("fair"):
            assert timezone.localtime(checkin.at).date() == checkin.fair.starts_on
        for fair in Fair.objects.filter(season=SEASON):
            assert fair.created_at.date() < fair.starts_on
    # The audit rows were written now: the demo does not pretend to have run in the past.
    from homeward.audit.models import AuditEvent

    newest = AuditEvent.objects.filter(action="fairs.checkin.created").order_by("-pk").first()
    assert newest.at.date() >= timezone.now().date() - datetime.timedelta(days=1)
