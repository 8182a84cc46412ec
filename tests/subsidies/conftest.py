"""The subsidies cast: the seed policies, a returnee eligible for the 500-yuan bonus, cards."""

import datetime

import pytest

from homeward.subsidies.models import Policy
from homeward.subsidies.seeds import install_seed_policies
from homeward.workers.models import StatusEvent
from tests.factories import VILLAGE, make_worker


def card(body: str = "622202123456789012") -> str:
    """`body` with its Luhn check digit."""
    total = 0
    for i, d in enumerate(reversed([int(c) for c in body])):
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


@pytest.fixture
def seeded(db):  # a transactional test asks for transactional_db first (regions reloaded)
    install_seed_policies()
    return {p.code: p for p in Policy._base_manager.all()}


@pytest.fixture
def bonus(seeded):
    return seeded["SQ-RETURN-500"]


def make_returnee(region=VILLAGE, *, sequence=11, name="李返乡", returned_on=None, **fields):
    fields.setdefault("status", "local_employed")
    worker = make_worker(
        region,
        sequence=sequence,
        name=name,
        returned_on=returned_on or datetime.date(2026, 6, 1),
        **fields,
    )
    StatusEvent(
        worker=worker,
        region_id=worker.region_id,
        status="out_migrant",
        occurred_on=datetime.date(2024, 3, 1),
        source="staff",
    ).save()
    return worker


@pytest.fixture
def returnee(db):
    return make_returnee()
