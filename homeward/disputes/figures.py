"""Deadlines of open cases and the figures of mediation and arbitration, counted from events.

Every figure is a count of cases whose event (filed, mediation closed, accepted, closed …)
falls in a period, so the list behind it is the same predicate (`matching`): the figures page
links each number to `disputes:list?metric=…&year=…&month=…&commission=…|county=…`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from homeward.regions.codes import county_of

from . import deadlines
from .holidays import platform_calendar
from .models import (
    AidDecision,
    Dispute,
    Mediation,
    MediationOutcome,
    PartyRole,
    ReviewOutcome,
    Stage,
)

SOON_DAYS = 3  # the board's "due soon": within three days


# ---- deadlines of a case ----


@dataclass
class Deadline:
    label: str
    due: date | None  # None: the year has no holiday calendar yet (missing_year)
    done: date | None = None
    missing_year: int | None = None

    @property
    def is_open(self) -> bool:
        return self.done is None

    def state(self, today: date) -> str:
        if self.done is not None:
            return "late" if self.due and self.done > self.due else "done"
        if self.due is None:
            return "unknown"
        if self.due < today:
            return "overdue"
        if self.due <= today + timedelta(days=SOON_DAYS):
            return "soon"
        return "open"


def _deadline(label, fn, done=None) -> Deadline:
    try:
        return Deadline(label, fn(), done)
    except deadlines.CalendarMissing as missing:
        return Deadline(label, None, done, missing.year)


def case_deadlines(dispute: Dispute, cal=None, today: date | None = None) -> list[Deadline]:
    """The statutory deadlines that apply to the case at its stage, with when each was met."""
    cal = cal or platform_calendar()
    end = deadlines.period_end
    out = []
    for mediation in dispute.mediations.all():
        if mediation.outcome == MediationOutcome.OPEN:
            out.append(
                _deadline(
                    "调解期限届满（15 日）",
                    lambda m=mediation: end(m.started_on, deadlines.MEDIATION_DAYS, cal),
                )
            )
    if dispute.complete_on:
        out.append(
            _deadline(
                "作出受理决定（5 个工作日）",
                lambda: end(dispute.complete_on, deadlines.ACCEPT_DAYS, cal),
                dispute.accepted_on or dispute.refused_on,
            )
        )
    if dispute.accepted_on:
        out.append(
            _deadline(
                "申请书副本送达被申请人（5 个工作日）",
                lambda: end(dispute.accepted_on, deadlines.SERVE_COPY_DAYS, cal),
                dispute.copy_served_on,
            )
        )
        out.append(
            _deadline(
                "组成仲裁庭（5 个工作日）",
                lambda: end(dispute.accepted_on, deadlines.TRIBUNAL_DAYS, cal),
                dispute.tribunal_on,
            )
        )
        if dispute.copy_served_on:
            out.append(
                _deadline(
                    "被申请人提交答辩书（10 个工作日）",
                    lambda: end(dispute.copy_served_on, deadlines.DEFENCE_DAYS, cal),
                    dispute.defence_on or dispute.awarded_on or dispute.closed_on,
                )
            )
        suspensions = [(s.started_on, s.ended_on) for s in dispute.suspensions.all()]
        out.append(
            _deadline(
                "作出裁决（%s 日）" % (60 if dispute.extended else 45),
                lambda: deadlines.award_by(
                    dispute.clock_started_on or dispute.accepted_on,
                    cal,
                    extended=dispute.extended,
                    suspensions=suspensions,
                    on=today or timezone.localdate(),
                ),
                dispute.awarded_on
                or (dispute.closed_on if dispute.stage == Stage.WITHDRAWN else None),
            )
        )
    for review in dispute.reviews.all():
        days = deadlines.REVIEW_DAYS + (deadlines.REVIEW_EXTENSION_DAYS if review.extended else 0)
        out.append(
            _deadline(
                f"调解协议仲裁审查（{days} 个工作日）",
                lambda r=review, n=days: end(r.accepted_on or r.applied_on, n, cal),
                review.decided_on,
            )
        )
    for aid in dispute.legal_aid.all():
        out.append(
            _deadline(
                "法律援助作出决定（7 日）",
                lambda a=aid: end(a.referred_on, deadlines.LEGAL_AID_DECISION_DAYS, cal),
                aid.decided_on,
            )
        )
        if aid.decision == AidDecision.GRANTED:
            out.append(
                _deadline(
                    "指派法律援助律师（3 日）",
                    lambda a=aid: end(a.decided_on, deadlines.LEGAL_AID_ASSIGN_DAYS, cal),
                    aid.assigned_on,
                )
            )
    return out


def next_deadline(items: list[Deadline]) -> Deadline | None:
    open_ = [d for d in items if d.is_open]
    unknown = [d for d in open_ if d.due is None]
    dated = sorted((d for d in open_ if d.due is not None), key=lambda d: d.due)
    return dated[0] if dated else (unknown[0] if unknown else None)


def with_related(queryset):
    return queryset.select_related("commission").prefetch_related(
        "mediations", "suspensions", "legal_aid", "claims", "tribunal__arbitrator", "reviews"
    )


OPEN_STAGES = (
    Stage.FILED,
    Stage.MEDIATING,
    Stage.INCOMPLETE,
    Stage.APPLIED,
    Stage.ACCEPTED,
    Stage.HEARING,
    Stage.SUSPENDED,
)


def board(disputes, today: date):
    """Open deadlines of open cases (plus unmet legal-aid ones): overdue, due soon, unknown."""
    cal = platform_calendar()
    rows = []
    open_cases = disputes.filter(
        Q(stage__in=OPEN_STAGES) | Q(reviews__outcome=ReviewOutcome.PENDING)
    ).distinct()
    for dispute in with_related(open_cases):
        for item in case_deadlines(dispute, cal, today):
            state = item.state(today)
            if state in ("overdue", "soon", "unknown"):
                arbitrators = [s.arbitrator.name for s in dispute.tribunal.all()]
                rows.append((dispute, item, state, arbitrators))
    order = {"overdue": 0, "soon": 1, "unknown": 2}
    # collective cases first within each state (规则 art. 62: accepted and heard first)
    rows.sort(key=lambda r: (order[r[2]], not r[0].is_priority, r[1].due or date.max, r[0].pk))
    return rows


# ---- figures ----


def _closed_mediation(d: Dispute, agreed: bool = False):
    days = [
        m.closed_on
        for m in d.mediations.all()
        if m.closed_on
        and (m.outcome == MediationOutcome.AGREED if agreed else m.outcome != MediationOutcome.OPEN)
    ]
    return max(days) if days else None


def _in_time(d: Dispute, cal):
    if not d.awarded_on or not d.accepted_on:
        return None
    try:
        limit = deadlines.award_by(
            d.clock_started_on or d.accepted_on,
            cal,
            extended=d.extended,
            suspensions=[(s.started_on, s.ended_on) for s in d.suspensions.all()],
            on=d.awarded_on,
        )
    except deadlines.CalendarMissing:
        return None
    return d.awarded_on if d.awarded_on <= limit else None


METRICS = {
    "filed": "申请",
    "mediation_closed": "调解结案",
    "mediation_agreed": "调解成功",
    "closed": "结案",
    "mediated": "调解结案的争议",
    "accepted": "仲裁受理",
    "arb_closed": "仲裁结案",
    "arb_in_time": "法定期限内裁决",
}


def event_day(d: Dispute, metric: str, cal) -> date | None:
    if metric == "filed":
        return d.filed_on
    if metric == "mediation_closed":
        return _closed_mediation(d)
    if metric == "mediation_agreed":
        return _closed_mediation(d, agreed=True)
    if metric == "closed":
        return d.closed_on
    if metric == "mediated":
        return d.closed_on if d.stage == Stage.MEDIATED else None
    if metric == "accepted":
        return d.accepted_on
    if metric == "arb_closed":
        return (
            d.closed_on if d.accepted_on and d.stage in (Stage.AWARDED, Stage.WITHDRAWN) else None
        )
    if metric == "arb_in_time":
        return _in_time(d, cal)
    raise KeyError(metric)


def _in_period(day: date | None, year: int, month: int | None) -> bool:
    return day is not None and day.year == year and (month is None or day.month == month)


def group_key(d: Dispute, by: str, day: date) -> str:
    if by == "commission":
        return str(d.commission_id)
    if by == "county":
        return county_of(d.commission.region_id) or d.commission.region_id
    return f"{day.month:02d}"


def prefetched(disputes):
    return disputes.select_related("commission").prefetch_related(
        Prefetch("mediations", queryset=Mediation._base_manager.all()),
        "suspensions",
        "claims",
        Prefetch("parties"),
    )


def matching(disputes, metric: str, year: int, month: int | None = None, **group) -> list[Dispute]:
    """The cases behind one figure: `metric`'s event in the period (and in the group)."""
    cal = platform_calendar()
    found = []
    for d in prefetched(disputes):
        day = event_day(d, metric, cal)
        if not _in_period(day, year, month):
            continue
        if "commission" in group and str(d.commission_id) != str(group["commission"]):
            continue
        if "county" in group and group_key(d, "county", day) != group["county"]:
            continue
        found.append(d)
    return found


@dataclass
class Row:
    key: str
    counts: dict
    claimed: Decimal
    recovered: Decimal
    workers: int
    days_total: int

    def rate(self, top: str, bottom: str):
        return (self.counts[top] / self.counts[bottom]) if self.counts[bottom] else None

    @property
    def mediation_success(self):
        return self.rate("mediation_agreed", "mediation_closed")

    @property
    def mediation_share(self):
        return self.rate("mediated", "closed")

    @property
    def arbitration_closure(self):
        return self.rate("arb_closed", "accepted")

    @property
    def arbitration_in_time(self):
        return self.rate("arb_in_time", "accepted")

    @staticmethod
    def _pct(value) -> str:
        return "—" if value is None else f"{value * 100:.1f} %"

    @property
    def mediation_success_pct(self) -> str:
        return self._pct(self.mediation_success)

    @property
    def mediation_share_pct(self) -> str:
        return self._pct(self.mediation_share)

    @property
    def arbitration_closure_pct(self) -> str:
        return self._pct(self.arbitration_closure)

    @property
    def arbitration_in_time_pct(self) -> str:
        return self._pct(self.arbitration_in_time)

    @property
    def average_days(self):
        return (self.days_total / self.counts["closed"]) if self.counts["closed"] else None


def table(disputes, year: int, by: str = "commission") -> list[Row]:
    """One row per commission, county or month of `year`: the counts of each metric, amounts
    claimed (cases filed) and recovered (cases closed), workers involved (cases filed),
    and the days from filing to closing."""
    cal = platform_calendar()
    rows: dict[str, Row] = {}

    def row(key):
        if key not in rows:
            rows[key] = Row(key, dict.fromkeys(METRICS, 0), Decimal(0), Decimal(0), 0, 0)
        return rows[key]

    for d in prefetched(disputes):
        for metric in METRICS:
            day = event_day(d, metric, cal)
            if not _in_period(day, year, None):
                continue
            r = row(group_key(d, by, day))
            r.counts[metric] += 1
            if metric == "filed":
                r.claimed += sum((c.amount for c in d.claims.all()), start=Decimal(0))
                r.workers += sum(1 for p in d.parties.all() if p.role == PartyRole.APPLICANT)
            if metric == "closed":
                r.recovered += d.amount_recovered
                r.days_total += (d.closed_on - d.filed_on).days
    return [rows[k] for k in sorted(rows)]


def totals(rows: list[Row]) -> Row:
    total = Row("", dict.fromkeys(METRICS, 0), Decimal(0), Decimal(0), 0, 0)
    for r in rows:
        for k, v in r.counts.items():
            total.counts[k] += v
        total.claimed += r.claimed
        total.recovered += r.recovered
        total.workers += r.workers
        total.days_total += r.days_total
    return total
