import pytest
from django.utils import timezone

from homeward.ambassadors import services
from homeward.followups.rates import add_months


def months_ago(n: int):
    return add_months(timezone.localdate(), -n)


@pytest.fixture
def ambassador(db, town_staff):
    return services.appoint_ambassador(
        town=town_staff.region_id, name="李大使", phone="13600001111", by=town_staff
    )
