"""The demo: a village's and its town's cooperative in 湘乡 with members, an order, a finished
dispatch with pay and one out at work now; run again, nothing changes."""

from homeward.cooperatives.demo_data import fill_cooperatives
from homeward.cooperatives.models import Cooperative, Dispatch, DispatchMember
from homeward.regions.models import Region
from tests.factories import make_worker


def test_the_demo_fills_a_village_and_a_town_once(db):
    village = Region.tree.filter(code__startswith="430381", level="village").order_by("code")[0]
    for n in range(12):
        make_worker(village.code, sequence=60 + n, name=f"湘{n}")
    made = fill_cooperatives(["430381"])
    assert made == {"cooperatives": 2, "members": 12, "dispatches": 4}
    assert {c.region.level for c in Cooperative.objects.all()} == {"village", "town"}
    assert Dispatch.objects.filter(status="closed").count() == 2
    assert Dispatch.objects.filter(status="active").count() == 2
    assert not DispatchMember.objects.filter(dispatch__status="closed", pay__isnull=True).exists()
    assert fill_cooperatives(["430381"])["cooperatives"] == 0
