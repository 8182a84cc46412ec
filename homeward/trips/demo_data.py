"""Demo trips for the seed areas: a past 接老乡 trip from 苏州 to 宿迁 (2026-02-20) with people
signed up, most of them boarded and asked on board, some hired since; and a 点对点返岗 trip taking
people hired by an employer to it, the arrival of some confirmed.

Written through the services, each given the time it stands for (`recorded_at`, ten in the
morning of the day: `fairs.demo_data.ten_on`), as staff would have written them then; the clock
is not touched. Idempotent: trips already there are left as they are.
"""

from __future__ import annotations

from datetime import date, timedelta

from homeward.accounts.models import User
from homeward.fairs.demo_data import ten_on
from homeward.fairs.models import Fair
from homeward.placements.models import Application, Status
from homeward.regions.codes import city_of
from homeward.regions.models import Region
from homeward.scoping import area_scope, unscoped
from homeward.workers.models import Worker

from . import services
from .models import HIRED_WITHIN_DAYS, SignUp, Trip

HOME_DAY = date(2026, 2, 20)
OUT_DAY = date(2026, 3, 1)


def fill_trips(areas) -> dict:
    made = {"trips": 0, "signups": 0}
    with unscoped():
        county = next(
            (
                Region.tree.filter(level="county", code__startswith=a[:4]).order_by("code").first()
                for a in areas
                if a.startswith("3213")
            ),
            None,
        )
        if county is None or Trip._base_manager.filter(region=county).exists():
            return made
        staff = User.objects.filter(region_id=county.code, is_active=True).order_by("pk").first()
        staff = staff or User.objects.filter(is_superuser=True).order_by("pk").first()
        if staff is None:
            return made
        _home(county, staff, made)
        _out(county, staff, made)
    return made


def _home(county, staff, made) -> None:
    fair = Fair._base_manager.filter(region__code__startswith=city_of(county.code)).order_by(
        "starts_on"
    )
    trip = Trip(
        kind=Trip.Kind.HOME,
        title="苏州—宿迁接老乡返乡专车",
        region=county,
        origin="苏州",
        origin_code="3205",
        destination="宿迁",
        destination_code="3213",
        departs_on=HOME_DAY,
        seats=45,
        meeting_point="苏州工业园区星海广场",
        fair=fair.first(),
        created_by=staff,
    )
    with area_scope(county.code):
        trip.save()
    made["trips"] += 1
    people = Worker._base_manager.filter(region__code__startswith=county.code)
    window = (HOME_DAY, HOME_DAY + timedelta(days=HIRED_WITHIN_DAYS))
    hired = list(
        people.filter(
            applications__status=Status.HIRED, applications__hired_on__range=window
        ).distinct()[:6]
    )
    others = list(people.exclude(pk__in=[p.pk for p in hired]).order_by("pk")[:14])
    before, on_the_day = ten_on(HOME_DAY - timedelta(days=5)), ten_on(HOME_DAY)
    for person in hired + others:
        services.sign_up(trip, person, by=staff, recorded_at=before)
        made["signups"] += 1
    for i, signup in enumerate(SignUp._base_manager.filter(trip=trip).order_by("pk")):
        if i % 6 == 5:
            continue  # some did not come
        signup = services.mark_boarded(signup, by=staff, recorded_at=on_the_day)
        if i % 2 == 0:
            services.record_answer(
                signup,
                status="returned_unemployed",
                intention="local",
                by=staff,
                recorded_at=on_the_day,
            )


def _out(county, staff, made) -> None:
    hires = Application._base_manager.filter(
        region__code__startswith=county.code, status=Status.HIRED
    ).exclude(posting__employer__region__code__startswith=county.code)
    first = hires.select_related("posting__employer").order_by("pk").first()
    if first is None:
        first = (
            Application._base_manager.filter(
                region__code__startswith=county.code, status=Status.HIRED
            )
            .select_related("posting__employer")
            .order_by("pk")
            .first()
        )
    if first is None:
        return
    employer = first.posting.employer
    trip = Trip(
        kind=Trip.Kind.OUT,
        title=f"点对点返岗专车：{employer.name[:40]}",
        region=county,
        origin="宿迁",
        destination=employer.name[:50],
        departs_on=OUT_DAY,
        seats=30,
        employer=employer,
        created_by=staff,
    )
    with area_scope(county.code):
        trip.save()
    made["trips"] += 1
    workers = Worker._base_manager.filter(
        applications__posting__employer=employer,
        applications__status=Status.HIRED,
        region__code__startswith=county.code,
    ).distinct()[:8]
    on_the_day = ten_on(OUT_DAY)
    for i, person in enumerate(workers):
        signup = services.sign_up(trip, person, by=staff, recorded_at=on_the_day)
        made["signups"] += 1
        if i % 3 != 2:
            services.confirm_arrival(signup, by=staff, recorded_at=on_the_day)
