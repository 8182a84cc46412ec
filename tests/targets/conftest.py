"""The targets' cast in 湘乡 (430381, in the test map with its towns): the city office (市人社局
at 湘乡's code), a town's clerk, another town's clerk (the outsider), 湘潭's city staff above,
a leader of 湘乡 (read-only), and this year's seeded targets and checklist."""

import pytest
from django.utils import timezone

from homeward.accounts.models import Role
from homeward.regions.models import Region
from homeward.targets import services
from tests.factories import make_staff

XIANGXIANG = "430381"


@pytest.fixture
def towns(db):
    return list(Region.tree.filter(parent_id=XIANGXIANG, level="town").order_by("code")[:2])


@pytest.fixture
def office(db):
    return make_staff(XIANGXIANG, username="xx-office", first_name="人社局")


@pytest.fixture
def clerk(towns):
    return make_staff(towns[0].code, username="xx-town", first_name="镇")


@pytest.fixture
def other_clerk(towns):
    return make_staff(towns[1].code, username="xx-town-2")


@pytest.fixture
def xx_leader(db):
    return make_staff(XIANGXIANG, role=Role.LEADER, username="xx-leader")


@pytest.fixture
def seeded(db):
    year = timezone.localdate().year
    services.seed_targets(year)
    services.seed_checklist(year)
    return year


def duty_of(region_code: str, number: int):
    from homeward.targets.models import Duty

    return Duty._base_manager.select_related("item").get(region_id=region_code, item__number=number)
