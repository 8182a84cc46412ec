"""Helpers for portal tests: read sign-in codes from the outbox, sign a worker in."""

import re
from decimal import Decimal

from homeward.crypto import hash_filter
from homeward.outreach.models import OutboxMessage
from tests.factories import VILLAGE, WORKER_PHONE, make_worker

__all__ = [
    "WORKER_PHONE",
    "ask_code",
    "enter_code",
    "last_code",
    "portal_welder",
    "sign_in_worker",
]


def portal_welder(**fields):
    """张三 of the cast's village: a welder who wants local work at 5,000 yuan, signing in with
    WORKER_PHONE — the person the portal's tests and stories follow."""
    person = {
        "sequence": 3,
        "name": "张三",
        "phone": WORKER_PHONE,
        "occupation_text": "电焊工",
        "intention": "local",
        "expected_wage": Decimal(5000),
    }
    return make_worker(VILLAGE, **(person | fields))


def last_code(phone: str) -> str:
    """The code of the newest sign-in message to `phone`, read from the local outbox."""
    message = (
        OutboxMessage._base_manager.filter(**hash_filter(OutboxMessage, "recipient_phone", phone))
        .order_by("-pk")
        .first()
    )
    assert message is not None, "no message in the outbox"
    return re.search(r"\b(\d{6})\b", message.text).group(1)


def ask_code(client, phone: str, next_url: str = ""):
    return client.post("/m/signin", {"phone": phone, "next": next_url})


def enter_code(client, phone: str, code: str, next_url: str = ""):
    return client.post("/m/signin", {"phone": phone, "code": code, "next": next_url})


def sign_in_worker(client, worker, phone: str = WORKER_PHONE):
    """Bind `worker` (whose record holds `phone` or none) and leave the client signed in."""
    ask_code(client, phone)
    response = enter_code(client, phone, last_code(phone))
    if response.status_code == 302 and response["Location"].startswith("/m/bind"):
        response = client.post(
            "/m/bind", {"name": worker.name, "id_number": worker.id_number}, follow=False
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
