"""The trips services: sign-ups by staff and from the portal, seats, one per person, boarding,
answers on board (into the registry, as a survey visit does), arrival on trips out, and the
refusals: another area's trip, a full trip, a second sign-up, a trip out for someone not hired."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.trips import services
from homeward.trips.models import SignUp
from homeward.workers.models import StatusEvent, Worker
from tests.factories import COUNTY, VILLAGE, make_employer, make_hire, make_trip, make_worker


def test_staff_sign_up_and_a_second_sign_up_is_refused(trip, worker, county_staff):
    signup = services.sign_up(trip, worker, by=county_staff)
    assert signup.channel == "staff" and signup.by == county_staff
    with pytest.raises(services.TripError, match="已经报名"):
        services.sign_up(trip, worker, by=county_staff)
    with pytest.raises(services.TripError, match="已经报名"):
        services.sign_up(trip, worker)  # the person on the portal, the same trip
    assert SignUp.objects.filter(trip=trip).count() == 1
    assert AuditEvent.objects.filter(action="trips.signup.refused").count() == 2


def test_the_seats_are_not_overbooked(trip, county_staff):
    people = [make_worker(VILLAGE, sequence=10 + i) for i in range(3)]
    services.sign_up(trip, people[0], by=county_staff)
    services.sign_up(trip, people[1])
    assert services.seats_left(trip) == 0
    with pytest.raises(services.TripError, match="已满"):
        services.sign_up(trip, people[2])
    assert SignUp.objects.filter(trip=trip).count() == 2


def test_staff_of_another_area_and_leaders_are_refused(trip, worker, outsider, leader):
    with pytest.raises(services.TripError, match="其他地区"):
        services.sign_up(trip, worker, by=outsider)
    with pytest.raises(PermissionDenied):
        services.sign_up(trip, worker, by=leader)
    assert not SignUp.objects.exists()


def test_a_trip_that_has_left_takes_no_one(county_a, worker):
    gone = make_trip(county_a.code, days=-1)
    with pytest.raises(services.TripError, match="已经出发"):
        services.sign_up(gone, worker)


def test_boarding_from_the_day_and_once(county_a, worker, county_staff):
    later = make_trip(county_a.code, days=3)
    signup = services.sign_up(later, worker, by=county_staff)
    with pytest.raises(services.TripError, match="发车当天"):
        services.mark_boarded(signup, by=county_staff)
    SignUp.objects.filter(pk=signup.pk).update(trip=make_trip(county_a.code))
    signup.refresh_from_db()
    services.mark_boarded(signup, by=county_staff)
    with pytest.raises(services.TripError, match="已经上车"):
        services.mark_boarded(signup, by=county_staff)


def test_answers_on_board_go_to_the_registry_as_a_survey_visit_does(trip, worker, county_staff):
    signup = services.sign_up(trip, worker, by=county_staff)
    with pytest.raises(services.TripError, match="上车"):
        services.record_answer(
            signup, status="returned_unemployed", intention="local", by=county_staff
        )
    signup = services.mark_boarded(signup, by=county_staff)
    answer = services.record_answer(
        signup, status="returned_unemployed", intention="local", by=county_staff
    )
    person = Worker.objects.get(pk=worker.pk)
    assert (person.status, person.intention) == ("returned_unemployed", "local")
    event = StatusEvent.objects.get(pk=answer.status_event_id)
    assert event.status == "returned_unemployed" and event.recorded_by == county_staff
    again = services.record_answer(signup, status="", intention="go_out", by=county_staff)
    assert again.pk == answer.pk and again.intention == "go_out"
    with pytest.raises(services.TripError):
        services.record_answer(signup, status="nonsense", intention="", by=county_staff)


def test_a_trip_out_takes_only_the_employers_hires(county_a, county_staff):
    far = make_employer("320505", name="苏州某电子厂")  # 苏州高新区
    out = make_trip(county_a.code, kind="out", employer=far, title="点对点返岗专车")
    hired = make_worker(VILLAGE, sequence=21)
    other = make_worker(VILLAGE, sequence=22)
    application = make_hire(hired, hired_on=timezone.localdate(), posting=None)
    with pytest.raises(services.TripError, match="没有被"):
        services.sign_up(out, hired, by=county_staff)  # hired, but by another employer
    from tests.factories import make_posting

    application = make_hire(hired, make_posting(far), hired_on=timezone.localdate())
    signup = services.sign_up(out, hired, by=county_staff)
    assert signup.application == application
    with pytest.raises(services.TripError, match="没有被"):
        services.sign_up(out, other, by=county_staff)


def test_arrival_is_confirmed_by_the_trips_employer_only(county_a, county_staff):
    from tests.factories import make_posting
    from tests.portal.test_employer_signin import make_employer_user

    far = make_employer("320505", name="苏州某电子厂")
    out = make_trip(county_a.code, kind="out", employer=far)
    person = make_worker(VILLAGE, sequence=23)
    make_hire(person, make_posting(far), hired_on=timezone.localdate())
    signup = services.sign_up(out, person, by=county_staff)
    stranger = make_employer_user(make_employer(COUNTY), phone="13500000001")
    with pytest.raises(services.TripError, match="用人单位"):
        services.confirm_arrival(signup, employer_user=stranger)
    hr = make_employer_user(far, phone="13500000002")
    done = services.confirm_arrival(signup, employer_user=hr)
    assert done.arrived_at and done.boarded_at and done.arrival_by_employer_user == hr
    with pytest.raises(services.TripError, match="已经确认"):
        services.confirm_arrival(signup, by=county_staff)


def test_a_trip_home_has_no_arrival(trip, worker, county_staff):
    signup = services.sign_up(trip, worker, by=county_staff)
    with pytest.raises(services.TripError):
        services.confirm_arrival(signup, by=county_staff)


def test_seats_cannot_drop_below_the_sign_ups(trip, worker, county_staff):
    from homeward.trips.forms import TripForm

    services.sign_up(trip, worker, by=county_staff)
    services.sign_up(trip, make_worker(VILLAGE, sequence=30), by=county_staff)
    data = {
        "kind": "home",
        "title": trip.title,
        "region": trip.region_id,
        "origin": "苏州",
        "destination": "宿迁",
        "departs_on": trip.departs_on.isoformat(),
        "seats": 1,
    }
    form = TripForm(data, instance=trip, area=COUNTY)
    assert form.is_valid(), form.errors
    with pytest.raises(services.TripError, match="不能少于"):
        services.save_trip(form, by=county_staff)


def test_a_trip_is_created_through_the_form(county_staff):
    from homeward.trips.forms import TripForm

    day = timezone.localdate() + datetime.timedelta(days=5)
    data = {
        "kind": "home",
        "title": "苏州—宿城接老乡",
        "region": COUNTY,
        "origin": "苏州",
        "origin_code": "3205",
        "destination": "宿迁",
        "departs_on": day.isoformat(),
        "seats": 55,
    }
    form = TripForm(data, area=COUNTY)
    assert form.is_valid(), form.errors
    trip = services.save_trip(form, by=county_staff)
    assert trip.created_by == county_staff and trip.origin_code == "3205"
    bad = TripForm({**data, "origin_code": "9999", "seats": 0}, area=COUNTY)
    assert not bad.is_valid() and {"origin_code", "seats"} <= set(bad.errors)
    outside = TripForm({**data, "region": "321311"}, area=COUNTY)
    assert not outside.is_valid() and "region" in outside.errors
