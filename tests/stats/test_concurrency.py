"""Updates of the summary cells side by side, on PostgreSQL (SQLite has one writer at a
time, which would hide the race): an update of one village does not wait for another's,
and six people's changes in one village committed at once leave the figures equal to a
full count."""

import threading

import pytest
from django.db import connection, connections

from homeward.scoping import unscoped
from homeward.stats import services
from homeward.workers.models import EmploymentStatus as S
from homeward.workers.models import WorkScope

from .conftest import VILLAGE_2, status

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL"),
]
WAIT = 60  # seconds a thread waits for the other before the test fails (not a timing)


def _people(today, village, n, start):
    from tests.factories import make_worker

    people = [make_worker(village, sequence=start + i) for i in range(n)]
    for person in people:
        status(person, S.OUT_MIGRANT, today, WorkScope.OUT_OF_PROVINCE)
    return people


def _in_thread(fn, name):
    errors = []

    def run():
        try:
            with unscoped():
                fn()
        except Exception as error:  # the main thread asserts on it
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, errors


def test_an_update_of_one_village_does_not_wait_for_anothers(transactional_db, monkeypatch):
    from django.utils import timezone

    from tests.factories import VILLAGE

    today = timezone.localdate()
    with unscoped():
        [a] = _people(today, VILLAGE, 1, 200)
        [b] = _people(today, VILLAGE_2, 1, 300)
        services.rebuild()
    counting, go_on = threading.Event(), threading.Event()
    real = services._recount_few

    def paused(touched, *, first=()):
        if threading.current_thread().name == "first":
            services._batch(list(first))  # its snapshot written, its people and cells held
            counting.set()
            assert go_on.wait(WAIT)
            first = ()
        return real(touched, first=first)

    monkeypatch.setattr(services, "_recount_few", paused)
    first, first_errors = _in_thread(lambda: status(a, S.LOCAL_EMPLOYED, today), "first")
    assert counting.wait(WAIT)
    second, second_errors = _in_thread(lambda: status(b, S.LOCAL_EMPLOYED, today), "second")
    second.join(WAIT)
    done_while_held = not second.is_alive()  # the old single lock kept it waiting here
    go_on.set()
    first.join(WAIT)
    second.join(WAIT)
    assert done_while_held
    assert first_errors == second_errors == []
    with unscoped():
        assert services.check() == []
        stored = services.Figure._base_manager.filter(
            month=services.this_month(), region_code__in=[VILLAGE, VILLAGE_2]
        )
        assert set(stored.filter(indicator="local_employed").values_list("value", flat=True)) == {1}


def test_six_changes_in_one_village_at_once_equal_a_full_count(transactional_db):
    from django.utils import timezone

    from tests.factories import VILLAGE

    today = timezone.localdate()
    with unscoped():
        people = _people(today, VILLAGE, 6, 400) + _people(today, VILLAGE_2, 2, 450)
        services.rebuild()
    barrier = threading.Barrier(len(people))
    changes = [S.LOCAL_EMPLOYED, S.UNEMPLOYED, S.RETURNED_UNEMPLOYED, S.FLEXIBLE]

    def change(person, n):
        def run():
            barrier.wait(WAIT)
            status(person, changes[n % len(changes)], today)

        return run

    threads = [_in_thread(change(p, n), f"writer-{n}") for n, p in enumerate(people)]
    for thread, _errors in threads:
        thread.join(WAIT)
    assert [e for _t, errors in threads for e in errors] == []
    with unscoped():
        assert services.check() == []
        town = services.Figure._base_manager.get(
            month=services.this_month(), region_code=VILLAGE[:9], indicator="local_employed"
        )
        assert town.value == 2  # writers 0 and 4 (of the village; 6 and 7 are not local)
