"""Demo service teams (`homeward demo`): in the first seed area, a 三送小分队 of the demo town
with the town's and the village's demo staff as members; every returnee of the demo village is
assigned to the village clerk in one call, a second village's to the town clerk; about half of
them were contacted during the past spring season with what was brought, so the caseloads show
who has not been contacted yet and the coverage has every figure.

Written through the services, contacts given the time they stand for (`recorded_at`); the clock
is not touched. Idempotent: an area with a team is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta

from homeward.accounts.models import Role, User
from homeward.fairs.demo_data import ten_on
from homeward.regions.codes import town_of
from homeward.regions.models import Region
from homeward.scoping import limit_to_area, unscoped

from . import services
from .models import Assignment, Brought, Contact, Team

SEASON_DAY = date(2026, 2, 16)  # 正月 visits
BROUGHT = [
    {Brought.POLICY},
    {Brought.POLICY, Brought.JOB},
    {Brought.TRAINING},
    {Brought.SERVICE},
    {Brought.JOB},
    set(),
]
CHANNELS = ["visit", "phone", "wechat", "visit", "office", "phone"]


def fill_teams(areas) -> dict:
    made = {"teams": 0, "assigned": 0, "contacts": 0}
    with unscoped():
        for area in areas[:1]:
            _fill(area, made)
    return made


def _fill(area: str, made: dict) -> None:
    clerk = (
        User.objects.filter(username__startswith="demo-", region__level="village", is_active=True)
        .filter(region_id__in=limit_to_area(Region.tree.filter(level="village"), area, "code")
                .values("code"))
        .order_by("pk")
        .first()
    )  # fmt: skip
    if clerk is None or clerk.role != Role.STAFF:
        return
    town = Region.tree.get(code=town_of(clerk.region_id))
    if limit_to_area(Team._base_manager.all(), area).exists():
        return
    town_clerk = User.objects.filter(region=town, is_active=True, role=Role.STAFF).first()
    by = town_clerk or clerk
    team = services.create_team(name=f"{town.name}三送小分队", region=town, by=by)
    made["teams"] += 1
    village_member = services.add_member(team, clerk, by=by)
    counts = services.assign_returnees(
        services.returnees_of(clerk.region_id), village_member, by=by
    )
    made["assigned"] += counts["assigned"]
    if town_clerk is not None:
        town_member = services.add_member(team, town_clerk, by=by)
        other = (
            limit_to_area(Region.tree.filter(level="village"), town.code, "code")
            .exclude(code=clerk.region_id)
            .order_by("code")
            .first()
        )
        if other is not None:
            people = services.returnees_of(other.code)[:15]
            made["assigned"] += services.assign_returnees(people, town_member, by=by)["assigned"]
    cases = Assignment._base_manager.filter(member__team=team).select_related(
        "member__user", "worker"
    )
    for n, case in enumerate(cases.order_by("pk")):
        if n % 2:
            continue  # not contacted yet
        day = SEASON_DAY + timedelta(days=n % 20)
        services.record_contact(
            case,
            by=case.member.user,
            contacted_on=day,
            channel=CHANNELS[n % len(CHANNELS)],
            brought=BROUGHT[(n // 2) % len(BROUGHT)],
            note="正月走访" if n % 3 == 0 else "",
            recorded_at=ten_on(day),
        )
        made["contacts"] += 1
    made["contacts"] = Contact._base_manager.filter(member__team=team).count()
