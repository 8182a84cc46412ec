"""The cooperatives' small cast: the cast's village has a cooperative set up by the village
clerk, two members of the village (a welder and a farm hand), a person of the neighbouring
village (outside it), and a local order of tea picking."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from homeward.cooperatives import services
from tests.factories import VILLAGE, make_worker

NEIGHBOUR_VILLAGE = "321302001002"


@pytest.fixture
def coop(village, village_staff):
    return services.save_cooperative(
        name="凤凰村劳务合作社",
        region=village,
        leader_name="李社长",
        contact_phone="13912340000",
        founded_on=datetime.date(2024, 3, 1),
        by=village_staff,
    )


@pytest.fixture
def people(db):
    return [
        make_worker(VILLAGE, sequence=21, name="王焊工", occupation_text="电焊工", skills="氩弧焊"),
        make_worker(VILLAGE, sequence=22, name="赵农", occupation_text="农业工人"),
    ]


@pytest.fixture
def neighbour(db):
    return make_worker(NEIGHBOUR_VILLAGE, sequence=23, name="钱外村")


@pytest.fixture
def members(coop, people, village_staff):
    day = timezone.localdate() - datetime.timedelta(days=30)
    return [services.add_member(coop, p, joined_on=day, by=village_staff) for p in people]


@pytest.fixture
def order(coop, village_staff):
    today = timezone.localdate()
    return services.record_order(
        coop,
        client="湘乡茶场",
        work="采茶",
        headcount=10,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=9),
        day_pay=Decimal("150"),
        by=village_staff,
    )
