"""Demo labour cooperatives (`homeward demo`): in 湘乡 (whose 2023 measures ask every town and
village to set one up), a cooperative of the first village with people in the registry and one
of its town; members from the registry, a local order of each, a dispatch that ended last month
closed with each member's pay, and one out at work now.

Written through the services (`by=None`: a command), dated around today; the clock is not
touched. Idempotent: an area with a cooperative is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from homeward.regions.codes import town_of
from homeward.regions.models import Region
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.models import Worker

from . import services
from .models import Cooperative

AREA = "430381"  # 湘乡市
MEMBERS = 6


def fill_cooperatives(areas) -> dict:
    made = {"cooperatives": 0, "members": 0, "dispatches": 0}
    if not any(AREA.startswith(a) or a.startswith(AREA) for a in areas):
        return made
    with unscoped():
        if limit_to_area(Cooperative._base_manager.all(), AREA).exists():
            return made
        village = (
            limit_to_area(Worker._base_manager.all(), AREA)
            .values("region_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=MEMBERS * 2)
            .order_by("region_id")
            .first()
        )
        if village is None:
            return made
        village = Region.tree.get(code=village["region_id"])
        town = Region.tree.get(code=town_of(village.code))
        people = list(Worker._base_manager.filter(region=village).order_by("pk")[: MEMBERS * 2])
        today = timezone.localdate()
        for place, group, work, client, pay in (
            (village, people[:MEMBERS], "茶园采茶", "湘乡龙洞茶场", Decimal("150.00")),
            (town, people[MEMBERS:], "园区包装工", "湘乡经开区食品厂", Decimal("180.00")),
        ):
            _fill(made, place, group, work, client, pay, today)
    return made


def _fill(made, place, group, work, client, pay, today: date) -> None:
    coop = services.save_cooperative(
        name=f"{place.name}劳务合作社",
        region=place,
        leader_name="周建国" if place.level == "village" else "刘志强",
        contact_phone="13787320001" if place.level == "village" else "13787320002",
        founded_on=date(2023, 6, 1),
        registration_number="93430381MA4L" + place.code[-6:],
        by=None,
    )
    made["cooperatives"] += 1
    members = [
        services.add_member(coop, person, joined_on=today - timedelta(days=90), by=None)
        for person in group
    ]
    made["members"] += len(members)
    order = services.record_order(
        coop,
        client=client,
        work=work,
        headcount=len(members),
        starts_on=today - timedelta(days=40),
        ends_on=today + timedelta(days=30),
        day_pay=pay,
        by=None,
    )
    first_day, last_day = today - timedelta(days=40), today - timedelta(days=31)
    finished = services.dispatch_members(
        order, members[:4], starts_on=first_day, ends_on=last_day, by=None
    )
    days = finished.days
    services.close_dispatch(
        finished,
        {
            p.pk: (days - n % 2, pay * (days - n % 2))
            for n, p in enumerate(finished.people.order_by("pk"))
        },
        by=None,
    )
    services.dispatch_members(
        order,
        members[1:],
        starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(days=5),
        by=None,
    )
    made["dispatches"] += 2
