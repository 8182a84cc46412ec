"""The trips' small cast: a trip home of county A leaving today, with few seats."""

import pytest

from tests.factories import make_trip


@pytest.fixture
def trip(county_a):
    return make_trip(county_a.code, seats=2)
