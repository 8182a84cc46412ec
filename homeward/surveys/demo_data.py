"""Demo data: a door-to-door survey half done in each seed area (`homeward demo`).

The survey is the county's, from 20 days ago to 10 days ahead (deadline in 5 days); in the
first town with demo people, its first four villages are visited about half way (one in six
not found), by the village's demo clerk or the town's. Fast and idempotent: a seed area that
has the survey already is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from homeward.accounts.models import User
from homeward.regions.codes import county_of, town_of
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.models import Worker

from . import services
from .models import Outcome, SurveyCampaign

NAME = "春节返乡人员入户摸底"
VILLAGES = 4


def fill_surveys(areas) -> int:
    """Visits recorded across the seed areas (0 when they are there already)."""
    made = 0
    with unscoped():
        for area in areas:
            made += _fill(area)
    return made


def _staff_of(code: str):
    return User.objects.filter(region_id=code, is_active=True, role="staff").order_by("pk").first()


def _fill(area: str) -> int:
    first = limit_to_area(Worker._base_manager.all(), area).order_by("region_id").first()
    if first is None:
        return 0
    county, town = county_of(first.region_id), town_of(first.region_id)
    if SurveyCampaign._base_manager.filter(region_id=county, name=NAME).exists():
        return 0
    organiser = _staff_of(county)
    if organiser is None:
        return 0
    today = timezone.localdate()
    campaign = services.create_campaign(
        by=organiser,
        region_code=county,
        name=NAME,
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=10),
        deadline=today + timedelta(days=5),
        questions=["status", "work", "intention", "training_wish", "service_needs", "returned_on"],
    )
    villages = list(
        limit_to_area(Worker._base_manager.all(), town)
        .order_by("region_id")
        .values_list("region_id", flat=True)
        .distinct()[:VILLAGES]
    )
    made = 0
    for n, village in enumerate(villages):
        visitor = _staff_of(village) or _staff_of(town) or organiser
        people = list(Worker._base_manager.filter(region_id=village).order_by("pk"))
        share = (len(people) * (n + 2)) // 6  # 1/3, 1/2, 2/3, 5/6 of each village
        for i, person in enumerate(people[:share]):
            found = i % 6 != 5
            answers = {}
            if found:
                answers = {
                    "status": ["returned_unemployed", "out_migrant", "local_employed"][i % 3],
                    "intention": ["local", "go_out", "undecided"][i % 3],
                }
                if i % 4 == 0:
                    answers["service_needs"] = ["job", "training"]
            services.record_visit(
                campaign,
                person,
                outcome=Outcome.VISITED if found else Outcome.NOT_FOUND,
                visited_on=today - timedelta(days=(i % 15)),
                answers=answers,
                client_key=f"demo-{campaign.pk}-{person.pk}",
                by=visitor,
            )
            made += 1
    return made
