"""The worker's /m/trips (the trips home of their area, one tap to sign up, once; a full trip and
another county's trip refused) and the employer's /e/trips (its own trips out, confirming
arrival; another employer's trip is 404)."""

from django.urls import reverse
from django.utils import timezone

from homeward.trips.models import SignUp
from tests.factories import (
    COUNTY_B,
    TOWN,
    VILLAGE,
    make_employer,
    make_hire,
    make_posting,
    make_trip,
    make_worker,
)
from tests.portal.helpers import sign_in_worker
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_worker_signs_up_with_one_tap_once(client, worker, trip):
    sign_in_worker(client, worker)
    page = client.get(reverse("portal:trips"))
    assert [t.pk for t in page.context["trips"]] == [trip.pk]
    response = client.post(reverse("portal:trip-sign-up", args=[trip.pk]), follow=True)
    assert "您已报名" in _messages(response)
    signup = SignUp.objects.get(trip=trip, worker=worker)
    assert signup.channel == "portal" and signup.by is None
    again = client.post(reverse("portal:trip-sign-up", args=[trip.pk]), follow=True)
    assert "已经报名" in _messages(again) and SignUp.objects.filter(trip=trip).count() == 1
    assert 'data-testid="signed-up"' in client.get(reverse("portal:trips")).content.decode()


def test_a_full_trip_refuses_the_tap(client, worker, trip):
    for i in range(trip.seats):
        SignUp(trip=trip, worker=make_worker(VILLAGE, sequence=80 + i), channel="staff").save()
    sign_in_worker(client, worker)
    response = client.post(reverse("portal:trip-sign-up", args=[trip.pk]), follow=True)
    assert "已满" in _messages(response)
    assert not SignUp.objects.filter(worker=worker).exists()


def test_another_countys_trip_is_not_offered(client, worker):
    other = make_trip(COUNTY_B)
    out = make_trip(TOWN, kind="out", employer=make_employer(TOWN))
    sign_in_worker(client, worker)
    assert client.get(reverse("portal:trips")).context["trips"] == []
    for pk in (other.pk, out.pk):
        assert client.post(reverse("portal:trip-sign-up", args=[pk])).status_code == 404
    assert not SignUp.objects.exists()


def test_the_employer_confirms_the_arrival_of_its_hires(client, county_a):
    far = make_employer("320505", name="苏州某电子厂")
    out = make_trip(county_a.code, kind="out", employer=far, title="点对点返岗专车")
    person = make_worker(VILLAGE, sequence=90)
    application = make_hire(person, make_posting(far), hired_on=timezone.localdate())
    signup = SignUp(trip=out, worker=person, channel="staff", application=application)
    signup.save()
    hr = make_employer_user(far)
    sign_in_employer(client, hr)
    assert [t.pk for t in client.get(reverse("portal:employer-trips")).context["trips"]] == [out.pk]
    page = client.get(reverse("portal:employer-trip", args=[out.pk])).content.decode()
    assert "工人90" not in page and "工*" in page
    client.post(reverse("portal:employer-trip-arrived", args=[signup.pk]))
    signup.refresh_from_db()
    assert signup.arrival_by_employer_user == hr


def test_another_employers_trip_is_not_found(client, county_a):
    far = make_employer("320505")
    out = make_trip(county_a.code, kind="out", employer=far)
    signup = SignUp(trip=out, worker=make_worker(VILLAGE, sequence=91), channel="staff")
    signup.save()
    sign_in_employer(client, make_employer_user(make_employer(TOWN)))
    assert client.get(reverse("portal:employer-trip", args=[out.pk])).status_code == 404
    assert client.post(reverse("portal:employer-trip-arrived", args=[signup.pk])).status_code == 404
    signup.refresh_from_db()
    assert signup.arrived_at is None
