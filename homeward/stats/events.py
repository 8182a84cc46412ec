"""The figures of every workstream that records events: fairs, follow-ups, subsidies, training,
wage payment, warnings and arrears, disputes.

Each `EventCount` says which rows it counts (a model's rows, filtered), the field that places a
row in an area (the row's own region — a person's household village, a fair's organising area,
a commission's county — at whatever level it is recorded) and the date or time that places it
in a month, and whether it counts rows, distinct people, or sums a field (people affected, money
in fen). The same definition counts (`figures`) and opens the records behind a figure
(`records`), so a number and its list cannot disagree. These tables are small beside the
registry: the refresh counts them again in full, one grouped query each, and writes only what
differs (`services.refresh`).
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from homeward.scoping import limit_to_area

FEN = 100  # money is summed in fen so the summary table holds whole numbers


def _fairs():
    from homeward.fairs.models import Fair

    return Fair._base_manager.all()


def _checkins():
    from homeward.fairs.models import CheckIn

    return CheckIn._base_manager.all()


def _intentions():
    from homeward.fairs.models import Intention

    return Intention._base_manager.all()


def _followups():
    from homeward.followups.models import FollowUp

    return FollowUp._base_manager.exclude(result="")


def _decisions():
    from homeward.subsidies.models import Decision

    return Decision._base_manager.filter(action=Decision.Action.NOTICE_PASSED)


def _payments():
    from homeward.subsidies.models import Payment

    return Payment._base_manager.filter(status=Payment.Status.PAID)


def _enrolments():
    from homeward.training.models import Enrolment

    return Enrolment._base_manager.all()


def _certificates():
    from homeward.training.models import Certificate

    return Certificate._base_manager.all()


def _warnings():
    from homeward.wages.models import WageWarning

    return WageWarning._base_manager.all()


def _cases():
    from homeward.wages.models import WageCase

    return WageCase._base_manager.all()


def _clues():
    from homeward.wages.models import ArrearsClue

    return ArrearsClue._base_manager.all()


def _disputes():
    from homeward.disputes.models import Dispute

    return Dispute._base_manager.all()


def _mediations():
    from homeward.disputes.models import Mediation

    return Mediation._base_manager.exclude(outcome="open")


def _contract_reports():
    """Employers' current reports (a corrected month counts its newest version only)."""
    from homeward.employers.models import ContractReport

    return ContractReport._base_manager.filter(is_current=True)


def _large_reports():
    """The current reports of larger employers: a headcount of at least the reporting rule's
    number (employers.ReportingRule, data), as reported for that month. The rule is read in
    the query itself, so the full recount's SQL, built once, follows a change of the rule."""
    from django.db.models import Subquery, Value
    from django.db.models.functions import Coalesce

    from homeward.employers.models import DEFAULT_LARGE_HEADCOUNT, ReportingRule

    rule = ReportingRule.objects.order_by("pk").values("large_headcount")[:1]
    return _contract_reports().filter(
        headcount__gte=Coalesce(Subquery(rule), Value(DEFAULT_LARGE_HEADCOUNT))
    )


def _payroll():
    from homeward.wages.models import PayrollEntry

    return PayrollEntry._base_manager.all()


def _roster():
    from homeward.wages.models import RosterEntry

    return RosterEntry._base_manager.all()


@dataclass(frozen=True)
class EventCount:
    code: str
    rows: Callable  # () → the model's rows this figure may count
    region: str  # the field holding the area code the row is counted in
    day: str  # the date (or time, `aware`) placing the row in a month
    where: Q = field(default_factory=Q)
    aware: bool = False
    total: str | None = None  # a field summed instead of rows counted
    money: bool = False  # the total is yuan, stored as fen
    distinct: str | None = None  # count distinct values of this field instead of rows
    worker: str | None = None  # the field naming the person, for a list of people
    special: Callable | None = None  # (month or None) → [(region, month, value, pk)]

    def queryset(self):
        rows = self.rows().filter(self.where)
        return rows.filter(**{f"{self.day}__isnull": False}) if self.special is None else rows

    def in_month(self, rows, month: dt.date):
        from .compute import _moments, month_end

        if self.aware:
            start, end = _moments(month)
            return rows.filter(**{f"{self.day}__gte": start, f"{self.day}__lt": end})
        return rows.filter(**{f"{self.day}__range": (month, month_end(month))})

    def _aggregate(self):
        if self.total:
            return Sum(self.total)
        if self.distinct:
            return Count(self.distinct, distinct=True)
        return Count("pk")

    def _value(self, raw) -> int:
        if raw is None:
            return 0
        if self.money:
            return int((Decimal(raw) * FEN).to_integral_value())
        return int(raw)

    def figures(self, month: dt.date | None = None, areas: Iterable[str] | None = None):
        """{(month, region): value} of this figure, for one month or all months."""
        if self.special is not None:
            found: Counter = Counter()
            for region, when, value, _pk in self.special(month):
                if areas is None or region in areas:
                    found[(when, region)] += value
            return found
        rows = self.queryset()
        if areas is not None:
            rows = rows.filter(**{f"{self.region}__in": list(areas)})
        if month is not None:
            rows = self.in_month(rows, month)
        grouped = self._grouped(rows)
        if month is None and areas is None:  # the refresh's full recount: its SQL built once
            key = (self.code, connection.alias, connection.vendor)
            if key not in _COMPILED:
                _COMPILED[key] = grouped.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(*_COMPILED[key])
                grouped = cursor.fetchall()
        found = Counter()
        for when, region, value in grouped:
            found[(_month_of(when), region)] += self._value(value)
        return found

    def _grouped(self, rows):
        zone = timezone.get_default_timezone() if self.aware else None
        return (
            rows.annotate(
                stats_month=TruncMonth(self.day, tzinfo=zone), stats_region=F(self.region)
            )
            .values_list("stats_month", "stats_region")
            .annotate(value=self._aggregate())
            .order_by()
        )

    def records(self, month: dt.date, area: str):
        """The rows behind this figure of `month` inside `area`."""
        if self.special is not None:
            pks = [pk for region, _w, _v, pk in self.special(month) if region]
            rows = self.rows().filter(pk__in=pks)
            return limit_to_area(rows, area, self.region)
        return limit_to_area(self.in_month(self.queryset(), month), area, self.region)


_COMPILED: dict[tuple, tuple] = {}


def _month_of(when) -> dt.date:
    """The first day of a grouped month, as the ORM or the database cursor gives it: a date,
    a (naive local or aware) datetime, or SQLite's text."""
    if isinstance(when, str):
        when = dt.date.fromisoformat(when[:10])
    elif isinstance(when, dt.datetime):
        when = timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
    return when.replace(day=1)


def _trained_employed(month: dt.date | None):
    """Completed trainees by the month their first work began within six months of completing
    (training.outcomes: a hire date or a status change to a working status), in the
    enrolment's region."""
    from homeward.training.employment import starts_of
    from homeward.training.models import Enrolment
    from homeward.training.outcomes import Completion, outcomes

    from .compute import month_of

    done = list(
        Enrolment._base_manager.filter(
            status=Enrolment.Status.COMPLETED, completed_on__isnull=False
        ).values_list("pk", "worker_id", "completed_on", "region_id")
    )
    region_of = {pk: region for pk, _w, _d, region in done}
    found = outcomes(
        [Completion(pk, w, d) for pk, w, d, _r in done],
        starts_of({w for _pk, w, _d, _r in done}),
        timezone.localdate(),
    )
    rows = []
    for outcome in found:
        if outcome.employed_on is None:
            continue
        when = month_of(outcome.employed_on)
        if month is None or when == month:
            pk = outcome.completion.enrolment
            rows.append((region_of[pk], when, 1, pk))
    return rows


COUNTS = [
    # job fairs (fairs)
    EventCount("fairs_held", _fairs, "region_id", "starts_on"),
    EventCount(
        "fair_attendees", _checkins, "fair__region_id", "at", aware=True, worker="worker_id"
    ),
    EventCount(
        "fair_intentions", _intentions, "fair__region_id", "at", aware=True, worker="worker_id"
    ),
    # retention follow-ups (followups), by the month the answer was recorded
    EventCount(
        "retention_3m_answered",
        _followups,
        "region_id",
        "recorded_at",
        Q(months=3),
        aware=True,
        worker="worker_id",
    ),
    EventCount(
        "retention_3m_kept",
        _followups,
        "region_id",
        "recorded_at",
        Q(months=3, result="employed"),
        aware=True,
        worker="worker_id",
    ),
    EventCount(
        "retention_6m_answered",
        _followups,
        "region_id",
        "recorded_at",
        Q(months=6),
        aware=True,
        worker="worker_id",
    ),
    EventCount(
        "retention_6m_kept",
        _followups,
        "region_id",
        "recorded_at",
        Q(months=6, result="employed"),
        aware=True,
        worker="worker_id",
    ),
    # subsidies: approved (every review passed and the public notice over), and payments the
    # bank confirmed
    EventCount(
        "subsidies_approved",
        _decisions,
        "region_id",
        "at",
        aware=True,
        worker="entitlement__worker_id",
    ),
    EventCount(
        "subsidies_approved_amount",
        _decisions,
        "region_id",
        "at",
        aware=True,
        total="entitlement__amount",
        money=True,
        worker="entitlement__worker_id",
    ),
    EventCount(
        "subsidies_paid",
        _payments,
        "region_id",
        "settled_at",
        aware=True,
        worker="entitlement__worker_id",
    ),
    EventCount(
        "subsidies_paid_amount",
        _payments,
        "region_id",
        "settled_at",
        aware=True,
        total="amount",
        money=True,
        worker="entitlement__worker_id",
    ),
    # training
    EventCount("trainees", _enrolments, "region_id", "enrolled_on", worker="worker_id"),
    EventCount(
        "trainees_completed",
        _enrolments,
        "region_id",
        "completed_on",
        Q(status="completed"),
        worker="worker_id",
    ),
    EventCount("certificates", _certificates, "region_id", "issued_on", worker="worker_id"),
    EventCount(
        "trained_employed",
        _enrolments,
        "region_id",
        "completed_on",
        worker="worker_id",
        special=_trained_employed,
    ),
    # wage warnings and arrears (wages)
    EventCount("wage_warnings_red", _warnings, "project__region_id", "raised_on", Q(level="red")),
    EventCount(
        "wage_warnings_orange", _warnings, "project__region_id", "raised_on", Q(level="orange")
    ),
    EventCount(
        "wage_warnings_yellow", _warnings, "project__region_id", "raised_on", Q(level="yellow")
    ),
    EventCount("wage_warnings_cleared", _warnings, "project__region_id", "cleared_on"),
    EventCount("wage_cases_opened", _cases, "region_id", "opened_on"),
    EventCount("wage_cases_closed", _cases, "region_id", "closed_on"),
    EventCount(
        "wage_cases_recovered",
        _cases,
        "region_id",
        "closed_on",
        total="amount_recovered",
        money=True,
    ),
    EventCount("arrears_cases", _clues, "region_id", "received_on", worker="worker_id"),
    EventCount(
        "arrears_people", _clues, "region_id", "received_on", total="people", worker="worker_id"
    ),
    EventCount(
        "arrears_claimed",
        _clues,
        "region_id",
        "received_on",
        total="amount_claimed",
        money=True,
        worker="worker_id",
    ),
    EventCount(
        "arrears_recovered",
        _clues,
        "region_id",
        "closed_on",
        total="amount_recovered",
        money=True,
        worker="worker_id",
    ),
    # wage payment: the payroll lines of construction projects, by the pay date
    EventCount("payroll_lines", _payroll, "project__region_id", "paid_on"),
    EventCount(
        "payroll_paid", _payroll, "project__region_id", "paid_on", total="net_paid", money=True
    ),
    # labour contracts: employers' monthly reports, in the employer's place
    EventCount(
        "contracts_headcount", _contract_reports, "employer__region_id", "period", total="headcount"
    ),
    EventCount(
        "contracts_signed",
        _contract_reports,
        "employer__region_id",
        "period",
        total="contracts_signed",
    ),
    EventCount(
        "contracts_headcount_large",
        _large_reports,
        "employer__region_id",
        "period",
        total="headcount",
    ),
    EventCount(
        "contracts_signed_large",
        _large_reports,
        "employer__region_id",
        "period",
        total="contracts_signed",
    ),
    # ... and the wage rosters of construction projects: people who joined in the month
    EventCount("roster_joined", _roster, "project__region_id", "joined_on"),
    EventCount(
        "roster_contracted", _roster, "project__region_id", "joined_on", Q(contract_signed=True)
    ),
    # labour disputes (disputes), in the commission's area
    EventCount("disputes_filed", _disputes, "commission__region_id", "filed_on"),
    EventCount(
        "disputes_collective",
        _disputes,
        "commission__region_id",
        "filed_on",
        Q(is_collective=True),
    ),
    EventCount("disputes_closed", _disputes, "commission__region_id", "closed_on"),
    EventCount("mediations_closed", _mediations, "dispute__commission__region_id", "closed_on"),
    EventCount(
        "mediations_agreed",
        _mediations,
        "dispute__commission__region_id",
        "closed_on",
        Q(outcome="agreed"),
    ),
    EventCount(
        "mediations_agreed_amount",
        _mediations,
        "dispute__commission__region_id",
        "closed_on",
        Q(outcome="agreed"),
        total="agreed_amount",
        money=True,
    ),
    EventCount("arbitration_accepted", _disputes, "commission__region_id", "accepted_on"),
    EventCount("arbitration_awarded", _disputes, "commission__region_id", "awarded_on"),
    EventCount(
        "arbitration_recovered",
        _disputes,
        "commission__region_id",
        "awarded_on",
        total="amount_recovered",
        money=True,
    ),
    EventCount(
        "arbitration_closed",
        _disputes,
        "commission__region_id",
        "closed_on",
        Q(accepted_on__isnull=False, stage__in=("awarded", "withdrawn")),
    ),
]
BY_CODE = {c.code: c for c in COUNTS}


def month_figures(month: dt.date, areas: Iterable[str] | None = None) -> Counter:
    """{(region, code): value} of every event count for `month` (areas: only rows recorded
    in those areas' own codes)."""
    areas = None if areas is None else set(areas)
    found: Counter = Counter()
    for count in COUNTS:
        for (_when, region), value in count.figures(month, areas).items():
            if value:
                found[(region, count.code)] += value
    return found


def all_figures(codes: Iterable[str] | None = None) -> dict[dt.date, Counter]:
    """{month: {(region, code): value}} of every event count (or those `codes`) over every
    month: one grouped query per figure (the refresh's full recount of these small tables)."""
    found: dict[dt.date, Counter] = {}
    for count in COUNTS:
        if codes is not None and count.code not in codes:
            continue
        for (when, region), value in count.figures().items():
            if value:
                found.setdefault(when, Counter())[(region, count.code)] += value
    return found
