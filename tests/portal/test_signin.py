"""Signing in to the worker portal with an SMS code: the happy path and every abuse the issue
names — wrong codes, expiry, reuse, rate limits, lockout — plus binding and S10."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.crypto import hash_filter
from homeward.outreach.models import OutboxMessage
from homeward.signin_codes.models import SignInCode
from homeward.workers.models import Worker, WorkerAccount
from tests.factories import VILLAGE, make_worker

from .helpers import WORKER_PHONE, ask_code, enter_code, last_code, sign_in_worker

pytestmark = pytest.mark.django_db

# `worker` is the cast's (tests/conftest.py): 张三 of the village, with WORKER_PHONE.


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_code_lands_in_the_outbox_of_the_workers_village_and_signs_in(client, worker):
    response = ask_code(client, WORKER_PHONE)
    assert response.status_code == 200
    assert "验证码".encode() in response.content or b"code" in response.content
    message = OutboxMessage._base_manager.get()
    assert message.region_id == VILLAGE
    assert message.template == "signin_code"
    response = enter_code(client, WORKER_PHONE, last_code(WORKER_PHONE))
    assert response["Location"].startswith("/m/bind")
    response = client.post("/m/bind", {"name": "张三", "id_number": worker.id_number})
    assert response.status_code == 302 and response["Location"] == "/m/"
    assert WorkerAccount._base_manager.get().worker == worker
    assert client.get("/m/").status_code == 200
    assert AuditEvent.objects.filter(action="portal.signin.ok").count() == 1
    assert AuditEvent.objects.filter(action="portal.bind.ok").count() == 1


def test_second_sign_in_needs_no_binding(client, worker):
    sign_in_worker(client, worker)
    client.post("/m/signout")
    assert client.get("/m/").status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        ask_code(client, WORKER_PHONE)
        response = enter_code(client, WORKER_PHONE, last_code(WORKER_PHONE))
    assert response["Location"] == "/m/"


def test_only_hashes_are_stored(worker):
    from homeward.signin_codes.services import request_code

    row = request_code(WORKER_PHONE, "worker")
    code = last_code(WORKER_PHONE)
    assert code not in row.code_hash and WORKER_PHONE not in row.phone_hash


def test_wrong_code_is_refused_and_counted(client, worker):
    ask_code(client, WORKER_PHONE)
    code = last_code(WORKER_PHONE)
    response = enter_code(client, WORKER_PHONE, _wrong(code))
    assert response.status_code == 200
    assert b"4" in response.content  # "4 tries left"
    assert SignInCode.objects.get().failed_attempts == 1
    assert client.get("/m/").status_code == 302


def test_five_wrong_guesses_kill_the_code_even_the_right_one_after(client, worker):
    ask_code(client, WORKER_PHONE)
    code = last_code(WORKER_PHONE)
    for _ in range(5):
        enter_code(client, WORKER_PHONE, _wrong(code))
    response = enter_code(client, WORKER_PHONE, code)
    assert response.status_code == 200
    assert "/m/bind" not in response.get("Location", "")


def test_code_expires_after_five_minutes(client, worker):
    ask_code(client, WORKER_PHONE)
    code = last_code(WORKER_PHONE)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5, seconds=1)):
        response = enter_code(client, WORKER_PHONE, code)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="portal.signin.failed").count() == 1


def test_code_serves_once(client, worker):
    ask_code(client, WORKER_PHONE)
    code = last_code(WORKER_PHONE)
    assert enter_code(client, WORKER_PHONE, code).status_code == 302
    other = client.__class__()
    response = enter_code(other, WORKER_PHONE, code)
    assert response.status_code == 200  # refused: used


def test_a_new_code_kills_the_older_one(client, worker):
    ask_code(client, WORKER_PHONE)
    old = last_code(WORKER_PHONE)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        ask_code(client, WORKER_PHONE)
        new = last_code(WORKER_PHONE)
        assert enter_code(client, WORKER_PHONE, new).status_code == 302
    other = client.__class__()
    if old != new:
        assert enter_code(other, WORKER_PHONE, old).status_code == 200


def test_one_code_a_minute_five_an_hour_ten_a_day(client, worker):
    start = timezone.now()
    ask_code(client, WORKER_PHONE)
    ask_code(client, WORKER_PHONE)  # too soon
    assert SignInCode.objects.count() == 1
    for minute in range(2, 9):
        with time_machine.travel(start + datetime.timedelta(minutes=minute)):
            ask_code(client, WORKER_PHONE)
    assert SignInCode.objects.count() == 5  # the hourly limit
    for hour in range(2, 5):
        for minute in (0, 2, 4, 6):
            with time_machine.travel(start + datetime.timedelta(hours=hour, minutes=minute)):
                ask_code(client, WORKER_PHONE)
    assert SignInCode.objects.count() == 10  # the daily limit
    with time_machine.travel(start + datetime.timedelta(hours=25)):
        ask_code(client, WORKER_PHONE)
    assert SignInCode.objects.count() == 11


def test_one_address_cannot_spray_codes(client, settings):
    settings.PORTAL_SIGNIN_LIMITS = {"per_ip_hour": 3}
    for n in range(5):
        ask_code(client, f"1391000000{n}")
    assert SignInCode.objects.count() == 3


def test_ten_wrong_guesses_lock_the_phone_for_half_an_hour(client, worker):
    start = timezone.now()
    for round_ in range(2):
        with time_machine.travel(start + datetime.timedelta(minutes=2 * round_)):
            ask_code(client, WORKER_PHONE)
            code = last_code(WORKER_PHONE)
            for _ in range(5):
                enter_code(client, WORKER_PHONE, _wrong(code))
    with time_machine.travel(start + datetime.timedelta(minutes=5)):
        response = ask_code(client, WORKER_PHONE)
        assert SignInCode.objects.count() == 2  # no code while locked
        assert b"30" in response.content
        assert AuditEvent.objects.filter(action="portal.signin.failed").count() == 10
    with time_machine.travel(start + datetime.timedelta(minutes=40)):
        ask_code(client, WORKER_PHONE)
        response = enter_code(client, WORKER_PHONE, last_code(WORKER_PHONE))
    assert response.status_code == 302


def test_a_code_for_one_phone_does_not_open_another(client, worker):
    ask_code(client, WORKER_PHONE)
    code = last_code(WORKER_PHONE)
    response = enter_code(client, "13900000001", code)
    assert response.status_code == 200


def test_bad_phone_gets_a_chinese_error(client):
    response = ask_code(client, "12345")
    assert "11 位".encode() in response.content or b"11-digit" in response.content
    assert SignInCode.objects.count() == 0


def test_binding_refuses_a_wrong_name_and_counts(client, worker):
    ask_code(client, WORKER_PHONE)
    enter_code(client, WORKER_PHONE, last_code(WORKER_PHONE))
    for _ in range(5):
        response = client.post("/m/bind", {"name": "李四", "id_number": worker.id_number})
        assert response.status_code == 200
    response = client.post("/m/bind", {"name": "张三", "id_number": worker.id_number})
    assert response.status_code == 302 and response["Location"] == "/m/signin"
    assert not WorkerAccount._base_manager.exists()


def test_binding_refuses_a_record_holding_another_phone(client):
    worker = make_worker(VILLAGE, sequence=4, name="王五", phone="13700000000")
    ask_code(client, WORKER_PHONE)
    enter_code(client, WORKER_PHONE, last_code(WORKER_PHONE))
    response = client.post("/m/bind", {"name": "王五", "id_number": worker.id_number})
    assert response.status_code == 200
    assert not WorkerAccount._base_manager.exists()


def test_binding_without_a_verified_phone_goes_back_to_sign_in(client, worker):
    response = client.post("/m/bind", {"name": "张三", "id_number": worker.id_number})
    assert response.status_code == 302 and response["Location"].startswith("/m/signin")
    assert not WorkerAccount._base_manager.exists()


def test_unknown_person_registers_themselves(client):
    from homeward.codes import idnumber

    number = idnumber.make("321302", datetime.date(1990, 5, 6), 11, False)
    phone = "13612345678"
    ask_code(client, phone)
    enter_code(client, phone, last_code(phone))
    response = client.post("/m/bind", {"name": "赵六", "id_number": number})
    assert response.status_code == 200
    assert VILLAGE.encode() in response.content  # the villages of 宿城区 are offered
    response = client.post(
        "/m/bind",
        {
            "name": "赵六",
            "id_number": number,
            "village": VILLAGE,
            "consents": "on",
            "region": "511002001001",
            "status": "out_migrant",
        },
    )
    assert response.status_code == 302
    worker = Worker._base_manager.get(**hash_filter(Worker, "id_number", number))
    assert worker.region_id == VILLAGE and worker.gender == "female" and worker.phone == phone
    assert worker.status == ""  # extra fields ignored (S9)
    assert worker.portal_account.awaiting_confirmation


def test_self_registration_refuses_a_village_of_another_county(client):
    from homeward.codes import idnumber

    number = idnumber.make("321302", datetime.date(1990, 5, 6), 12, True)
    phone = "13612345679"
    ask_code(client, phone)
    enter_code(client, phone, last_code(phone))
    response = client.post(
        "/m/bind", {"name": "钱七", "id_number": number, "village": "511002001001"}
    )
    assert response.status_code == 200
    assert not Worker._base_manager.filter(name="钱七").exists()


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_next_stays_on_the_site(client, worker, target):
    ask_code(client, WORKER_PHONE, target)
    response = enter_code(client, WORKER_PHONE, last_code(WORKER_PHONE), target)
    response = client.post(
        "/m/bind", {"name": "张三", "id_number": worker.id_number, "next": target}
    )
    assert response["Location"] == "/m/"


def test_next_inside_the_site_is_followed(client, worker):
    sign_in_worker(client, worker)
    client.post("/m/signout")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        ask_code(client, WORKER_PHONE, "/m/applications")
        response = enter_code(client, WORKER_PHONE, last_code(WORKER_PHONE), "/m/applications")
    assert response["Location"] == "/m/applications"


def test_sign_in_rotates_the_session_and_sign_out_deletes_it(client, worker):
    client.get("/m/signin")
    ask_code(client, WORKER_PHONE)
    before = client.session.session_key
    sign_in_worker(client, worker)
    after = client.session.session_key
    assert before != after
    client.post("/m/signout")
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=after).exists()


def test_portal_session_ends_after_its_days(client, worker, settings):
    sign_in_worker(client, worker)
    with time_machine.travel(
        timezone.now() + datetime.timedelta(days=settings.PORTAL_SESSION_DAYS, minutes=1)
    ):
        assert client.get("/m/").status_code == 302
