"""/m/bind tells nobody who is in the registry: every lookup by ID number counts against the
limit, and a registered number answers exactly like an unregistered one until the name also
matches (issue 10, section 5)."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.codes import idnumber
from homeward.workers import self_service
from homeward.workers.models import Worker, WorkerAccount

from .helpers import ask_code, enter_code, last_code

pytestmark = pytest.mark.django_db

PHONE = "13612340001"  # a verified phone bound to nobody: the prober's
UNREGISTERED = idnumber.make("321302", datetime.date(1988, 7, 9), 41, True)  # same county


def _verified(client, phone=PHONE):
    ask_code(client, phone)
    response = enter_code(client, phone, last_code(phone))
    assert response["Location"].startswith("/m/bind")


def _page(response) -> str:
    """The page without the CSRF token and what the person typed."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return re.sub(r'name="(id_number|name)"([^>]*?) value="[^"]*"', r'name="\1"\2', page)


def _look_up(client, id_number, name):
    return client.post("/m/bind", {"id_number": id_number, "name": name})


def test_a_registered_number_with_another_name_answers_like_an_unregistered_one(client, worker):
    _verified(client)
    registered = _look_up(client, worker.id_number, "李四")
    unknown = _look_up(client, UNREGISTERED, "李四")
    assert registered.status_code == unknown.status_code == 200
    assert _page(registered) == _page(unknown)
    assert 'data-testid="no-match"' in _page(unknown)
    assert not WorkerAccount._base_manager.exists()


def test_every_lookup_counts_found_or_not(client, worker):
    _verified(client)
    for n in range(self_service.BIND_ATTEMPTS):
        assert _look_up(client, idnumber.make("321302", datetime.date(1980, 1, 1), n, True), "某某")
    response = _look_up(client, worker.id_number, worker.name)  # the right pair, too late
    assert response.status_code == 302 and response["Location"] == "/m/signin"
    assert not WorkerAccount._base_manager.exists()
    assert AuditEvent.objects.filter(action="portal.bind.locked").count() == 1


def test_the_count_follows_the_phone_into_a_new_session(worker):
    first = Client()
    _verified(first)
    for _ in range(self_service.BIND_ATTEMPTS):
        _look_up(first, UNREGISTERED, "某某")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        second = Client()  # a new browser, a new code for the same phone
        _verified(second)
        response = _look_up(second, worker.id_number, worker.name)
    assert response.status_code == 302 and response["Location"] == "/m/signin"
    assert not WorkerAccount._base_manager.exists()


def test_registering_a_registered_number_under_another_name_answers_no_match(client, worker):
    _verified(client)
    form = {"id_number": worker.id_number, "name": "李四", "village": worker.region_id}
    registered = client.post("/m/bind", {**form, "consents": "on"})
    assert registered.status_code == 200
    assert 'data-testid="no-match"' in registered.content.decode()
    assert "already registered" not in registered.content.decode()
    assert Worker._base_manager.count() == 1 and not WorkerAccount._base_manager.exists()
    event = AuditEvent.objects.get(action="portal.register.refused")
    assert worker.id_number not in str(event.object_repr) + str(event.detail)


def test_registering_with_the_right_name_binds_the_existing_record(client):
    from tests.factories import VILLAGE, make_worker

    person = make_worker(VILLAGE, sequence=9, name="王五")  # no phone on the record
    _verified(client)
    response = client.post(
        "/m/bind",
        {"id_number": person.id_number, "name": "王五", "village": VILLAGE, "consents": "on"},
    )
    assert response.status_code == 302
    account = WorkerAccount._base_manager.get()
    assert account.worker_id == person.pk and not account.self_registered
    assert Worker._base_manager.count() == 1


def test_the_right_name_says_why_a_binding_is_refused(client):
    """Once number and name match the person may learn why: their record holds another phone."""
    from tests.factories import VILLAGE, make_worker

    person = make_worker(VILLAGE, sequence=10, name="赵六", phone="13700000010")
    _verified(client)
    response = _look_up(client, person.id_number, "赵六")
    assert response.status_code == 200
    assert 'data-testid="no-match"' not in response.content.decode()
    assert not WorkerAccount._base_manager.exists()
