"""A demo gig market with a week of history: the county market of the first seed county (宿城区
in 宿迁), seven days of people signing in, gigs of its employers filled by recorded lotteries,
checked out with the day's pay (one no-show and one employer who never came among them), and
today's people signed in with an open gig waiting to be filled.

The past days are written as the records those days would have left (the services accept a
sign-in or a draw only today): the draws are made by `lottery.draw` itself, so each one re-runs
on its page. Idempotent: a market already there is left as it is.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from homeward.employers.models import Employer
from homeward.regions.models import Level, Region
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.models import Worker

from . import lottery
from .models import Dispatch, DispatchStatus, Draw, DrawKind, Gig, GigStatus, Market, SignIn

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAYS = 7
PEOPLE = 12
GIGS = [  # title, trade, place, headcount, pay a day
    ("物流园卸货", "porter", "宿城物流园 3 号库", 3, Decimal("220.00")),
    ("工地小工", "helper", "幸福路安置房工地", 2, Decimal("200.00")),
    ("酒店保洁", "cleaning", "项王故里酒店", 2, Decimal("160.00")),
]
TRADES = [["porter", "helper"], ["porter"], ["cleaning"], ["helper"], ["cleaning", "kitchen"]]


def fill_gigs(areas) -> dict:
    made = {"markets": 0, "signins": 0, "gigs": 0, "dispatches": 0}
    with unscoped():
        county = _first_county(areas)
        if county is None or Market._base_manager.filter(region_id=county.code).exists():
            return made
        people = list(
            limit_to_area(Worker._base_manager.all(), county.code).order_by("pk")[:PEOPLE]
        )
        employers = list(
            limit_to_area(
                Employer._base_manager.filter(is_blacklisted=False), county.code
            ).order_by("pk")[: len(GIGS)]
        )
        if len(people) < PEOPLE or not employers:
            return made
        market = Market._base_manager.create(
            name=f"{county.name}零工市场",
            region_id=county.code,
            address="人民路零工驿站",
            hours="06:00—12:00",
        )
        made["markets"] = 1
        today = timezone.localdate()
        for back in range(DAYS, -1, -1):
            _day(made, market, people, employers, today - timedelta(days=back), today=back == 0)
    return made


def _first_county(areas) -> Region | None:
    for area in areas:
        region = Region.tree.filter(code__startswith=area, level=Level.COUNTY).order_by("code")
        region = region.first()
        if region is not None:
            return region
    return None


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def _day(made, market, people, employers, day, *, today: bool) -> None:
    signins = []
    for i, person in enumerate(people):
        if (i + day.toordinal()) % 4 == 0:
            continue  # not everyone comes every day
        signins.append(
            SignIn(
                market=market,
                worker=person,
                on=day,
                at=_at(day, 6, 10 + i * 3),
                trades=TRADES[i % len(TRADES)],
                method="qr" if i % 3 else "id",
            )
        )
    SignIn._base_manager.bulk_create(signins)
    made["signins"] += len(signins)
    offered = {s.worker_id: s.trades for s in signins}
    busy: set[int] = set()
    for n, (title, trade, place, headcount, pay) in enumerate(GIGS):
        gig = Gig._base_manager.create(
            market=market,
            employer=employers[n % len(employers)],
            title=title,
            trade=trade,
            on=day,
            place=place,
            headcount=headcount,
            pay=pay,
            status=GigStatus.OPEN,
            posted_by="staff:0",
            created_at=_at(day, 6),
        )
        made["gigs"] += 1
        if today and n == 0:
            continue  # today's first gig waits for staff to draw
        pool = sorted(w for w, trades in offered.items() if trade in trades and w not in busy)
        seed = lottery.new_seed()
        chosen = lottery.draw(seed, pool, headcount)
        if not chosen:
            continue
        draw = Draw._base_manager.create(
            gig=gig, kind=DrawKind.LOTTERY, seed=seed, pool=pool, drawn=chosen, at=_at(day, 7)
        )
        for k, worker in enumerate(chosen):
            status, paid = DispatchStatus.DONE, pay
            if today:
                status, paid = DispatchStatus.SENT, None
            elif k == 1 and n == 0 and day.weekday() == 2:
                status, paid = DispatchStatus.NO_SHOW, None
            elif n == 2 and day.weekday() == 4:
                status, paid = DispatchStatus.EMPLOYER_ABSENT, None
            Dispatch._base_manager.create(
                gig=gig,
                worker_id=worker,
                draw=draw,
                status=status,
                sent_at=_at(day, 7),
                ended_at=None if today else _at(day, 17),
                paid=paid,
                paid_on_spot=status == DispatchStatus.DONE and k % 2 == 0,
                worker_rating=5 - k % 2 if status == DispatchStatus.DONE else None,
                employer_rating=4 + k % 2 if status == DispatchStatus.DONE else None,
            )
            made["dispatches"] += 1
            busy.add(worker)
        gig.status = GigStatus.FILLED if today else GigStatus.DONE
        if len(chosen) < headcount and not today:
            gig.status = GigStatus.DONE
        gig.save(update_fields=["status"])
