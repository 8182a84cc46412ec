import pytest

from homeward.accounts.models import Role
from tests.factories import COUNTY, TOWN, make_staff


@pytest.fixture
def county_staff(db):
    return make_staff(COUNTY, username="county-staff")


@pytest.fixture
def town_staff(db):
    return make_staff(TOWN, username="town-staff")


@pytest.fixture
def leader(db):
    return make_staff(COUNTY, role=Role.LEADER, username="county-leader")
