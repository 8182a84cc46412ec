"""Demo recruitment ambassadors (`homeward demo`): two ambassadors of the town of the demo's
follow-ups (`followups.demo_data`), appointed before the past spring season, with the people
they brought recorded (with consent) before those people were hired — so the bounty list shows
one due (hired 8 months ago on a 12-month contract, still employed at the 6-month follow-up),
one waiting for its 6-month follow-up, one excluded because the person left, and one excluded
because another ambassador referred the same person first.

Written through the services, each given the time it stands for (`recorded_at`); the clock is
not touched. Runs after the follow-ups' demo data. Idempotent: a town with ambassadors is left
as it is.
"""

from __future__ import annotations

from datetime import timedelta

from homeward.accounts.models import User
from homeward.fairs.demo_data import ten_on
from homeward.placements.models import Application, Status
from homeward.regions.codes import town_of
from homeward.scoping import limit_to_area, unscoped

from . import services
from .models import Ambassador

# (name, phone) of the two ambassadors of a town; the area's index makes the phones differ.
AMBASSADORS = (("周建国", "1390731{:02d}01"), ("彭秀英", "1390731{:02d}02"))


def fill_ambassadors(areas) -> dict:
    made = {"ambassadors": 0, "referrals": 0}
    with unscoped():
        for index, area in enumerate(areas):
            _fill(area, index, made)
    return made


def _fill(area: str, index: int, made: dict) -> None:
    hired = limit_to_area(Application._base_manager.filter(status=Status.HIRED), area).filter(
        contract_months__gte=12
    )
    kept = hired.filter(followups__months__gte=6, followups__result="employed")
    due = kept.order_by("hired_on", "pk").first()
    if due is None:
        return
    town = town_of(due.region_id)
    if Ambassador._base_manager.filter(region_id=town).exists():
        return
    there = limit_to_area(hired, town).exclude(pk=due.pk)
    left = there.filter(followups__result="left").order_by("hired_on", "pk").first()
    waiting = list(
        there.exclude(followups__result="left")
        .exclude(pk__in=kept.values("pk"))
        .distinct()
        .order_by("hired_on", "pk")[:2]
    )
    if left is None or not waiting:
        return
    hires = [
        h
        for h in Application._base_manager.filter(
            pk__in=[due.pk, left.pk, *(w.pk for w in waiting)]
        )
        .select_related("posting__employer", "worker")
        .order_by("hired_on", "pk")
    ]
    by_pk = {h.pk: h for h in hires}
    due, left, waiting = by_pk[due.pk], by_pk[left.pk], [by_pk[w.pk] for w in waiting]
    staff = User.objects.filter(region_id=town, is_active=True, role="staff").order_by("pk").first()
    appointed = ten_on(hires[0].hired_on - timedelta(days=45))  # before the season
    first, second = (
        services.appoint_ambassador(
            town=town, name=name, phone=phone.format(index), by=staff, recorded_at=appointed
        )
        for name, phone in AMBASSADORS
    )
    made["ambassadors"] += 2
    # The first refers the person still employed at 6 months (due), the one who left
    # (excluded) and one still waiting; the second the first again, a week later (not theirs:
    # the first referral wins), and another waiting if there is one.
    plan = [(first, due, 21), (first, left, 21), (first, waiting[0], 21), (second, due, 14)]
    plan += [(second, h, 21) for h in waiting[1:]]
    for ambassador, hire, days_before in plan:
        services.record_referral(
            ambassador,
            hire.worker,
            consent=True,
            employer=hire.posting.employer,
            by=staff,
            recorded_at=ten_on(hire.hired_on - timedelta(days=days_before)),
        )
        made["referrals"] += 1
