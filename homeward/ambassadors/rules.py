"""Which referred hires earn their ambassador a bounty (pure: no Django).

A candidate is one referral × one application of the referred person at an employer the
referral covers. Each gets a verdict — due, waiting (with what for), excluded (with why) or
approved — and the day it falls due (six months after the hire). The rules, in this order:

- none when the ambassador is the person, works for that employer (an employer user of it, or
  a current placement there), or is staff of the area that approves it (conflict of interest);
- the first referral wins: a later referral of the same person for the same employer by
  another ambassador is not theirs;
- one bounty per person and employer (their earliest hire there);
- due when the person was hired with a contract of at least 12 months and a follow-up at six
  months or later says they are still employed; a follow-up saying they left excludes it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime

MIN_CONTRACT_MONTHS = 12
KEPT_MONTHS = 6

DUE, WAITING, EXCLUDED, APPROVED = "due", "waiting", "excluded", "approved"


@dataclass(frozen=True)
class FollowUpFact:
    months: int
    due_on: date
    result: str  # "employed", "left" or "" (not answered)
    left_on: date | None = None


@dataclass(frozen=True)
class Candidate:
    referral_id: int
    ambassador_id: int
    worker_id: int
    employer_id: int
    application_id: int
    referred_at: datetime
    status: str  # the application's status: applied, interview, hired, not_hired, withdrawn
    hired_on: date | None = None
    contract_months: int | None = None
    followups: tuple[FollowUpFact, ...] = ()
    is_the_person: bool = False
    works_for_employer: bool = False
    is_approving_staff: bool = False
    approved: bool = False  # a bounty was approved for this application


@dataclass
class Verdict:
    candidate: Candidate
    state: str
    reason: str = ""
    falls_due_on: date | None = None
    extra: dict = field(default_factory=dict)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def judge(candidates: list[Candidate], *, today: date) -> list[Verdict]:
    """One verdict per candidate, in the order given."""
    verdicts = {id(c): _own_verdict(c, today) for c in candidates}
    # The first referral of a person for an employer wins; the others are not the ambassador's.
    first: dict[tuple[int, int], Candidate] = {}
    for c in sorted(candidates, key=lambda c: (c.referred_at, c.referral_id)):
        first.setdefault((c.worker_id, c.employer_id), c)
    for c in candidates:
        winner = first[(c.worker_id, c.employer_id)]
        if winner.ambassador_id != c.ambassador_id and verdicts[id(c)].state != APPROVED:
            verdicts[id(c)] = Verdict(
                c, EXCLUDED, "该人已由另一位招聘大使先推荐到该用人单位（首次推荐有效）"
            )
    # One bounty per person and employer: the approved one, else the earliest hire that counts.
    by_pair: dict[tuple[int, int], list[Candidate]] = {}
    for c in candidates:
        if verdicts[id(c)].state in (DUE, WAITING, APPROVED):
            by_pair.setdefault((c.worker_id, c.employer_id), []).append(c)
    for group in by_pair.values():
        group.sort(
            key=lambda c: (
                verdicts[id(c)].state != APPROVED,
                c.hired_on or date.max,
                c.application_id,
                c.referred_at,
            )
        )
        for c in group[1:]:
            verdicts[id(c)] = Verdict(c, EXCLUDED, "每人每个用人单位只奖励一次，已由另一条记录计算")
    return [verdicts[id(c)] for c in candidates]


def _own_verdict(c: Candidate, today: date) -> Verdict:
    falls_due = add_months(c.hired_on, KEPT_MONTHS) if c.hired_on else None
    if c.approved:
        return Verdict(c, APPROVED, "已审核通过", falls_due)
    if c.is_the_person:
        return Verdict(c, EXCLUDED, "招聘大使本人应聘，不发放奖励", falls_due)
    if c.works_for_employer:
        return Verdict(c, EXCLUDED, "招聘大使在该用人单位任职（利益冲突），不发放奖励", falls_due)
    if c.is_approving_staff:
        return Verdict(
            c, EXCLUDED, "招聘大使是审核地区的工作人员（利益冲突），不发放奖励", falls_due
        )
    if c.status in ("not_hired", "withdrawn"):
        return Verdict(c, EXCLUDED, "未被录用", None)
    if c.status != "hired" or c.hired_on is None:
        return Verdict(c, WAITING, "等待录用", None)
    if c.contract_months is None:
        return Verdict(c, EXCLUDED, "录用时未登记合同期限", falls_due)
    if c.contract_months < MIN_CONTRACT_MONTHS:
        return Verdict(
            c,
            EXCLUDED,
            f"合同期限{c.contract_months}个月，不足{MIN_CONTRACT_MONTHS}个月",
            falls_due,
        )
    left = [f for f in c.followups if f.result == "left"]
    if left:
        day = min(f.left_on for f in left if f.left_on) if any(f.left_on for f in left) else None
        when = f"于{day.isoformat()}" if day else ""
        return Verdict(c, EXCLUDED, f"回访显示已{when}离职，未满{KEPT_MONTHS}个月", falls_due)
    kept = [f for f in c.followups if f.months >= KEPT_MONTHS and f.result == "employed"]
    if kept:
        return Verdict(c, DUE, "", falls_due)
    later = sorted(f for f in c.followups if f.months >= KEPT_MONTHS)
    if not later:
        return Verdict(c, WAITING, f"等待录用满{KEPT_MONTHS}个月的回访（尚未安排）", falls_due)
    followup = later[0]
    if followup.due_on > today:
        return Verdict(
            c,
            WAITING,
            f"等待{followup.months}个月回访（{followup.due_on.isoformat()}到期）",
            falls_due,
        )
    return Verdict(
        c,
        WAITING,
        f"等待{followup.months}个月回访结果（{followup.due_on.isoformat()}已到期，尚未回访）",
        falls_due,
    )
