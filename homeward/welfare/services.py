"""The writes of public-welfare posts, one named function each, every door calling them:

    save_post → apply_for_post (village) → review_application (town) → approve_application
    (county: the public notice starts) → record_objection / resolve_objection (during it) →
    start_appointment (after it; `close_notices` for the command) → record_attendance (village,
    monthly) → pay_month (county: the month's stipends as one subsidies payment batch) →
    end_appointment.

Each is atomic and audited `welfare.*`; a refusal raises `WelfareError` in Chinese and is audited
after its transaction has rolled back (`audited`), so nothing is half written and the refusal's
row stays. Staff are checked twice: the record's area (`accounts.writers.writer_of`) and the
level whose step it is (a village applies, a town reviews, a county approves and pays).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.disputes.deadlines import CalendarMissing
from homeward.disputes.holidays import platform_calendar
from homeward.regions import codes
from homeward.scoping import area_scope, covers

from . import eligibility, rules
from .models import Application, Appointment, Attendance, Objection, Post, StipendLine

A = Application.Status
LEVEL_NAMES = {"village": "村（社区）", "town": "乡镇（街道）", "county": "县（区）"}


class WelfareError(ValueError):
    """A write refused for a reason the person can act on; `field` names the form field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.audit = None


def _refuse(action, message, *, by=None, request=None, obj=None, field=None):
    error = WelfareError(message, field=field)
    error.audit = {"action": action, "actor": by, "request": request, "obj": obj}
    raise error


def audited(function):
    """Write a refusal's audit row once the transaction it was raised in has rolled back."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except WelfareError as error:
            audit, error.audit = error.audit, None
            if audit is not None:
                obj = audit["obj"]
                log_action(
                    audit["action"],
                    request=audit["request"],
                    actor=audit["actor"],
                    obj=obj if obj is not None and obj.pk else None,
                    result=Result.REFUSED,
                    detail={"why": str(error)},
                )
            raise

    return wrapper


def _check(by, code: str, action: str, *, level: str | None = None, request=None, obj=None):
    """The record's area, then the level whose step it is (None: any staff of the area)."""
    if not writer_of(by, code, action, obj=obj, request=request):
        _refuse(action, "该记录不在您的辖区内。", by=by, request=request, obj=obj)
    if by is None or level is None or by.is_superuser:
        return
    if by.level != level:
        _refuse(
            action,
            f"这一步应由{LEVEL_NAMES[level]}办理。",
            by=by,
            request=request,
            obj=obj,
        )


# Posts -------------------------------------------------------------------------------------------


@audited
def save_post(*, by, request=None, post: Post | None = None, **data) -> Post:
    """A new post (or changes to one) of a village or town, by staff of its town or county."""
    region = data["region"]
    action = "welfare.post.refused"
    _check(by, region.code, action, request=request, obj=post)
    if by is not None and not by.is_superuser and by.level == "village":
        _refuse(action, "岗位由乡镇或县（区）设置。", by=by, request=request, obj=post)
    if codes.level_of(region.code) not in ("village", "town"):
        _refuse(
            action,
            "公益性岗位应设在村（社区）或乡镇（街道）。",
            by=by,
            request=request,
            field="region",
        )
    with area_scope(region.code), transaction.atomic():
        created = post is None
        post = post or Post(created_by=by if by else None)
        for name, value in data.items():
            setattr(post, name, value.strip() if isinstance(value, str) else value)
        post.full_clean(exclude=["created_by"])
        post.save()
        log_action(
            "welfare.post.created" if created else "welfare.post.changed",
            request=request,
            actor=by,
            obj=post,
        )
    return post


# Eligibility -------------------------------------------------------------------------------------


def person_of(worker, *, is_disabled: bool, today: date, exclude=None) -> eligibility.Person:
    """The facts eligibility needs, from the registry and every post the person has held (all
    areas: a term limit and a double post do not stop at a county's border)."""
    held = Appointment._base_manager.filter(holder=worker)
    if exclude is not None:
        held = held.exclude(pk=exclude)
    months = 0
    for a in held:
        last = min(a.ended_on or a.ends_on, today)
        months += rules.months_between(a.starts_on, last)
    return eligibility.Person(
        gender=worker.gender,
        birth_date=worker.birth_date,
        low_income=worker.low_income,
        disabled=is_disabled,
        holds_post=held.filter(status=Appointment.Status.ACTIVE).exists(),
        months_served=months,
    )


def judge(worker, *, is_disabled: bool, today: date) -> eligibility.Verdict:
    return eligibility.judge(person_of(worker, is_disabled=is_disabled, today=today), today)


def _taken(post: Post) -> int:
    """Places of the post held or promised (active appointments, applications on notice)."""
    holders = Appointment._base_manager.filter(post=post, status=Appointment.Status.ACTIVE)
    notice = Application._base_manager.filter(post=post, status=A.NOTICE)
    return holders.count() + notice.count()


# The steps -------------------------------------------------------------------------------------


@audited
def apply_for_post(
    post: Post,
    worker,
    *,
    is_disabled: bool = False,
    bank_name: str,
    bank_account: str,
    by,
    request=None,
    today: date | None = None,
) -> Application:
    """The village clerk applies for a person of the post's town (their household village)."""
    from homeward.subsidies.services import SubsidyError, _check_account

    today = today or timezone.localdate()
    action = "welfare.application.refused"
    _check(by, post.region_id, action, level="village", request=request, obj=post)
    if by is not None and not covers(by.region_id or "", worker.region_id):
        _refuse(action, "只能为本村（社区）的人申请。", by=by, request=request, obj=post)
    if not covers(codes.town_of(post.region_id), worker.region_id):
        _refuse(action, "申请人的户籍不在该岗位所在乡镇。", by=by, request=request, obj=post)
    if not post.is_open:
        _refuse(action, "该岗位暂不接受申请。", by=by, request=request, obj=post)
    try:
        account = _check_account(bank_name, bank_account)
    except SubsidyError as error:
        _refuse(action, str(error), by=by, request=request, obj=post, field="bank_account")
    verdict = judge(worker, is_disabled=is_disabled, today=today)
    if not verdict.eligible:
        _refuse(action, "不符合条件：" + verdict.text, by=by, request=request, obj=post)
    with area_scope(post.region_id), transaction.atomic():
        application = Application(
            post=post,
            worker=worker,
            region_id=post.region_id,
            is_disabled=is_disabled,
            verdict={"groups": verdict.groups, "text": verdict.text, "on": today.isoformat()},
            bank_name=bank_name.strip()[:60],
            bank_account=account,
            entered_by=by,
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            _refuse(
                action,
                "此人已申请该岗位，正在办理中，不能重复申请。",
                by=by,
                request=request,
                obj=post,
            )
        log_action("welfare.application.submitted", request=request, actor=by, obj=application)
    return application


def _locked(application: Application) -> Application:
    return (
        Application._base_manager.select_for_update()
        .select_related("post", "worker")
        .get(pk=application.pk)
    )


@audited
def review_application(application, *, passed: bool, reason: str = "", by, request=None):
    """The town's review: passed on to the county, or refused with a reason."""
    action = "welfare.application.reviewed" if passed else "welfare.application.refused"
    _check(by, application.region_id, action, level="town", request=request, obj=application)
    with area_scope(application.region_id), transaction.atomic():
        application = _locked(application)
        if application.status != A.SUBMITTED:
            _refuse(action, "该申请不在等待乡镇审核。", by=by, request=request, obj=application)
        if not passed and not reason.strip():
            _refuse(
                action,
                "不予通过时请写明原因。",
                by=by,
                request=request,
                obj=application,
                field="reason",
            )
        application.status = A.REVIEWED if passed else A.REFUSED
        application.reviewed_by = by
        application.reason = reason.strip()[:300]
        application.save(update_fields=["status", "reviewed_by", "reason"])
        log_action(action, request=request, actor=by, obj=application, detail={"level": "town"})
    return application


@audited
def approve_application(
    application, *, passed: bool, reason: str = "", by, request=None, today: date | None = None
):
    """The county's approval (eligibility and the post's places checked again): the public notice
    of the post's working days starts today; or refused with a reason."""
    today = today or timezone.localdate()
    action = "welfare.application.approved" if passed else "welfare.application.refused"
    _check(by, application.region_id, action, level="county", request=request, obj=application)
    with area_scope(application.region_id), transaction.atomic():
        Post._base_manager.select_for_update().get(pk=application.post_id)
        application = _locked(application)
        if application.status != A.REVIEWED:
            _refuse(action, "该申请不在等待县（区）审批。", by=by, request=request, obj=application)
        if passed:
            verdict = judge(application.worker, is_disabled=application.is_disabled, today=today)
            if not verdict.eligible:
                _refuse(
                    action, "不符合条件：" + verdict.text, by=by, request=request, obj=application
                )
            if _taken(application.post) >= application.post.headcount:
                _refuse(action, "该岗位人数已满。", by=by, request=request, obj=application)
            working = platform_calendar().is_working_day  # holidays and make-up days
            try:
                start = rules.add_working_days(today + timedelta(days=1), 1, working)
                ends = rules.add_working_days(start, application.post.notice_days, working)
            except CalendarMissing as missing:  # a year nobody has entered yet: no guess
                _refuse(action, str(missing), by=by, request=request, obj=application)
            application.status = A.NOTICE
            application.notice_starts_on = start  # from the next working day
            application.notice_ends_on = ends
        else:
            if not reason.strip():
                _refuse(
                    action,
                    "不予通过时请写明原因。",
                    by=by,
                    request=request,
                    obj=application,
                    field="reason",
                )
            application.status = A.REFUSED
        application.approved_by = by
        application.reason = reason.strip()[:300]
        application.save(
            update_fields=["status", "approved_by", "reason", "notice_starts_on", "notice_ends_on"]
        )
        log_action(action, request=request, actor=by, obj=application, detail={"level": "county"})
    return application


@audited
def record_objection(application, *, text: str, by, request=None, today: date | None = None):
    """An objection heard during the notice, recorded by staff of the post's area."""
    today = today or timezone.localdate()
    action = "welfare.objection.recorded"
    _check(by, application.region_id, action, request=request, obj=application)
    text = text.strip()
    if not text:
        _refuse(action, "请写明异议的内容。", by=by, request=request, obj=application, field="text")
    with area_scope(application.region_id), transaction.atomic():
        application = _locked(application)
        if application.status != A.NOTICE or today > application.notice_ends_on:
            _refuse(action, "只能在公示期内记录异议。", by=by, request=request, obj=application)
        objection = Objection(
            application=application,
            region_id=application.region_id,
            text=text[:500],
            recorded_by=by,
        )
        objection.save()
        log_action(
            action, request=request, actor=by, obj=application, detail={"objection": objection.pk}
        )
    return objection


@audited
def resolve_objection(objection, *, upheld: bool, note: str, by, request=None):
    """The county's finding: upheld refuses the application; dismissed lets it go on."""
    action = "welfare.objection.resolved"
    _check(
        by, objection.region_id, action, level="county", request=request, obj=objection.application
    )
    if not note.strip():
        _refuse(
            action,
            "请写明核查结论。",
            by=by,
            request=request,
            obj=objection.application,
            field="note",
        )
    with area_scope(objection.region_id), transaction.atomic():
        application = _locked(objection.application)
        objection = Objection._base_manager.select_for_update().get(pk=objection.pk)
        if objection.finding != Objection.Finding.OPEN:
            _refuse(action, "该异议已有结论。", by=by, request=request, obj=application)
        objection.finding = Objection.Finding.UPHELD if upheld else Objection.Finding.DISMISSED
        objection.finding_note = note.strip()[:300]
        objection.save(update_fields=["finding", "finding_note"])
        if upheld and application.status == A.NOTICE:
            application.status = A.REFUSED
            application.reason = ("公示异议属实：" + objection.finding_note)[:300]
            application.save(update_fields=["status", "reason"])
        log_action(action, request=request, actor=by, obj=application, detail={"upheld": upheld})
    return objection


@audited
def start_appointment(application, *, by=None, request=None, today: date | None = None):
    """After the notice, with no objection open: the appointment and its contract dates (from the
    day after the notice, or today when started later, for the post's term)."""
    today = today or timezone.localdate()
    action = "welfare.appointment.started"
    _check(by, application.region_id, action, level="county", request=request, obj=application)
    with area_scope(application.region_id), transaction.atomic():
        application = _locked(application)
        if application.status != A.NOTICE:
            _refuse(action, "该申请不在公示期。", by=by, request=request, obj=application)
        if today <= application.notice_ends_on:
            _refuse(
                action,
                f"公示期至 {application.notice_ends_on:%Y-%m-%d}，期满后才能上岗。",
                by=by,
                request=request,
                obj=application,
            )
        if application.objections.filter(finding=Objection.Finding.OPEN).exists():
            _refuse(action, "公示异议尚未核查完毕。", by=by, request=request, obj=application)
        if Appointment._base_manager.filter(
            holder=application.worker, status=Appointment.Status.ACTIVE
        ).exists():
            _refuse(
                action,
                "此人已在公益性岗位上，不能同时担任两个岗位。",
                by=by,
                request=request,
                obj=application,
            )
        starts = max(application.notice_ends_on + timedelta(days=1), today)
        appointment = Appointment(
            post=application.post,
            holder=application.worker,
            application=application,
            region_id=application.region_id,
            starts_on=starts,
            ends_on=rules.contract_end(starts, application.post.term_months),
        )
        appointment.save()
        application.status = A.APPOINTED
        application.save(update_fields=["status"])
        log_action(action, request=request, actor=by, obj=appointment)
    return appointment


def close_notices(*, today: date | None = None) -> dict:
    """Start every appointment whose notice has passed with no open objection (the command)."""
    today = today or timezone.localdate()
    due = Application._base_manager.filter(status=A.NOTICE, notice_ends_on__lt=today)
    started, waiting = 0, 0
    for application in due.order_by("pk"):
        try:
            start_appointment(application, today=today)
        except WelfareError:
            waiting += 1
        else:
            started += 1
    return {"started": started, "waiting": waiting}


@audited
def end_appointment(appointment, *, reason: str, on: date, by, request=None) -> Appointment:
    """The end of an appointment (term, resignation, an exit check's finding …), by town or county."""
    action = "welfare.appointment.ended"
    _check(by, appointment.region_id, action, request=request, obj=appointment)
    if by is not None and not by.is_superuser and by.level == "village":
        _refuse(action, "由乡镇或县（区）办理离岗。", by=by, request=request, obj=appointment)
    if reason not in Appointment.EndReason.values:
        _refuse(action, "请选择离岗原因。", by=by, request=request, obj=appointment, field="reason")
    with area_scope(appointment.region_id), transaction.atomic():
        appointment = Appointment._base_manager.select_for_update().get(pk=appointment.pk)
        if appointment.status != Appointment.Status.ACTIVE:
            _refuse(action, "该聘用已结束。", by=by, request=request, obj=appointment)
        if on < appointment.starts_on:
            _refuse(
                action,
                "离岗日期不能早于合同开始日期。",
                by=by,
                request=request,
                obj=appointment,
                field="on",
            )
        appointment.status = Appointment.Status.ENDED
        appointment.ended_on, appointment.end_reason = on, reason
        appointment.save(update_fields=["status", "ended_on", "end_reason"])
        log_action(action, request=request, actor=by, obj=appointment, detail={"reason": reason})
    return appointment


# Attendance and stipends -------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    appointment: Appointment
    days_worked: int | None
    days_required: int | None


def on_post_in(appointment: Appointment, month: date) -> bool:
    end = appointment.ended_on or appointment.ends_on
    return appointment.starts_on <= rules.add_months(month, 1) - timedelta(days=1) and end >= month


@audited
def record_attendance(month: date, rows: list[AttendanceRow], *, by, request=None, today=None):
    """The month's attendance of the village's holders, all rows or none: a bad row is named
    (its number and the holder) and nothing is saved. A month already paid is not changed."""
    today = today or timezone.localdate()
    month = rules.first_of_month(month)
    action = "welfare.attendance.recorded"
    if month > rules.first_of_month(today):
        _refuse(action, "不能登记未来月份的考勤。", by=by, request=request, field="month")
    saved = 0
    with transaction.atomic():
        for number, row in enumerate(rows, start=1):
            a = row.appointment
            who = f"第 {number} 行（{a.holder.name}）"
            _check(by, a.region_id, action, request=request, obj=a)
            if row.days_worked is None and row.days_required is None:
                continue
            worked, required = row.days_worked, row.days_required
            if required is None or not 1 <= required <= 31:
                _refuse(action, f"{who}：应出勤天数应在 1 到 31 之间。", by=by, request=request)
            if worked is None or not 0 <= worked <= required:
                _refuse(action, f"{who}：出勤天数应在 0 到应出勤天数之间。", by=by, request=request)
            if not on_post_in(a, month):
                _refuse(action, f"{who}：该月不在聘用期内。", by=by, request=request)
            if StipendLine._base_manager.filter(appointment=a, month=month).exists():
                _refuse(
                    action, f"{who}：该月津贴已提交发放，考勤不能再改。", by=by, request=request
                )
            with area_scope(a.region_id):
                Attendance._base_manager.update_or_create(
                    appointment=a,
                    month=month,
                    defaults={
                        "region_id": a.region_id,
                        "days_worked": worked,
                        "days_required": required,
                        "recorded_by": by,
                        "recorded_at": timezone.now(),
                    },
                )
            saved += 1
        log_action(
            action,
            request=request,
            actor=by,
            region_code=getattr(by, "region_id", None),
            detail={"month": f"{month:%Y-%m}", "rows": saved},
        )
    return saved


STIPEND_FUND_CAP = Decimal("50000000")


def stipend_policy(county: str):
    """The county's subsidies policy (and fund) that pays public-welfare stipends: made once."""
    from homeward.subsidies.models import Fund, Policy, PolicyVersion

    code = f"WELFARE-{county}"
    with area_scope(county):
        policy = Policy._base_manager.filter(code=code).first()
        if policy is not None:
            return policy
        fund = Fund(
            code=code, name="公益性岗位补贴资金", region_id=county, budget_cap=STIPEND_FUND_CAP
        )
        fund.save()
        policy = Policy(
            code=code,
            name="公益性岗位补贴",
            legal_basis="公益性岗位开发管理有关规定：按月核发岗位补贴",
            region_id=county,
            fund=fund,
        )
        policy.save()
        PolicyVersion(
            policy=policy,
            number=1,
            status=PolicyVersion.Status.PUBLISHED,
            starts_on=date(2020, 1, 1),
            ends_on=date(2100, 12, 31),
            amount_kind=PolicyVersion.AmountKind.PER_MONTH,
            amount=Decimal("0"),
            once=PolicyVersion.Once.PERIOD,
            max_claims=100,
            approval_levels=1,
            notice_days=0,
            assumption="岗位补贴按月考勤折算，由公益性岗位模块审定后进入支付批次。",
            published_at=timezone.now(),
        ).save()
    return policy


@audited
def pay_month(county: str, month: date, *, by, request=None, today: date | None = None):
    """The month's stipends of the county's holders, from their attendance, pro rata, as one
    payment batch of the subsidies engine. Run again, it finds every line already made and
    pays nothing (one line per appointment and month, one entitlement per person and month).
    Returns (batch, lines made)."""
    from homeward.subsidies import services as subsidies

    today = today or timezone.localdate()
    month = rules.first_of_month(month)
    action = "welfare.stipends.paid"
    _check(by, county, action, level="county", request=request)
    if not codes.is_code(county) or codes.level_of(county) != "county":
        _refuse(action, "津贴按县（区）提交发放。", by=by, request=request)
    if month >= rules.first_of_month(today):
        _refuse(action, "只能发放已结束月份的津贴。", by=by, request=request, field="month")
    policy = stipend_policy(county)
    period = f"{month:%Y-%m}"
    made = 0
    with area_scope(county), transaction.atomic():
        rows = (
            Attendance._base_manager.filter(
                region__code__startswith=county, month=month, days_worked__gt=0
            )
            .exclude(appointment__stipends__month=month)
            .select_related("appointment__post", "appointment__application", "appointment__holder")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        for row in rows:
            a = row.appointment
            amount = rules.stipend(a.post.monthly_stipend, row.days_worked, row.days_required)
            try:
                entitlement = subsidies.enter_decided(
                    policy,
                    worker=a.holder,
                    period=period,
                    amount=amount,
                    bank_name=a.application.bank_name,
                    bank_account=a.application.bank_account,
                    facts={
                        "days_worked": row.days_worked,
                        "days_required": row.days_required,
                        "monthly_stipend": str(a.post.monthly_stipend),
                    },
                    decided_by=f"公益性岗位 {a.post.title}：{period} 出勤 {row.days_worked}/{row.days_required} 天",
                    by=by,
                    request=request,
                )
            except subsidies.SubsidyError as error:
                _refuse(action, f"{a.holder.name}：{error}", by=by, request=request)
            StipendLine(
                appointment=a,
                region_id=a.region_id,
                month=month,
                amount=amount,
                entitlement=entitlement,
            ).save()
            made += 1
        if not made:
            _refuse(
                action,
                f"{period} 没有待发放的津贴（已提交过，或没有出勤记录）。",
                by=by,
                request=request,
            )
        try:
            batch = subsidies.build_batch(policy.fund, county, period, by=by, request=request)
        except subsidies.SubsidyError as error:
            _refuse(action, str(error), by=by, request=request)
        log_action(
            action, request=request, actor=by, obj=batch, detail={"month": period, "lines": made}
        )
    return batch, made
