"""Seats under a lock, on PostgreSQL: 8 people tapping "sign me up" at once for the last 3 seats
→ 3 sign-ups, 5 refused as full. SQLite admits one writer at a time, which would hide the race."""

import threading

import pytest
from django.db import connection, connections

from homeward.scoping import unscoped
from homeward.trips import services
from homeward.trips.models import SignUp

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL"),
]
THREADS = 8


def test_eight_people_at_once_take_only_the_seats_there_are(transactional_db):
    from tests.factories import COUNTY, VILLAGE, make_trip, make_worker

    trip = make_trip(COUNTY, seats=3)
    people = [make_worker(VILLAGE, sequence=100 + i) for i in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def work(person):
        try:
            with unscoped():
                barrier.wait()
                try:
                    services.sign_up(trip, person)
                    outcomes.append("ok")
                except services.TripError as error:
                    outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert SignUp._base_manager.filter(trip=trip).count() == 3
    assert outcomes.count("ok") == 3 and len(outcomes) == THREADS
