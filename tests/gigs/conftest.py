"""The gig markets' small cast: a market of county A, a gig today, people signed in."""

from decimal import Decimal

import pytest
from django.utils import timezone

from homeward.gigs import services
from homeward.gigs.models import Market


@pytest.fixture
def market(county_a):
    market = Market(name="宿城区零工市场", region_id=county_a.code, address="人民路 1 号")
    market.save()
    return market


def post(market, employer, by, **fields):
    values = {
        "title": "仓库搬运",
        "trade": "porter",
        "on": timezone.localdate(),
        "place": "宿城物流园",
        "headcount": 2,
        "pay": Decimal("200"),
    }
    values.update(fields)
    return services.post_gig(market, employer, by=by, **values)


@pytest.fixture
def gig(market, employer, county_staff):
    return post(market, employer, county_staff)
