"""Counting the indicators of a month for villages, and adding them up the hierarchy.

Every figure starts at the village (the household village of the people it counts) and is
counted from records: the month-end snapshots for stocks, status changes, applications and
push messages for flows. `village_figures` is the one counting function both the full rebuild
and the incremental refresh use, so they cannot disagree; `rollup` adds villages up to towns,
counties, cities and provinces. Zero figures are not stored.
"""

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from homeward.campaigns.models import Delivery
from homeward.placements.models import Application, Status
from homeward.regions.codes import ancestor_codes
from homeward.scoping import limit_to_area
from homeward.workers.models import (
    EmploymentStatus,
    InsuranceKind,
    InsurancePlace,
    StatusEvent,
    WorkScope,
)

from .models import PersonMonth

RETURNED = (EmploymentStatus.RETURNED_UNEMPLOYED, EmploymentStatus.RETURNED_ENTREPRENEUR)


@dataclass(frozen=True)
class Stock:
    """Which month-end snapshots a stock indicator counts: statuses, scopes (None: any) and
    whether only people of low-income households. One definition both counts (`counts`) and
    lists the people behind a figure (`q`)."""

    statuses: tuple[str, ...] | None = None
    scopes: tuple[str, ...] | None = None
    low_income_only: bool = False
    insured_in: str | None = None  # a social insurance (workers.InsuranceKind) the person has
    insured_place: str | None = None  # where they are insured (PersonMonth.insured_place)

    def counts(
        self, status: str, scope: str, low: bool, insured: str = "", place: str = ""
    ) -> bool:
        return (
            (self.statuses is None or status in self.statuses)
            and (self.scopes is None or scope in self.scopes)
            and (low or not self.low_income_only)
            and (self.insured_in is None or self.insured_in in insured.split(","))
            and (self.insured_place is None or place == self.insured_place)
        )

    def q(self) -> Q:
        q = Q()
        if self.statuses is not None:
            q &= Q(status__in=self.statuses)
        if self.scopes is not None:
            q &= Q(work_scope__in=self.scopes)
        if self.low_income_only:
            q &= Q(low_income=True)
        if self.insured_in is not None:
            kind = self.insured_in
            q &= (
                Q(insured=kind)
                | Q(insured__startswith=f"{kind},")
                | Q(insured__endswith=f",{kind}")
                | Q(insured__contains=f",{kind},")
            )
        if self.insured_place is not None:
            q &= Q(insured_place=self.insured_place)
        return q


AWAY = (EmploymentStatus.OUT_MIGRANT,)
STOCKS = {
    "labour_force": Stock(),
    "out_migrants": Stock(AWAY),
    "out_of_province": Stock(AWAY, (WorkScope.OUT_OF_PROVINCE,)),
    "in_province": Stock(AWAY, (WorkScope.IN_PROVINCE,)),
    "in_city": Stock(AWAY, (WorkScope.IN_CITY,)),
    "in_county": Stock(AWAY, (WorkScope.IN_COUNTY, WorkScope.IN_TOWN)),
    "local_employed": Stock((EmploymentStatus.LOCAL_EMPLOYED,)),
    "flexible": Stock((EmploymentStatus.FLEXIBLE,)),
    "returned_seeking": Stock((EmploymentStatus.RETURNED_UNEMPLOYED,)),
    "returned_founders": Stock((EmploymentStatus.RETURNED_ENTREPRENEUR,)),
    "unemployed": Stock((EmploymentStatus.UNEMPLOYED,)),
    "low_income": Stock(low_income_only=True),
    # social-insurance coverage at the month's end, one stock per kind
    **{f"insured_{kind}": Stock(insured_in=kind) for kind in InsuranceKind.values},
    # where they are insured (参保地): here, or only elsewhere
    "insured_local": Stock(insured_place=InsurancePlace.LOCAL),
    "insured_elsewhere": Stock(insured_place=InsurancePlace.ELSEWHERE),
}

Key = tuple[str, str]  # (region code, indicator)


def parse_month(text: str | None) -> dt.date | None:
    """ "2027-03" → 2027-03-01; None for anything else."""
    if not text or not re.fullmatch(r"\d{4}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text + "-01")
    except ValueError:
        return None


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def _moments(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month as aware datetimes in Beijing time: [first day 00:00, next month's 00:00)."""
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(month, dt.time(), tzinfo=zone)
    return start, dt.datetime.combine(next_month(month), dt.time(), tzinfo=zone)


def _within(rows, field: str, villages: Iterable[str] | None):
    return rows if villages is None else rows.filter(**{f"{field}__in": list(villages)})


def returned_from(events, scopes: tuple[str, ...]):
    """The returns among `events` whose status before was working away in one of `scopes`."""
    before = StatusEvent._base_manager.filter(
        worker=OuterRef("worker"), occurred_on__lt=OuterRef("occurred_on")
    ).order_by("-occurred_on", "-recorded_at", "-pk")
    return events.annotate(
        before_status=Subquery(before.values("status")[:1]),
        before_scope=Subquery(before.values("work_scope")[:1]),
    ).filter(before_status=EmploymentStatus.OUT_MIGRANT, before_scope__in=scopes)


def from_outside_province(events):
    """The returns among `events` whose status before was working outside the province."""
    return returned_from(events, (WorkScope.OUT_OF_PROVINCE,))


# The returnees of a month by where they had worked (the same four scopes as the stocks).
ORIGINS = {
    "returnees_from_outside_province": (WorkScope.OUT_OF_PROVINCE,),
    "returnees_from_in_province": (WorkScope.IN_PROVINCE,),
    "returnees_from_in_city": (WorkScope.IN_CITY,),
    "returnees_from_in_county": (WorkScope.IN_COUNTY, WorkScope.IN_TOWN),
}


# The returnees of a month by their status at its end (the Sankey's last step: back to work).
AFTER_RETURN = {
    "returnees_then_local": (EmploymentStatus.LOCAL_EMPLOYED,),
    "returnees_then_flexible": (EmploymentStatus.FLEXIBLE,),
    "returnees_then_founding": (EmploymentStatus.RETURNED_ENTREPRENEUR,),
    "returnees_then_seeking": (EmploymentStatus.RETURNED_UNEMPLOYED, EmploymentStatus.UNEMPLOYED),
    "returnees_then_away": (EmploymentStatus.OUT_MIGRANT,),
}


def with_month_end_status(events, month: dt.date):
    """The status changes with their person's status in the month-end snapshot."""
    end = PersonMonth._base_manager.filter(worker=OuterRef("worker"), month=month)
    return events.annotate(end_status=Subquery(end.values("status")[:1]))


# A count in two halves, so several run in one round trip (`services._batch`): the query, and
# how its rows add to the counts.
Counting = tuple  # (queryset, add(rows, counts))


def stock_counting(month: dt.date, villages: Iterable[str] | None = None) -> list[Counting]:
    """Every stock of the month by village in one grouped pass over the snapshots: a row per
    village with one filtered count per stock (the same `Stock.q` that lists its people)."""
    rows = _within(PersonMonth._base_manager.filter(month=month), "region_id", villages)
    codes = list(STOCKS)
    grouped = (
        rows.values("region_id")
        .annotate(**{f"n_{i}": Count("id", filter=STOCKS[c].q()) for i, c in enumerate(codes)})
        .values_list("region_id", *(f"n_{i}" for i in range(len(codes))))
        .order_by()
    )

    def add(found, counts: Counter) -> None:
        for region, *ns in found:
            for code, n in zip(codes, ns, strict=True):
                if n:
                    counts[(region, code)] += n

    return [(grouped, add)]


def flow_counting(
    month: dt.date, villages: Iterable[str] | None = None, parts: Iterable[str] | None = None
) -> list[Counting]:
    """The registry's flows of the month by village: the returns (`PARTS["returns"]`),
    applications and hires, push messages (`parts`: only those; None: all)."""
    start, end = _moments(month)
    days = (month, month_end(month))
    parts = set(PARTS) if parts is None else set(parts)
    found: list[Counting] = []
    if "returns" in parts:
        found += _return_counting(month, days, villages)
    if "applications" in parts:
        found += _application_counting(start, end, days, villages)
    if "push" in parts:
        found += _push_counting(start, end, villages)
    return found


def _adding(code: str):
    def add(found, counts: Counter) -> None:
        for region, n in found:
            counts[(region, code)] += n

    return add


def _return_counting(month: dt.date, days, villages) -> list[Counting]:
    events = _within(StatusEvent._base_manager, "region_id", villages).filter(
        occurred_on__range=days, status__in=RETURNED
    )
    returnees = events.values_list("region_id").annotate(n=Count("worker", distinct=True))
    with_before = returned_from(events, tuple(s for scopes in ORIGINS.values() for s in scopes))
    origin_of = {scope: code for code, scopes in ORIGINS.items() for scope in scopes}
    origins = (
        with_before.values_list("region_id", "before_scope")
        .annotate(n=Count("worker", distinct=True))
        .order_by()
    )
    after_of = {status: code for code, statuses in AFTER_RETURN.items() for status in statuses}
    after = (
        with_month_end_status(events, month)
        .values_list("region_id", "end_status")
        .annotate(n=Count("worker", distinct=True))
        .order_by()
    )

    def add_origins(found, counts: Counter) -> None:
        for region, scope, n in found:
            counts[(region, origin_of[scope])] += n

    def add_after(found, counts: Counter) -> None:
        for region, end_status, n in found:
            if end_status in after_of:
                counts[(region, after_of[end_status])] += n

    return [(returnees, _adding("returnees")), (origins, add_origins), (after, add_after)]


def _application_counting(start, end, days, villages) -> list[Counting]:
    applications = _within(Application._base_manager, "region_id", villages)
    applied = applications.filter(applied_at__gte=start, applied_at__lt=end)
    hired = applications.filter(status=Status.HIRED, hired_on__range=days)
    return [
        (rows.values_list("region_id").annotate(n=Count("id")), _adding(code))
        for code, rows in (
            ("applications", applied),
            ("hires", hired),
            ("push_applied", applied.filter(campaign__isnull=False)),
            ("push_hired", hired.filter(campaign__isnull=False)),
        )
    ]


def _push_counting(start, end, villages) -> list[Counting]:
    deliveries = _within(Delivery._base_manager, "region_id", villages)
    return [
        (
            deliveries.filter(Q(**{f"{field}__gte": start}) & Q(**{f"{field}__lt": end}))
            .values_list("region_id")
            .annotate(n=Count("id")),
            _adding(code),
        )
        for code, field in (("push_sent", "sent_at"), ("push_clicked", "clicked_at"))
    ]


# The indicators counted from the registry's rows by household village (snapshots, status
# changes, applications, push messages); the others are `events.COUNTS`, counted in the area
# their rows are recorded in.
FLOWS = (
    "returnees",
    *ORIGINS,
    *AFTER_RETURN,
    "applications",
    "hires",
    "push_applied",
    "push_hired",
)
REGISTRY_CODES = frozenset((*STOCKS, *FLOWS, "push_sent", "push_clicked"))
# The registry's indicators in the parts the incremental update counts apart: a status change
# moves the stocks and the returns (the returnees' status at the month's end), an application
# its counts, a push message the push counts.
PARTS = {
    "stocks": frozenset(STOCKS),
    "returns": frozenset(("returnees", *ORIGINS, *AFTER_RETURN)),
    "applications": frozenset(("applications", "hires", "push_applied", "push_hired")),
    "push": frozenset(("push_sent", "push_clicked")),
}


def registry_counting(
    month: dt.date, villages: Iterable[str] | None = None, parts: Iterable[str] | None = None
) -> list[Counting]:
    """The counts of `registry_figures`, to run."""
    villages = None if villages is None else sorted(set(villages))
    found = stock_counting(month, villages) if parts is None or "stocks" in parts else []
    return found + flow_counting(month, villages, parts)


def counted(counting: list[Counting], rows: list | None = None) -> dict[Key, int]:
    """The non-zero figures of `counting` (its queries' `rows` when they ran already)."""
    counts: Counter = Counter()
    if rows is None:
        rows = [list(query) for query, _add in counting]
    for (_query, add), found in zip(counting, rows, strict=True):
        add(found, counts)
    return {key: n for key, n in counts.items() if n}


def registry_figures(
    month: dt.date, villages: Iterable[str] | None = None, parts: Iterable[str] | None = None
) -> dict[Key, int]:
    """The registry's indicators of the month for the given villages (None: all), non-zero
    (`parts`: only those of `PARTS`)."""
    return counted(registry_counting(month, villages, parts))


def village_figures(month: dt.date, villages: Iterable[str] | None = None) -> dict[Key, int]:
    """Every indicator of the month counted where its rows are recorded — the registry's by
    household village, the workstreams' events in their own area (a fair's organising area, a
    commission's county) — for the given areas' own rows (None: all), non-zero ones only.
    `rollup` of it is every area's figure."""
    from . import events

    counts = Counter(registry_figures(month, villages))
    counts += events.month_figures(month, None if villages is None else set(villages))
    return {key: n for key, n in counts.items() if n}


def rollup(values: dict[Key, int]) -> dict[Key, int]:
    """The village figures with every area above them: each the sum of the villages under it
    (each region's ancestors looked up once)."""
    total: dict[Key, int] = defaultdict(int)
    above: dict[str, tuple[str, ...]] = {}
    for (region, code), n in values.items():
        total[(region, code)] += n
        ancestors = above.get(region)
        if ancestors is None:
            ancestors = above[region] = tuple(ancestor_codes(region))
        for area in ancestors:
            total[(area, code)] += n
    return dict(total)


def records_behind(code: str, month: dt.date, area: str):
    """The records a village-level count of `code` for `month` inside `area` is counted from,
    as (model's queryset, its worker field): month-end snapshots, status changes, applications,
    push messages, or a workstream's rows (`events.COUNTS`: fairs, check-ins, follow-ups,
    decisions, payments, enrolments, warnings, cases, clues, disputes, mediations — the worker
    field None where the rows are not a person's). The caller reads the people through the scoped Worker manager."""
    start, end = _moments(month)
    days = (month, month_end(month))
    if code in STOCKS:
        rows = PersonMonth._base_manager.filter(STOCKS[code].q(), month=month)
        return limit_to_area(rows, area, "region_id"), "worker_id"
    if code == "returnees" or code in ORIGINS:
        rows = StatusEvent._base_manager.filter(occurred_on__range=days, status__in=RETURNED)
        if code in ORIGINS:
            rows = returned_from(rows, ORIGINS[code])
        return limit_to_area(rows, area, "region_id"), "worker_id"
    if code in AFTER_RETURN:
        rows = StatusEvent._base_manager.filter(occurred_on__range=days, status__in=RETURNED)
        rows = with_month_end_status(rows, month).filter(end_status__in=AFTER_RETURN[code])
        return limit_to_area(rows, area, "region_id"), "worker_id"
    if code in ("applications", "push_applied", "hires", "push_hired"):
        rows = Application._base_manager.all()
        if code in ("applications", "push_applied"):
            rows = rows.filter(applied_at__gte=start, applied_at__lt=end)
        else:
            rows = rows.filter(status=Status.HIRED, hired_on__range=days)
        if code.startswith("push_"):
            rows = rows.filter(campaign__isnull=False)
        return limit_to_area(rows, area, "region_id"), "worker_id"
    if code in ("push_sent", "push_clicked"):
        field = "sent_at" if code == "push_sent" else "clicked_at"
        rows = Delivery._base_manager.filter(**{f"{field}__gte": start, f"{field}__lt": end})
        return limit_to_area(rows, area, "region_id"), "worker_id"
    from . import events

    if code in events.BY_CODE:  # the worker field is None for records that are not people's
        count = events.BY_CODE[code]
        return count.records(month, area), count.worker
    raise KeyError(code)


def part_figures(month: dt.date, area: str) -> dict[Key, int]:
    """One partition's share of the month: every figure of the rows recorded inside `area`
    (its villages, towns and its own code), rolled up to every level above them. A province
    split by county computes each county's part on its own (another process, another
    database) and `merge`s them; rows recorded above the counties (a city's own fair) are the
    city's own part (`part_of_own`)."""
    from homeward.regions.models import Region

    codes = set(limit_to_area(Region.tree.all(), area, "code").values_list("code", flat=True))
    return rollup(village_figures(month, codes | {area}))


def part_of_own(month: dt.date, area: str) -> dict[Key, int]:
    """The figures of the rows recorded at `area`'s own code only (not below it)."""
    return rollup(village_figures(month, {area}))


def merge(parts: Iterable[dict[Key, int]]) -> dict[Key, int]:
    """The sum of partitions' figures: every indicator is a count or a sum, so the parts add."""
    total: Counter = Counter()
    for part in parts:
        total.update(part)
    return {key: n for key, n in total.items() if n}
