"""The demo holds the seed policies with entitlements in every state, and runs once."""

import pytest

from homeward.subsidies.demo_data import STATES, fill_subsidies
from homeward.subsidies.models import Entitlement
from tests.factories import VILLAGE, make_worker

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_once(db):
    for n in range(len(STATES)):
        make_worker(VILLAGE, sequence=400 + n, name=f"演示{n}")
    assert fill_subsidies(("3213",)) == len(STATES)
    assert fill_subsidies(("3213",)) == 0
    states = set(Entitlement._base_manager.values_list("status", flat=True))
    assert states == {s for s, _ in STATES}
