"""Demo job fairs for the seed areas: a past spring season, "2026 春风行动", with one fair of each
kind, employers' approved booths with their postings, people checked in (low-income people among
them), intentions reached at the booths and a few hires, so the results pages have figures.

Everything is written through the services, each given the time it stands for
(`recorded_at`, ten in the morning of the day, Asia/Shanghai): the services accept a check-in
only on the fair's days and a booth only before the fair is over, and check those rules against
that day. The clock is not touched: what the demo asks of other apps (the applications an
intention makes, the hires) is recorded now, with the hire's own date. Idempotent: a season
already there is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from homeward.accounts.models import User
from homeward.employers.models import Employer
from homeward.jobs.models import Posting, Status
from homeward.placements import services as placements
from homeward.regions.models import Level, Region
from homeward.scoping import unscoped
from homeward.workers.models import Worker

from . import services
from .models import Fair, Kind

SEASON = "2026 春风行动"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# kind: (title, first day, days, venue)
FAIRS = [
    (Kind.ONSITE, "春风行动现场招聘会", date(2026, 2, 24), 1, "人力资源市场一楼大厅"),
    (Kind.CARAVAN, "春风行动送岗下乡大篷车", date(2026, 2, 26), 3, "各村村委会广场"),
    (Kind.NIGHT_MARKET, "春风行动夜市招聘", date(2026, 3, 2), 1, "步行街夜市"),
    (Kind.ONLINE, "春风行动云招聘", date(2026, 3, 4), 2, ""),
    (Kind.LIVESTREAM, "春风行动直播带岗", date(2026, 3, 6), 1, ""),
    (Kind.RETURNEE_FORUM, "返乡人员就业座谈会", date(2026, 3, 9), 1, "县政府会议室"),
    (Kind.STARTUP, "返乡创业项目对接会", date(2026, 3, 12), 1, "创业孵化园"),
]
BOOTHS = 3  # employers per fair
POSTINGS_PER_BOOTH = 2
CHECKINS = 8  # people per fair
LOW_INCOME = 3  # of them from low-income households
INTENTIONS = 4  # per fair
HIRES = 1  # per fair, a week after it


def ten_on(day: date) -> datetime:
    """Ten in the morning of `day` (Asia/Shanghai): when a replayed step stands to be done."""
    return datetime.combine(day, time(10), tzinfo=SHANGHAI)


def fill_fairs(areas) -> dict:
    """The season's fairs in the seed areas (once). Returns what was made."""
    made = {"fairs": 0, "booths": 0, "checkins": 0, "intentions": 0, "hires": 0}
    with unscoped():
        if Fair.objects.filter(season=SEASON).exists():
            return made
        counties = [_county_of(area) for area in areas]
        counties = [county for county in counties if county is not None]
        if not counties:
            return made
        for index, (kind, title, starts, days, venue) in enumerate(FAIRS):
            county = counties[index % len(counties)]
            # The fairs of one county meet different people (a person's application to a job
            # belongs to the first fair it came through).
            turn = index // len(counties)
            _one_fair(made, county, kind, f"{county.name}{title}", starts, days, venue, turn)
    return made


def _county_of(area: str) -> Region | None:
    """The area itself when a county, else its first county with villages (the demo accounts'
    county, homeward.operations.demo)."""
    region = Region.tree.filter(code=area).first()
    while region is not None and region.level not in (Level.COUNTY, Level.VILLAGE):
        region = next(
            (
                child
                for child in Region.tree.filter(parent=region).order_by("code")
                if Region.tree.filter(code__startswith=child.code, level=Level.VILLAGE).exists()
            ),
            None,
        )
    return region if region is not None and region.level == Level.COUNTY else None


class _Made:
    """What `services.save_fair` takes from a valid FairForm, for a fair made here."""

    def __init__(self, fair: Fair, fields) -> None:
        fair.full_clean(exclude=["created_by"])
        self.fair, self.changed_data = fair, sorted(fields)

    def save(self, commit=True) -> Fair:
        return self.fair


def _one_fair(made, county: Region, kind, title, starts, days, venue, turn: int) -> None:
    staff = (
        User.objects.filter(username__startswith="demo-", region=county, is_active=True)
        .order_by("pk")
        .first()
    )
    by = staff if staff is not None and staff.can_write else None
    ends = starts + timedelta(days=days - 1)
    data = {
        "title": title,
        "kind": kind,
        "season": SEASON,
        "region_id": county.code,
        "starts_on": starts,
        "ends_on": ends,
        "venue": venue,
        "capacity": 500,
        "host": "县人社局主播" if kind == Kind.LIVESTREAM else "",
        "stream_url": "https://live.example.cn/chunfeng" if kind == Kind.LIVESTREAM else "",
    }
    before = ten_on(starts - timedelta(days=14))
    # The fortnight before the fair.
    fair = services.save_fair(_Made(Fair(**data), data), by=by, recorded_at=before)
    made["fairs"] += 1
    if kind == Kind.CARAVAN:
        villages = Region.tree.filter(level=Level.VILLAGE, code__startswith=county.code)
        for offset, village in enumerate(villages.order_by("code")[:days]):
            services.add_stop(
                fair, on=starts + timedelta(days=offset), village=village, at=time(9), by=by
            )
    booths = []
    employers = Employer.objects.filter(region__code__startswith=county.code).order_by("pk")
    for employer in employers[:BOOTHS]:
        postings = list(
            Posting.objects.filter(employer=employer, status=Status.PUBLISHED).order_by("pk")[
                :POSTINGS_PER_BOOTH
            ]
        )
        if not postings:
            continue
        booth = services.sign_up_booth(fair, employer, postings, by=by, recorded_at=before)
        approved = services.approve_booth(booth, by=by, recorded_at=before)
        booths.append((approved, postings))
    made["booths"] += len(booths)
    adults = Worker.objects.filter(
        region__code__startswith=county.code, birth_date__lt=date(1995, 1, 1)
    ).order_by("pk")
    low = list(adults.exclude(low_income="")[turn * LOW_INCOME : (turn + 1) * LOW_INCOME])
    rest = CHECKINS - len(low)
    people = list(adults.filter(low_income="")[turn * rest : (turn + 1) * rest])
    people[1:1] = low  # a low-income person among the first intentions
    intentions = []
    on_the_day = ten_on(starts)
    # The fair's first day.
    for worker in people:
        services.check_in_by_id(fair, worker.id_number, by=by, recorded_at=on_the_day)
        made["checkins"] += 1
    offered = [posting for _booth, postings in booths for posting in postings]
    for worker, posting in zip(people[:INTENTIONS], offered, strict=False):
        intention, created = services.record_intention(
            fair, worker, posting, by=by, recorded_at=on_the_day
        )
        intentions.append(intention)
        made["intentions"] += created
    hired_on = ends + timedelta(days=7)
    # A week after the fair; the hire carries its own date.
    for intention in intentions[:HIRES]:
        placements.hire(
            intention.application,
            hired_on=hired_on,
            contract_months=12,
            by=f"staff:{by.username}" if by else "demo",
            actor=by,
        )
        made["hires"] += 1
