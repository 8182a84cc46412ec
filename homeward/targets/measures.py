"""Measures: the figures a target may count that the statistics' dictionary does not hold yet,
each counted from the records of another workstream — never typed in.

A measure is a name → `rows(area, start, end)`, the queryset of the records it counts inside an
area over a period (read through the domain apps' scoped managers, then limited to the
target's area), and how they add up (`total`: a count, or the sum of a field such as a posting's
headcount or a fund's budget). The same queryset is the list behind the number
(`/targets/<pk>/records`), so the number and its list cannot disagree. When the statistics gain
the same figure, a target can point at the indicator instead.

Counting rules, one line each (the page shows them):

- `ambassadors_in_office`: recruitment ambassadors (招聘大使) whose appointment overlaps the
  period (appointed by its end, not ended before it began), by the ambassador's town.
- `recruiting_officers`: employer users marked recruiting officers (招聘专员) by the period's
  end, by the employer's place.
- `fairs_held`: job fairs of every kind starting inside the period and not after today, by the
  organising area.
- `fund_budget`: the budget caps of the subsidy funds (专项资金) of the area.
- `doorstep_stations`: doorstep job stations (家门口就业服务站) open, set up by the period's end.
- `low_income_hired`: hires dated in the period of people of low-income, monitored or
  poverty-alleviated households (帮扶困难群体就业), by the person's village.
- `public_welfare_posts`: the headcount of public-welfare postings (公益性岗位) published in
  the period, by the posting's place.
- `provincial_brands`: labour brands recognised at provincial (or national) level by the
  period's end, by their home area.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.scoping import limit_to_area


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    unit: str
    rule: str
    rows: Callable[[str, dt.date, dt.date], QuerySet]
    sum_of: str = ""  # a field to add up; a count when blank
    # for the list behind the number: (what, date, area name) of one record
    describe: Callable[[object], tuple[str, object, str]] = lambda r: (str(r), "", "")

    def total(self, rows: QuerySet) -> Decimal:
        if not self.sum_of:
            return Decimal(rows.count())
        return Decimal(rows.aggregate(total=Sum(self.sum_of))["total"] or 0)


def _start(moment: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(moment, dt.time.min))


def _ambassadors(area, start, end):
    from homeward.ambassadors.models import Ambassador

    rows = Ambassador.objects.filter(starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    return limit_to_area(rows.select_related("region"), area)


def _officers(area, start, end):
    from homeward.ambassadors.models import RecruitingOfficer

    rows = RecruitingOfficer.objects.filter(marked_at__lt=_start(end + dt.timedelta(days=1)))
    return limit_to_area(rows.select_related("employer_user__employer__region"), area)


def _fairs(area, start, end):
    from homeward.fairs.models import Fair

    last = min(end, timezone.localdate())
    rows = Fair.objects.filter(starts_on__gte=start, starts_on__lte=last)
    return limit_to_area(rows.select_related("region"), area)


def _funds(area, start, end):
    from homeward.subsidies.models import Fund

    return limit_to_area(Fund.objects.select_related("region"), area)


def _doorstep(area, start, end):
    from homeward.stations.models import Kind, Station

    rows = Station.objects.filter(
        kind=Kind.DOORSTEP, active=True, created_at__lt=_start(end + dt.timedelta(days=1))
    )
    return limit_to_area(rows.select_related("region"), area)


def _low_income_hired(area, start, end):
    from homeward.placements.models import Application, Status

    rows = Application.objects.filter(
        status=Status.HIRED, hired_on__gte=start, hired_on__lte=end
    ).exclude(worker__low_income="")
    return limit_to_area(rows.select_related("region", "posting__employer"), area)


def _public_welfare(area, start, end):
    from homeward.jobs.models import Posting, WorkType

    rows = Posting.objects.filter(
        work_type=WorkType.PUBLIC_WELFARE,
        published_at__gte=_start(start),
        published_at__lt=_start(end + dt.timedelta(days=1)),
    )
    return limit_to_area(rows.select_related("region", "employer"), area)


def _brands(area, start, end):
    from homeward.training.models import Brand

    rows = Brand.objects.filter(
        recognition__in=[Brand.Recognition.PROVINCIAL, Brand.Recognition.NATIONAL],
        recognised_on__lte=end,
    )
    return limit_to_area(rows.select_related("region"), area)


def _named(record, day, region) -> tuple[str, object, str]:
    return str(record), day, getattr(region, "name", "")


MEASURES = {
    m.code: m
    for m in (
        Measure(
            "ambassadors_in_office",
            _("Recruitment ambassadors in office"),
            _("people"),
            _("Ambassadors whose appointment overlaps the period, by their town."),
            _ambassadors,
            describe=lambda r: _named(r.name, r.starts_on, r.region),
        ),
        Measure(
            "recruiting_officers",
            _("Recruiting officers"),
            _("people"),
            _("Employer users marked recruiting officers by the end of the period."),
            _officers,
            describe=lambda r: _named(
                r.employer_user.employer.name,
                timezone.localdate(r.marked_at),
                r.employer_user.employer.region,
            ),
        ),
        Measure(
            "fairs_held",
            _("Job fairs held"),
            _("fairs"),
            _("Job fairs of every kind starting in the period, up to today."),
            _fairs,
            describe=lambda r: _named(r.title, r.starts_on, r.region),
        ),
        Measure(
            "fund_budget",
            _("Special funds arranged"),
            _("yuan"),
            _("The budget caps of the area's subsidy funds."),
            _funds,
            sum_of="budget_cap",
            describe=lambda r: _named(f"{r.name}（{r.budget_cap} 元）", "", r.region),
        ),
        Measure(
            "doorstep_stations",
            _("Doorstep job stations"),
            _("stations"),
            _("Doorstep job stations open, set up by the end of the period."),
            _doorstep,
            describe=lambda r: _named(r.name, timezone.localdate(r.created_at), r.region),
        ),
        Measure(
            "low_income_hired",
            _("People of low-income households helped into work"),
            _("people"),
            _("Hires dated in the period of people of low-income households, by their village."),
            _low_income_hired,
            describe=lambda r: _named(r.posting.title, r.hired_on, r.region),
        ),
        Measure(
            "public_welfare_posts",
            _("Public-welfare posts"),
            _("posts"),
            _("The headcount of public-welfare postings published in the period."),
            _public_welfare,
            sum_of="headcount",
            describe=lambda r: _named(
                f"{r.title}（{r.headcount} 个）", timezone.localdate(r.published_at), r.region
            ),
        ),
        Measure(
            "provincial_brands",
            _("Provincial labour brands"),
            _("brands"),
            _("Labour brands recognised at provincial or national level by the period's end."),
            _brands,
            describe=lambda r: _named(r.name, r.recognised_on, r.region),
        ),
    )
}
