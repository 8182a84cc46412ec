"""The rules of guaranteed startup loans (创业担保贷款, 财金〔2020〕21号): who may borrow, how much and
for how long in an area, the loan's schedule and each period's interest split between the borrower
and the interest subsidy. Pure: no Django; money is Decimal yuan, rounded to the fen HALF_UP.

Who: a person of an eligible group (`GROUPS`: returnee migrant workers and the others of the
measure), or a small business whose newly hired people of those groups are at least 15 % of its
staff (8 % when it has more than 100).

How much, how long: `NATIONAL` (200,000 yuan / 36 months for a person, 3,000,000 / 24 months for a
small business) unless an area raised it; the raises are data (`caps_for(area, raises)`: the
nearest area above the applicant's place that set caps wins), e.g. 深圳 since 2024: 300,000 for a
person, 600,000 when the venture created 5 jobs or more.

Interest: the loan's rate floats with the one-year LPR (`LprTable`, entries with the date each
took effect) plus the contract's spread. The borrower bears the rate up to LPR − 150 BP; the
subsidy pays the rest, capped where the area caps the subsidised rate (some places LPR + 50 BP).
Interest runs on the balance at actual days / 360 (the Chinese banks' day count). A period that
crosses an LPR change is split at the change, each day at the LPR in force that day.

Overdue: interest accruing on principal past its due day (逾期利息) and the penalty markup on it
(罚息) are the borrower's alone — no subsidy (财金〔2020〕21号: 逾期贷款不予贴息); and a period whose
dues were repaid after the due day loses that period's subsidy (`LATE_PERIOD_SUBSIDISED`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from homeward.regions.codes import covers

FEN = Decimal("0.01")
DAY_BASIS = 360  # 日利率 = 年利率 / 360
BORROWER_BEARS_BP = -150  # the borrower bears up to LPR − 150 BP
PENALTY_MARKUP = Decimal("0.5")  # 罚息: the contract rate raised by 50 % on overdue principal
LATE_PERIOD_SUBSIDISED = False  # a period repaid after its due day gets no subsidy

INDIVIDUAL, SMALL_BUSINESS = "individual", "small_business"

# The eligible groups of 财金〔2020〕21号 art. 2 (a person belongs to one or more).
GROUPS = {
    "returnee": "返乡创业农民工",
    "urban_unemployed": "城镇登记失业人员",
    "employment_difficulty": "就业困难人员（含残疾人）",
    "veteran": "复员转业退役军人",
    "released": "刑满释放人员",
    "graduate": "高校毕业生（含大学生村官和留学回国学生）",
    "laid_off": "化解过剩产能企业职工和失业人员",
    "online_merchant": "网络商户",
    "poverty_alleviated": "脱贫人口",
}
SMALL_STAFF = 100  # staff above this: the hiring share falls from 15 % to 8 %
SHARE_SMALL, SHARE_LARGE = Decimal(15), Decimal(8)  # per cent of current staff


def yuan(value) -> Decimal:
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------ caps per area


@dataclass(frozen=True)
class Caps:
    """An area's loan caps. `jobs_amount` is a higher individual cap for a venture that created
    at least `jobs_needed` jobs (0 / None: no such rule)."""

    individual_amount: Decimal
    individual_months: int
    business_amount: Decimal
    business_months: int
    jobs_amount: Decimal | None = None
    jobs_needed: int = 0
    source: str = ""

    def amount_for(self, kind: str, jobs_created: int = 0) -> Decimal:
        if kind == SMALL_BUSINESS:
            return self.business_amount
        if self.jobs_amount is not None and self.jobs_needed and jobs_created >= self.jobs_needed:
            return max(self.jobs_amount, self.individual_amount)
        return self.individual_amount

    def months_for(self, kind: str) -> int:
        return self.business_months if kind == SMALL_BUSINESS else self.individual_months


NATIONAL = Caps(Decimal(200_000), 36, Decimal(3_000_000), 24, source="财金〔2020〕21号")


def caps_for(place: str, raises: Mapping[str, Caps]) -> Caps:
    """The caps at `place` (a region code): the raise of the nearest area covering it, else the
    national ones."""
    best = None
    for area in raises:
        if covers(area, place) and (best is None or len(area) > len(best)):
            best = area
    return raises[best] if best is not None else NATIONAL


# ------------------------------------------------------------------ eligibility


@dataclass(frozen=True)
class Refusal:
    field: str
    message: str


def hiring_share_needed(staff: int) -> Decimal:
    return SHARE_LARGE if staff > SMALL_STAFF else SHARE_SMALL


def check_application(
    *,
    kind: str,
    amount: Decimal,
    months: int,
    caps: Caps,
    groups: Iterable[str] = (),
    staff: int | None = None,
    new_eligible_hires: int | None = None,
    jobs_created: int = 0,
) -> list[Refusal]:
    """Every reason the application may not go on (empty: it may)."""
    refusals: list[Refusal] = []
    if kind == INDIVIDUAL:
        unknown = [g for g in groups if g not in GROUPS]
        if unknown:
            raise ValueError(f"unknown groups {unknown}")
        if not list(groups):
            refusals.append(
                Refusal("groups", "申请人不属于创业担保贷款扶持对象（如返乡创业农民工等）。")
            )
    elif kind == SMALL_BUSINESS:
        if not staff or staff < 1 or new_eligible_hires is None or new_eligible_hires < 0:
            refusals.append(
                Refusal("staff", "请填写小微企业现有职工人数和当年新招用符合条件人数。")
            )
        else:
            needed = hiring_share_needed(staff)
            if Decimal(new_eligible_hires) * 100 < needed * staff:
                share = (Decimal(new_eligible_hires) * 100 / staff).quantize(Decimal("0.1"))
                refusals.append(
                    Refusal(
                        "new_eligible_hires",
                        f"新招用符合条件人员占现有职工 {share}%，未达到 {needed}% 的要求。",
                    )
                )
    else:
        raise ValueError(f"unknown kind {kind!r}")
    cap = caps.amount_for(kind, jobs_created)
    if amount is None or amount <= 0:
        refusals.append(Refusal("amount", "贷款金额应大于 0。"))
    elif amount > cap:
        refusals.append(
            Refusal("amount", f"贷款金额 {yuan(amount)} 元超过本地上限 {yuan(cap)} 元。")
        )
    limit = caps.months_for(kind)
    if months is None or months < 1:
        refusals.append(Refusal("months", "贷款期限应至少 1 个月。"))
    elif months > limit:
        refusals.append(Refusal("months", f"贷款期限 {months} 个月超过本地上限 {limit} 个月。"))
    return refusals


# ------------------------------------------------------------------ the LPR table


@dataclass(frozen=True)
class LprTable:
    """The one-year LPR (per cent a year) with the day each value took effect, oldest first."""

    entries: tuple[tuple[date, Decimal], ...]

    def __post_init__(self):
        days = [d for d, _ in self.entries]
        if not days or days != sorted(days) or len(set(days)) != len(days):
            raise ValueError("LPR entries must be non-empty, dated and in order")

    def on(self, day: date) -> Decimal:
        i = bisect_right([d for d, _ in self.entries], day)
        if i == 0:
            raise ValueError(f"no LPR in force on {day}")
        return self.entries[i - 1][1]

    def changes_between(self, starts: date, ends: date) -> list[date]:
        """Days strictly after `starts` and before `ends` on which a new LPR took effect."""
        return [d for d, _ in self.entries if starts < d < ends]


# ------------------------------------------------------------------ the schedule


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Period:
    """One repayment period [starts, ends): interest on `balance`, `principal` due on `ends`."""

    number: int
    starts: date
    ends: date
    balance: Decimal
    principal: Decimal


EVERY_MONTH, EVERY_QUARTER = 1, 3
BULLET, EQUAL_PRINCIPAL = "bullet", "equal_principal"  # 按期付息到期还本 / 等额本金


def schedule(
    principal: Decimal, starts: date, months: int, *, every: int = EVERY_QUARTER, method=BULLET
) -> list[Period]:
    """The periods of a loan disbursed on `starts` for `months` months, interest every `every`
    months; principal all at the end (bullet) or in equal parts each period (the last takes the
    fen left over)."""
    if principal <= 0 or months < 1 or every < 1:
        raise ValueError("principal, term and interval must be positive")
    principal = yuan(principal)
    ends_all = add_months(starts, months)
    bounds = [starts]
    k = 1
    while add_months(starts, k * every) < ends_all:
        bounds.append(add_months(starts, k * every))
        k += 1
    bounds.append(ends_all)
    count = len(bounds) - 1
    part = (principal / count).quantize(FEN, rounding=ROUND_HALF_UP)
    periods, balance = [], principal
    for n in range(count):
        if method == BULLET:
            due = principal if n == count - 1 else Decimal("0.00")
        elif method == EQUAL_PRINCIPAL:
            due = balance if n == count - 1 else part
        else:
            raise ValueError(f"unknown method {method!r}")
        periods.append(Period(n + 1, bounds[n], bounds[n + 1], balance, due))
        balance -= due
    return periods


# ------------------------------------------------------------------ interest and subsidy


@dataclass(frozen=True)
class Segment:
    starts: date
    ends: date
    days: int
    lpr: Decimal
    loan_rate: Decimal  # per cent a year
    borrower_rate: Decimal
    subsidy_rate: Decimal


@dataclass(frozen=True)
class PeriodInterest:
    period: Period
    segments: tuple[Segment, ...]
    interest: Decimal  # the period's contractual interest, yuan
    subsidy: Decimal  # the part the subsidy pays
    borrower: Decimal  # the part the borrower pays (interest − subsidy)
    overdue_interest: Decimal = Decimal("0.00")  # on principal past its due day: borrower's
    penalty_interest: Decimal = Decimal("0.00")  # the markup on it: borrower's
    overdue_days: int = 0
    subsidy_withheld: bool = False  # repaid late: the period's subsidy is not paid
    notes: tuple[str, ...] = field(default=())

    @property
    def subsidy_payable(self) -> Decimal:
        return Decimal("0.00") if self.subsidy_withheld else self.subsidy


def split_rates(lpr: Decimal, spread_bp: int, ceiling_bp: int | None) -> tuple[Decimal, ...]:
    """(loan rate, borrower's rate, subsidy's rate), per cent a year, for an LPR and spread."""
    bp = Decimal("0.01")
    loan = lpr + spread_bp * bp
    bearer = max(Decimal(0), min(loan, lpr + BORROWER_BEARS_BP * bp))
    subsidised_up_to = loan if ceiling_bp is None else min(loan, lpr + ceiling_bp * bp)
    subsidy = max(Decimal(0), subsidised_up_to - bearer)
    return loan, loan - subsidy, subsidy


def _accrue(balance: Decimal, rate: Decimal, days: int) -> Decimal:
    return balance * rate / 100 * days / DAY_BASIS  # unrounded


def period_interest(
    period: Period,
    lpr: LprTable,
    *,
    spread_bp: int = 0,
    ceiling_bp: int | None = None,
    repaid_on: date | None = None,
    unpaid_principal: Decimal | None = None,
    as_of: date | None = None,
) -> PeriodInterest:
    """The period's interest, its subsidy and the borrower's share, each day at the LPR in force.

    Overdue: when the period's dues were repaid after `period.ends` (`repaid_on`), or are still
    unpaid at `as_of`, the principal left unpaid (`unpaid_principal`, by default the period's
    principal due) accrues overdue interest at the loan rate and a penalty of PENALTY_MARKUP on
    top, from the due day to the repayment — the borrower's alone; and the period's subsidy is
    withheld unless LATE_PERIOD_SUBSIDISED."""
    cuts = [period.starts, *lpr.changes_between(period.starts, period.ends), period.ends]
    segments, interest, subsidy = [], Decimal(0), Decimal(0)
    for a, b in zip(cuts, cuts[1:], strict=False):
        days = (b - a).days
        day_lpr = lpr.on(a)
        loan, bearer, rate = split_rates(day_lpr, spread_bp, ceiling_bp)
        segments.append(Segment(a, b, days, day_lpr, loan, bearer, rate))
        interest += _accrue(period.balance, loan, days)
        subsidy += _accrue(period.balance, rate, days)
    interest, subsidy = yuan(interest), yuan(subsidy)
    overdue_interest = penalty = Decimal(0)
    late_until = repaid_on if repaid_on is not None else as_of
    overdue_days = max(0, (late_until - period.ends).days) if late_until else 0
    notes = []
    if overdue_days:
        owed = period.principal if unpaid_principal is None else unpaid_principal
        cuts = [period.ends, *lpr.changes_between(period.ends, late_until), late_until]
        for a, b in zip(cuts, cuts[1:], strict=False):
            loan = split_rates(lpr.on(a), spread_bp, ceiling_bp)[0]
            overdue_interest += _accrue(owed, loan, (b - a).days)
            penalty += _accrue(owed, loan * PENALTY_MARKUP, (b - a).days)
        notes.append(f"逾期 {overdue_days} 天，逾期利息和罚息不予贴息")
    withheld = bool(overdue_days) and not LATE_PERIOD_SUBSIDISED
    if withheld:
        notes.append("本期未按时还款，不予贴息")
    return PeriodInterest(
        period=period,
        segments=tuple(segments),
        interest=interest,
        subsidy=subsidy,
        borrower=interest - subsidy,
        overdue_interest=yuan(overdue_interest),
        penalty_interest=yuan(penalty),
        overdue_days=overdue_days,
        subsidy_withheld=withheld,
        notes=tuple(notes),
    )
