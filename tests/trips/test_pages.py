"""The staff pages of a trip: creating one, signing a person up by ID number, boarding, the
answers on board, the printable passenger list with masked phones; another county's trip is 404
and its sign-ups cannot be touched."""

import datetime

from django.urls import reverse
from django.utils import timezone

from homeward.trips.models import BoardAnswer, SignUp, Trip
from tests.factories import COUNTY, WORKER_PHONE, make_trip


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_staff_create_a_trip_home_to_a_fair(client, county_staff):
    from tests.fairs.conftest import make_fair

    fair = make_fair(COUNTY, days=3)
    client.force_login(county_staff)
    day = timezone.localdate() + datetime.timedelta(days=2)
    response = client.post(
        reverse("trips:create"),
        {
            "kind": "home",
            "title": "苏州—宿城接老乡专车",
            "region": COUNTY,
            "origin": "苏州",
            "destination": "宿迁",
            "departs_on": day.isoformat(),
            "seats": 45,
            "fair": fair.pk,
        },
    )
    trip = Trip.objects.get()
    assert response.status_code == 302 and trip.fair == fair and trip.created_by == county_staff
    page = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert fair.title in page and "共 45 座，剩 45 座" in page


def test_sign_up_board_answer_and_print(client, county_staff, trip, worker):
    client.force_login(county_staff)
    url = reverse("trips:signup-add", args=[trip.pk])
    response = client.post(url, {"id_number": worker.id_number}, follow=True)
    assert "已报名" in _messages(response)
    again = client.post(url, {"id_number": worker.id_number}, follow=True)
    assert "已经报名" in _messages(again)
    unknown = client.post(url, {"id_number": "110101199003077777"}, follow=True)
    assert _messages(unknown)  # a bad or unknown number is named, nothing written
    signup = SignUp.objects.get(trip=trip)
    client.post(reverse("trips:board", args=[signup.pk]))
    client.post(
        reverse("trips:answer", args=[signup.pk]),
        {"status": "returned_unemployed", "intention": "local"},
    )
    assert BoardAnswer.objects.get(signup=signup).intention == "local"
    sheet = client.get(reverse("trips:passengers", args=[trip.pk])).content.decode()
    assert WORKER_PHONE not in sheet and "139****5678" in sheet
    assert worker.id_number not in sheet and "data-print" in sheet
    detail = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert WORKER_PHONE not in detail and "张三" not in detail


def test_another_countys_trip_and_its_passengers_are_out_of_reach(client, outsider, trip, worker):
    signup = SignUp(trip=trip, worker=worker, channel="staff")
    signup.save()
    client.force_login(outsider)
    for name in ("trips:detail", "trips:passengers", "trips:edit"):
        assert client.get(reverse(name, args=[trip.pk])).status_code == 404
    assert client.post(reverse("trips:signup-add", args=[trip.pk])).status_code == 404
    for name in ("trips:board", "trips:answer", "trips:arrived"):
        assert client.post(reverse(name, args=[signup.pk])).status_code == 404
    signup.refresh_from_db()
    assert signup.boarded_at is None


def test_a_leader_reads_but_cannot_sign_up(client, leader, trip, worker):
    client.force_login(leader)
    assert client.get(reverse("trips:detail", args=[trip.pk])).status_code == 200
    response = client.post(
        reverse("trips:signup-add", args=[trip.pk]), {"id_number": worker.id_number}
    )
    assert response.status_code == 403 and not SignUp.objects.exists()


def test_the_staff_confirm_arrival_on_a_trip_out(client, county_staff, county_a):
    from tests.factories import VILLAGE, make_employer, make_hire, make_posting, make_worker

    far = make_employer("320505", name="苏州某电子厂")
    out = make_trip(county_a.code, kind="out", employer=far)
    person = make_worker(VILLAGE, sequence=70)
    make_hire(person, make_posting(far), hired_on=timezone.localdate())
    client.force_login(county_staff)
    client.post(reverse("trips:signup-add", args=[out.pk]), {"id_number": person.id_number})
    signup = SignUp.objects.get(trip=out)
    response = client.post(reverse("trips:arrived", args=[signup.pk]), follow=True)
    assert "已确认到岗" in _messages(response)
    signup.refresh_from_db()
    assert signup.arrived_at is not None and signup.arrival_by == county_staff
