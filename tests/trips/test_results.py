"""The trips' figures against a hand-counted fixture: 5 signed up on a trip home of 10 days ago,
4 boarded, of whom 2 hired within 60 days (one on the day, one on day 60); one hired on day 61
and one hired before the trip do not count, nor a hire of someone who did not board. A trip out:
2 signed up, 1 arrival confirmed (placed out). Each figure's list holds the same people."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.trips.models import SignUp, Trip
from homeward.trips.results import figures, figures_of, rows
from tests.factories import VILLAGE, make_employer, make_hire, make_posting, make_trip, make_worker


@pytest.fixture
def fixture(county_a):
    today = timezone.localdate()
    home = make_trip(county_a.code, seats=10)
    Trip.objects.filter(pk=home.pk).update(departs_on=today - datetime.timedelta(days=10))
    home.refresh_from_db()
    day = home.departs_on
    people = [make_worker(VILLAGE, sequence=40 + i) for i in range(5)]
    for i, person in enumerate(people):
        boarded = timezone.now() if i < 4 else None
        SignUp(trip=home, worker=person, channel="staff", boarded_at=boarded).save()
    employer = make_employer(county_a.code)
    # Hires written directly with dates around the trip (the hire service checks today's window).
    make_hire(people[0], make_posting(employer), hired_on=day)
    make_hire(people[1], make_posting(employer), hired_on=day + datetime.timedelta(days=60))
    make_hire(people[2], make_posting(employer), hired_on=day + datetime.timedelta(days=61))
    make_hire(people[3], make_posting(employer), hired_on=day - datetime.timedelta(days=1))
    make_hire(people[4], make_posting(employer), hired_on=day)  # hired, but never boarded
    far = make_employer("320505")
    out = make_trip(county_a.code, kind="out", employer=far)
    riders = [make_worker(VILLAGE, sequence=60 + i) for i in range(2)]
    for i, person in enumerate(riders):
        application = make_hire(person, make_posting(far), hired_on=today)
        arrived = timezone.now() if i == 0 else None
        SignUp(
            trip=out,
            worker=person,
            channel="staff",
            application=application,
            boarded_at=arrived,
            arrived_at=arrived,
        ).save()
    return {"home": home, "out": out, "people": people, "riders": riders}


def _values(pairs):
    return {key: value for key, _label, value in pairs}


def test_the_figures_of_each_trip(fixture):
    assert _values(figures_of(fixture["home"])) == {"signed_up": 5, "boarded": 4, "hired": 2}
    assert _values(figures_of(fixture["out"])) == {"signed_up": 2, "boarded": 1, "arrived": 1}


def test_the_area_figures_and_the_people_behind_them(fixture):
    trips = Trip.objects.all()
    assert _values(figures(trips)) == {"signed_up": 7, "boarded": 5, "hired": 2, "arrived": 1}
    people = fixture["people"]
    assert {s.worker_id for s in rows(trips, "hired")} == {people[0].pk, people[1].pk}
    assert [s.worker_id for s in rows(trips, "arrived")] == [fixture["riders"][0].pk]


def test_each_number_on_the_pages_opens_its_list(client, county_staff, fixture):
    client.force_login(county_staff)
    listing = client.get(reverse("trips:list"))
    shown = {f["key"]: f for f in listing.context["figures"]}
    assert shown["hired"]["value"] == 2 and shown["arrived"]["value"] == 1
    page = client.get(shown["hired"]["url"])
    assert page.context["page"].paginator.count == 2
    detail = client.get(reverse("trips:detail", args=[fixture["home"].pk]))
    boarded = next(f for f in detail.context["figures"] if f["key"] == "boarded")
    assert client.get(boarded["url"]).context["page"].paginator.count == 4
    assert client.get(reverse("trips:figure", args=[fixture["home"].pk, "nope"])).status_code == 404


def test_another_countys_staff_see_none_of_it(client, outsider, fixture):
    client.force_login(outsider)
    shown = client.get(reverse("trips:list")).context["figures"]
    assert {f["key"]: f["value"] for f in shown} == {
        "signed_up": 0,
        "boarded": 0,
        "hired": 0,
        "arrived": 0,
    }
    assert client.get(reverse("trips:detail", args=[fixture["home"].pk])).status_code == 404
