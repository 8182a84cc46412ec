"""Every write of the monthly reports: one function a step, atomic (the writer check just before
the transaction, so a refusal's audit row is kept), the row locked, audited
(refusals too). Errors meant for people are `ReportError`s in Chinese.

    submit_month (the town's office: a frozen copy of its and its villages' figures)
    → approve (the county) → approve (the city: locked)
    send_back (the level holding it, with a reason) → the town corrects and submits again
    reopen (a county or the city, on an approved report, with a reason) → the town submits again

Who may take which step is `rules.py`'s; the writer check is accounts.writers.writer_of (a
leader is refused with PermissionDenied, an office outside the town refused, both audited).
`by=None` is a command (the demo), which names the level it acts as.
"""

import datetime as dt
import functools

from django.db import transaction
from django.utils import timezone

from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.regions.codes import LENGTH, city_of, county_of, level_of
from homeward.regions.models import Region

from . import figures, rules
from .models import Step, Submission

REFUSED = "reports.month.refused"
ACTIONS = {
    rules.SUBMIT: "reports.month.submitted",
    rules.APPROVE: "reports.month.approved",
    rules.SEND_BACK: "reports.month.sent_back",
    rules.REOPEN: "reports.month.reopened",
}
WORDS = {
    rules.SUBMIT: "报送",
    rules.APPROVE: "审核通过",
    rules.SEND_BACK: "退回",
    rules.REOPEN: "重新开放",
}


class ReportError(ValueError):
    def __init__(self, message: str, *, audit: dict | None = None) -> None:
        super().__init__(message)
        self.audit = audit


def audited(function):
    """Write a refusal's audit row after the transaction it was raised in rolled back."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ReportError as error:
            if error.audit is not None:
                audit, error.audit = error.audit, None
                obj = audit.pop("obj", None)
                log_action(
                    REFUSED,
                    obj=obj if obj is not None and obj.pk else None,
                    result=Result.REFUSED,
                    **audit,
                )
            raise

    return wrapper


def _refuse(message, *, by, request, town, month, step, obj=None):
    raise ReportError(
        message,
        audit={
            "actor": by,
            "request": request,
            "obj": obj,
            "region_code": town,
            "detail": {"why": message, "step": step, "month": month.strftime("%Y-%m")},
        },
    )


def level_of_office(code: str | None) -> str | None:
    """town / county / city for an office of that level (an office's region code), else None."""
    if not code:
        return None
    level = level_of(code)
    return level if level in (rules.TOWN, rules.COUNTY, rules.CITY) else None


def _office_of(town: str, level: str) -> str:
    return {rules.TOWN: town, rules.COUNTY: county_of(town), rules.CITY: city_of(town)}[level]


def _acting_level(by, town: str, step: str, action: str, *, request, month, obj=None) -> str:
    """The level `by` acts as on the town's report: the writer check, then the office must be
    the town's own, its county's or its city's (a village or another county's office cannot)."""
    if not writer_of(by, town, action, obj=obj, request=request):
        raise ReportError("这份月报不在您的辖区内。")  # writer_of audited the refusal
    level = level_of_office(by.region_id) if by is not None else None
    if level is None or _office_of(town, level) != by.region_id:
        _refuse(
            "只有乡镇（街道）、县区和市的经办机构可以办理月报。",
            by=by, request=request, town=town, month=month, step=step, obj=obj,
        )  # fmt: skip
    return level


def _record(submission, step, before, level, *, by, reason="", request=None):
    Step.objects.create(
        submission=submission,
        kind=step,
        from_state=before or "",
        to_state=submission.state,
        level=level,
        reason=reason,
        by=by,
    )
    log_action(
        ACTIONS[step],
        request=request,
        actor=by,
        obj=submission,
        detail={
            "month": submission.month.strftime("%Y-%m"),
            "from": before or "",
            "to": submission.state,
            "level": level,
            **({"reason": reason} if reason else {}),
        },
    )


def town_and_villages(town: str) -> list[str]:
    villages = Region.tree.filter(parent_id=town).order_by("code").values_list("code", flat=True)
    return [town, *villages]


@audited
def submit_month(
    town: str,
    month: dt.date,
    *,
    by,
    head: str = "",
    filled_by: str = "",
    level: str | None = None,
    today: dt.date | None = None,
    request=None,
) -> Submission:
    """The town submits its month: its figures and its villages' are frozen into the report
    (first time, or again after a send-back or a reopening)."""
    step = rules.SUBMIT
    today = today or timezone.localdate()
    month = month.replace(day=1)
    if len(town) != LENGTH["town"]:
        _refuse(
            "只有乡镇（街道）报送月报。", by=by, request=request, town=town, month=month, step=step
        )
    acting = level if by is None else _acting_level(
        by, town, step, ACTIONS[step], request=request, month=month
    )  # fmt: skip
    if not rules.may_submit(month, today):
        _refuse("月份结束后才能报送这个月的月报。", by=by, request=request, town=town, month=month, step=step)  # fmt: skip
    with transaction.atomic():  # the row locked from the read to the write
        submission = (
            Submission.objects.select_for_update().filter(region_id=town, month=month).first()
        )
        before = submission.state if submission else None
        after = rules.next_state(step, before, acting or "")
        if after is None:
            why = "这个月的月报已报送，等待审核。" if before else "只有乡镇（街道）报送月报。"
            if before == rules.APPROVED:
                why = "这个月的月报已审核锁定；要更正，请县区或市重新开放。"
            _refuse(why, by=by, request=request, town=town, month=month, step=step, obj=submission)
        copy = figures.frozen(town_and_villages(town), month)
        now = timezone.now()
        if submission is None:
            submission = Submission(region_id=town, month=month, first_submitted_on=today)
        submission.state = after
        submission.figures = copy
        submission.submitted_at = now
        submission.head = head.strip()[:50]
        submission.filled_by = (filled_by.strip() or (by.get_full_name() if by else ""))[:50]
        submission.save()
        _record(submission, step, before, acting, by=by, request=request)
        return submission


def _move(submission, step, *, by, reason="", level=None, request=None) -> Submission:
    town, month = submission.region_id, submission.month
    acting = level if by is None else _acting_level(
        by, town, step, ACTIONS[step], request=request, month=month, obj=submission
    )  # fmt: skip
    with transaction.atomic():
        return _move_locked(submission, step, acting, by=by, reason=reason, request=request)


def _move_locked(submission, step, acting, *, by, reason, request) -> Submission:
    town, month = submission.region_id, submission.month
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    reason = (reason or "").strip()
    if step in rules.NEEDS_REASON and not reason:
        _refuse("请写明原因。", by=by, request=request, town=town, month=month, step=step, obj=locked)  # fmt: skip
    before = locked.state
    after = rules.next_state(step, before, acting or "")
    if after is None:
        why = f"这份月报当前不能由本级{WORDS[step]}。"
        if before == rules.APPROVED and step != rules.REOPEN:
            why = "这份月报已审核锁定；要更正，请先重新开放并写明原因。"
        _refuse(why, by=by, request=request, town=town, month=month, step=step, obj=locked)
    locked.state = after
    locked.save(update_fields=["state"])
    _record(locked, step, before, acting, by=by, reason=reason[:1000], request=request)
    return locked


@audited
def approve(submission, *, by, level=None, request=None) -> Submission:
    """The county approves a submitted report; the city approves one the county approved,
    which locks it."""
    return _move(submission, rules.APPROVE, by=by, level=level, request=request)


@audited
def send_back(submission, *, reason: str, by, level=None, request=None) -> Submission:
    """The level holding the report sends it back to the town with a reason."""
    return _move(submission, rules.SEND_BACK, by=by, reason=reason, level=level, request=request)


@audited
def reopen(submission, *, reason: str, by, level=None, request=None) -> Submission:
    """A county or the city reopens an approved (locked) report for a correction, with a
    reason; the town submits it again."""
    return _move(submission, rules.REOPEN, by=by, reason=reason, level=level, request=request)
