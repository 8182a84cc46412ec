"""Every write of startup loans: one function each, atomic, state-checked under a row lock, audited
(refusals too). Errors meant for people are `LoanError`s in Chinese, naming their form field.

    apply_for_loan → review_loan (human resources; never by the one who entered it)
    → record_guarantee (the guarantee institution's decision) → record_bank_approval
    → disburse (the schedule: one Instalment a period) → import_repayments (the bank's file)
    → claim_interest_subsidy (each period repaid on time, through subsidies.apply_for)
    track_overdue (daily): periods past their due day and unpaid are overdue.

The caps and the eligibility are `rules.py`'s; the caps of an area are read from the nearest
`AreaCaps` above the borrower's place (reference data, read across areas on purpose).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import bank_card
from homeward.crypto import normalize_bank_account
from homeward.regions.codes import ancestor_codes
from homeward.scoping import area_of, covers

from . import rules, sheet
from .models import (
    AreaCaps,
    Instalment,
    Loan,
    LoanStep,
    LprRate,
    OverdueNotice,
    Repayment,
    RepaymentUpload,
)

S = Loan.Status
# Which step follows which: (from, to) → the audit code of the step.
STEPS = {
    S.REVIEWED: (S.APPLIED, "loans.loan.reviewed"),
    S.GUARANTEED: (S.REVIEWED, "loans.loan.guaranteed"),
    S.APPROVED: (S.GUARANTEED, "loans.loan.approved"),
    S.DISBURSED: (S.APPROVED, "loans.loan.disbursed"),
}


class LoanError(ValueError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _refuse(action, message, *, by, request=None, obj=None, field=None, detail=None):
    """Refuse with a message for people; `audited` writes the refusal's audit row once the
    transaction it was raised in has rolled back (a row written inside would go with it)."""
    error = LoanError(message, field=field)
    error.audit = {
        "action": action, "request": request, "actor": by, "obj": obj,
        "detail": {"why": message, **(detail or {})},
    }  # fmt: skip
    raise error


def audited(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except LoanError as error:
            audit = getattr(error, "audit", None)
            if audit is not None:
                error.audit = None
                obj = audit["obj"]
                log_action(
                    audit["action"],
                    request=audit["request"],
                    actor=audit["actor"],
                    obj=obj if obj is not None and obj.pk else None,
                    result=Result.REFUSED,
                    detail=audit["detail"],
                )
            raise

    return wrapper


def _check_writer(by, *, request=None, obj=None) -> None:
    if by is not None and not by.can_write:
        log_action("loans.write.refused", request=request, actor=by, obj=obj, result=Result.REFUSED)
        raise PermissionDenied


def caps_at(place: str) -> rules.Caps:
    """The caps in force at `place`: the raise of the nearest area above it, else national."""
    rows = AreaCaps._base_manager.filter(region_id__in=[*ancestor_codes(place), place])
    return rules.caps_for(place, {row.region_id: row.as_caps() for row in rows})


def lpr_table() -> rules.LprTable:
    return LprRate.table()


def jobs_created_by(employer) -> int:
    """Hires recorded by the business (placements): the jobs it created."""
    from homeward.placements.models import Application, Status

    if employer is None:
        return 0
    return Application._base_manager.filter(posting__employer=employer, status=Status.HIRED).count()


def _clean_account(raw: str) -> str:
    number = normalize_bank_account(raw or "")
    if not number:
        return ""
    if not number.isdigit() or not 12 <= len(number) <= 19 or not bank_card.is_valid(number):
        raise LoanError("还款账号应是 12 到 19 位数字且校验位正确。", field="repayment_account")
    return number


@audited
@transaction.atomic
def apply_for_loan(
    *,
    kind: str,
    amount: Decimal,
    months: int,
    fund,
    lender,
    worker=None,
    employer=None,
    groups=(),
    staff: int | None = None,
    new_eligible_hires: int | None = None,
    every: int = Loan.Every.QUARTER,
    method: str = Loan.Method.BULLET,
    repayment_account: str = "",
    purpose: str = "",
    applied_on: date | None = None,
    by,
    request=None,
) -> Loan:
    """An application by a founder (a registry person) or a small business (an employer record),
    checked against the rules and the caps of the borrower's place."""
    action = "loans.loan.refused"
    _check_writer(by, request=request)
    borrower = worker if kind == Loan.Kind.INDIVIDUAL else employer
    if borrower is None:
        _refuse(action, "请选择申请人。", by=by, request=request, field="borrower")
    place = borrower.region_id
    if by is not None and not covers(area_of(by), place):
        _refuse(action, "申请人不在你的辖区内。", by=by, request=request, field="borrower")
    for thing, label in ((fund, "担保基金"), (lender, "经办银行")):
        if not covers(thing.region_id, place):
            _refuse(action, f"该{label}不覆盖申请人所在地。", by=by, request=request)
    jobs = jobs_created_by(employer)
    refusals = rules.check_application(
        kind=kind,
        amount=amount,
        months=months,
        caps=caps_at(place),
        groups=list(groups),
        staff=staff,
        new_eligible_hires=new_eligible_hires,
        jobs_created=jobs,
    )
    if refusals:
        first = refusals[0]
        _refuse(
            action,
            "；".join(r.message for r in refusals),
            by=by,
            request=request,
            field=first.field,
            detail={"fields": [r.field for r in refusals]},
        )
    try:
        account = _clean_account(repayment_account)
    except LoanError as error:
        _refuse(action, str(error), by=by, request=request, field=error.field)
    loan = Loan(
        kind=kind,
        worker=worker if kind == Loan.Kind.INDIVIDUAL else None,
        employer=employer if kind == Loan.Kind.SMALL_BUSINESS else None,
        region_id=place,
        groups=list(groups) if kind == Loan.Kind.INDIVIDUAL else [],
        staff=staff if kind == Loan.Kind.SMALL_BUSINESS else None,
        new_eligible_hires=new_eligible_hires if kind == Loan.Kind.SMALL_BUSINESS else None,
        jobs_created=jobs,
        amount=rules.yuan(amount),
        months=months,
        purpose=purpose.strip()[:200],
        fund=fund,
        lender=lender,
        every=every,
        method=method,
        repayment_account=account,
        applied_on=applied_on or timezone.localdate(),
        entered_by=by,
    )
    loan.save()
    LoanStep(loan=loan, status=S.APPLIED, by=by).save()
    log_action("loans.loan.applied", request=request, actor=by, obj=loan)
    return loan


def _locked(loan: Loan) -> Loan:
    return Loan.objects.select_for_update().get(pk=loan.pk)


def _step(loan, target, *, passed: bool, by, note, request, fields: dict | None = None) -> Loan:
    """Move `loan` one step (or refuse it at this step): in order, by someone other than the one
    who entered it, inside their area."""
    _check_writer(by, request=request, obj=loan)
    source, code = STEPS[target]
    with transaction.atomic():
        current = _locked(loan)
        if current.status != source:
            message = (
                f"贷款当前为“{current.get_status_display()}”，不能进行这一步"
                f"（应先“{S(source).label}”）。"
            )
            _refuse("loans.step.refused", message, by=by, request=request, obj=current)
        if by is not None and current.entered_by_id == by.pk:
            _refuse(
                "loans.step.refused",
                "录入申请的人不能审核同一笔贷款。",
                by=by,
                request=request,
                obj=current,
            )
        if passed and target == S.REVIEWED:
            # The caps may have changed since the application: checked again at the review.
            refusals = rules.check_application(
                kind=current.kind,
                amount=current.amount,
                months=current.months,
                caps=caps_at(current.region_id),
                groups=current.groups,
                staff=current.staff,
                new_eligible_hires=current.new_eligible_hires,
                jobs_created=current.jobs_created,
            )
            if refusals:
                _refuse(
                    "loans.step.refused",
                    "；".join(r.message for r in refusals),
                    by=by,
                    request=request,
                    obj=current,
                )
        current.status = target if passed else S.REFUSED
        current.reason = "" if passed else (note or "")[:300]
        changed = ["status", "reason"]
        for name, value in (fields or {}).items() if passed else ():
            setattr(current, name, value)
            changed.append(name)
        current.save(update_fields=changed)
        LoanStep(loan=current, status=current.status, note=(note or "")[:300], by=by).save()
        log_action(
            code if passed else "loans.loan.declined",
            request=request,
            actor=by,
            obj=current,
            detail={"step": str(target), "note": note or ""},
        )
    return current


@audited
def review_loan(loan, *, passed: bool, note: str = "", by, request=None) -> Loan:
    """人社部门审核: the applicant's eligibility and the caps, checked again."""
    return _step(loan, S.REVIEWED, passed=passed, by=by, note=note, request=request)


@audited
def record_guarantee(loan, *, passed: bool, guarantee_no: str = "", note="", by, request=None):
    """The guarantee institution's decision, with its guarantee number."""
    if passed and not guarantee_no.strip():
        _refuse(
            "loans.step.refused",
            "请填写担保编号。",
            by=by,
            request=request,
            obj=loan,
            field="guarantee_no",
        )
    return _step(
        loan,
        S.GUARANTEED,
        passed=passed,
        by=by,
        note=note,
        request=request,
        fields={"guarantee_no": guarantee_no.strip()[:40]},
    )


@audited
def record_bank_approval(
    loan, *, passed: bool, contract_no: str = "", spread_bp: int = 0, ceiling_bp=None, note="",
    by, request=None,
):  # fmt: skip
    """The bank's approval: its contract number (the repayment files quote it) and rate."""
    if passed:
        contract_no = contract_no.strip()
        if not contract_no:
            _refuse(
                "loans.step.refused",
                "请填写贷款合同编号。",
                by=by,
                request=request,
                obj=loan,
                field="contract_no",
            )
        taken = Loan._base_manager.filter(lender_id=loan.lender_id, contract_no=contract_no)
        if taken.exclude(pk=loan.pk).exists():
            _refuse(
                "loans.step.refused",
                "该银行已有这个合同编号。",
                by=by,
                request=request,
                obj=loan,
                field="contract_no",
            )
        if not -500 <= int(spread_bp) <= 500:
            _refuse(
                "loans.step.refused",
                "利率加点应在 -500 到 500 基点之间。",
                by=by,
                request=request,
                obj=loan,
                field="spread_bp",
            )
    return _step(
        loan,
        S.APPROVED,
        passed=passed,
        by=by,
        note=note,
        request=request,
        fields={"contract_no": contract_no[:40], "spread_bp": spread_bp, "ceiling_bp": ceiling_bp},
    )


@audited
def disburse(loan, *, disbursed_on: date, by, request=None) -> Loan:
    """The money is paid out: the schedule is written, one Instalment a period."""
    today = timezone.localdate()
    if disbursed_on is None or disbursed_on > today or disbursed_on < loan.applied_on:
        raise LoanError("放款日期应在申请日期和今天之间。", field="disbursed_on")
    with transaction.atomic():
        current = _step(
            loan,
            S.DISBURSED,
            passed=True,
            by=by,
            note="",
            request=request,
            fields={"disbursed_on": disbursed_on},
        )
        periods = rules.schedule(
            current.amount, disbursed_on, current.months, every=current.every, method=current.method
        )
        Instalment.objects.bulk_create(
            Instalment(
                loan=current,
                number=p.number,
                starts_on=p.starts,
                due_on=p.ends,
                balance=p.balance,
                principal_due=p.principal,
            )
            for p in periods
        )
        assess_loan(current, as_of=today)
    return current


# ------------------------------------------------------------------ interest, repayments, overdue


def _assess(instalment: Instalment, loan: Loan, lpr: rules.LprTable, as_of: date) -> list[str]:
    """Compute the period's interest and subsidy and its repayment state (no save)."""
    unpaid = max(Decimal(0), instalment.principal_due - instalment.paid_principal)
    result = rules.period_interest(
        instalment.as_period(),
        lpr,
        spread_bp=loan.spread_bp,
        ceiling_bp=loan.ceiling_bp,
        repaid_on=instalment.repaid_on,
        unpaid_principal=unpaid if instalment.repaid_on is None else instalment.principal_due,
        as_of=None if instalment.repaid_on else as_of,
    )
    instalment.interest = result.interest
    instalment.subsidy = result.subsidy
    instalment.borrower_interest = result.borrower
    instalment.overdue_interest = result.overdue_interest
    instalment.penalty_interest = result.penalty_interest
    instalment.overdue_days = result.overdue_days
    instalment.segments = [
        {
            "from": s.starts.isoformat(),
            "to": s.ends.isoformat(),
            "days": s.days,
            "lpr": str(s.lpr),
            "loan_rate": str(s.loan_rate),
            "borrower_rate": str(s.borrower_rate),
            "subsidy_rate": str(s.subsidy_rate),
        }
        for s in result.segments
    ]
    St, C = Instalment.Status, Instalment.Claim
    if instalment.repaid_on is not None:
        instalment.status = St.LATE if result.overdue_days else St.PAID
    elif instalment.due_on < as_of:
        instalment.status = St.OVERDUE
    else:
        instalment.status = St.DUE
    if instalment.claim not in (C.CLAIMED, C.REFUSED):
        if result.subsidy_withheld:
            instalment.claim, instalment.claim_note = C.WITHHELD, "；".join(result.notes)
        elif instalment.repaid_on is not None and result.subsidy_payable == 0:
            instalment.claim, instalment.claim_note = C.NONE, "本期无应贴息额"
        elif instalment.repaid_on is None:
            instalment.claim, instalment.claim_note = C.WAITING, ""
        else:
            instalment.claim, instalment.claim_note = C.WAITING, "已还清，可申请贴息"
    return [
        "interest", "subsidy", "borrower_interest", "overdue_interest", "penalty_interest",
        "overdue_days", "segments", "status", "claim", "claim_note",
    ]  # fmt: skip


def assess_loan(loan: Loan, *, as_of: date | None = None) -> None:
    as_of = as_of or timezone.localdate()
    lpr = lpr_table()
    fields = None
    rows = list(Instalment._base_manager.filter(loan=loan).order_by("number"))
    for instalment in rows:
        fields = _assess(instalment, loan, lpr, as_of)
    if rows:
        Instalment._base_manager.bulk_update(rows, fields)
    if rows and all(r.repaid_on for r in rows) and loan.status == S.DISBURSED:
        Loan._base_manager.filter(pk=loan.pk).update(status=S.SETTLED)
        LoanStep(loan=loan, status=S.SETTLED, by=None).save()


def track_overdue(*, as_of: date | None = None) -> int:
    """Mark periods past their due day and not repaid as overdue (the caller's area). Returns the
    number overdue."""
    as_of = as_of or timezone.localdate()
    loans = Loan.objects.filter(status=S.DISBURSED)
    with transaction.atomic():
        for loan in loans:
            assess_loan(loan, as_of=as_of)
    count = Instalment.objects.filter(status=Instalment.Status.OVERDUE).count()
    log_action("loans.overdue.tracked", detail={"overdue": count, "as_of": as_of.isoformat()})
    return count


def follower_of(loan: Loan):
    """Who is told about the loan's overdue periods: a liaison officer with a staff account
    assigned to the borrower's returnee venture (finance first), else the clerk who entered it."""
    from homeward.ventures.models import Assignment

    ventures = Q(venture__founder_id=loan.worker_id) if loan.worker_id else Q(pk__in=[])
    if loan.employer_id:
        ventures |= Q(venture__employer_id=loan.employer_id)
    assigned = (
        Assignment._base_manager.filter(ventures, liaison__user__isnull=False)
        .select_related("liaison__user")
        .order_by("liaison__kind", "pk")
    )
    for assignment in assigned:
        if assignment.liaison.kind == "finance" and assignment.liaison.user.is_active:
            return assignment.liaison.user
    for assignment in assigned:
        if assignment.liaison.user.is_active:
            return assignment.liaison.user
    return loan.entered_by


@dataclass
class OverdueRun:
    overdue: int = 0
    told: int = 0


def notify_overdue(*, as_of: date | None = None) -> OverdueRun:
    """The daily run (`homeward loans overdue`): every disbursed loan's periods assessed from the
    recorded schedule and repayments (`track_overdue`), and each overdue period told once, in the
    app, to the one who follows the loan. Idempotent: a second run the same day changes nothing."""
    run = OverdueRun(overdue=track_overdue(as_of=as_of))
    overdue = Instalment.objects.filter(
        status=Instalment.Status.OVERDUE, notice__isnull=True
    ).select_related("loan")
    for instalment in overdue:
        user = follower_of(instalment.loan)
        if user is None:
            continue
        with transaction.atomic():
            _, created = OverdueNotice.objects.get_or_create(
                instalment=instalment, defaults={"loan": instalment.loan, "user": user}
            )
        if created:
            run.told += 1
            log_action(
                "loans.overdue.notified", obj=instalment.loan,
                detail={"period": instalment.number, "user": user.pk},
            )  # fmt: skip
    return run


def overdue_notices(user):
    """The notices of `user` whose period is still overdue (the staff home's queue)."""
    return (
        OverdueNotice.objects.filter(user=user, instalment__status=Instalment.Status.OVERDUE)
        .select_related("loan", "loan__worker", "loan__employer", "instalment")
        .order_by("instalment__due_on", "pk")
    )


@dataclass
class ImportReport:
    rows: int = 0
    new: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    already: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def import_repayments(lender, content: bytes, filename: str, *, by, request=None) -> ImportReport:
    """The bank's repayment file: every row checked before anything is written; any error and
    nothing is; a row already imported (same bank reference, same content) is unchanged, so the
    same file twice changes nothing."""
    _check_writer(by, request=request, obj=lender)
    report = ImportReport()
    today = timezone.localdate()
    try:
        parsed = sheet.read(content, filename, today=today)
    except sheet.SheetError as error:
        report.errors.append(str(error))
    else:
        report.errors.extend(f"第 {n} 行：{why}" for n, why in parsed.errors)
    if report.errors:
        return _refused_file(report, lender, filename, by=by, request=request)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        loans = {
            loan.contract_no: loan
            for loan in Loan.objects.select_for_update().filter(
                lender=lender, contract_no__in={row["contract_no"] for _, row in parsed.rows}
            )
        }
        plan = []
        for number, row in parsed.rows:
            report.rows += 1
            loan = loans.get(row["contract_no"])
            if loan is None:
                report.errors.append(
                    f"第 {number} 行：找不到本行合同编号“{row['contract_no']}”的贷款"
                    f"（{lender.name}，你的辖区内）。"
                )
                continue
            if loan.status not in (S.DISBURSED, S.SETTLED):
                report.errors.append(f"第 {number} 行：该贷款尚未放款。")
                continue
            instalment = loan.instalments.filter(number=row["period"]).first()
            if instalment is None:
                report.errors.append(f"第 {number} 行：该贷款没有第 {row['period']} 期。")
                continue
            if row["paid_on"] < instalment.starts_on:
                report.errors.append(f"第 {number} 行：还款日期早于本期开始日期。")
                continue
            existing = Repayment._base_manager.filter(loan=loan, bank_ref=row["bank_ref"]).first()
            if existing is not None:
                same = (
                    existing.instalment_id == instalment.pk
                    and existing.paid_on == row["paid_on"]
                    and existing.principal == row["principal"]
                    and existing.interest == row["interest"]
                    and existing.penalty == row["penalty"]
                )
                if same:
                    report.unchanged += 1
                else:
                    report.errors.append(
                        f"第 {number} 行：银行流水号“{row['bank_ref']}”已导入过，内容与本文件不同。"
                    )
                continue
            if any(p[1] == loan and p[3]["bank_ref"] == row["bank_ref"] for p in plan):
                report.errors.append(f"第 {number} 行：银行流水号“{row['bank_ref']}”在文件中重复。")
                continue
            plan.append((number, loan, instalment, row))
        if report.errors:
            return _refused_file(report, lender, filename, by=by, request=request)
        if not plan:
            report.already = True
            log_action(
                "loans.repayments.unchanged", request=request, actor=by, obj=lender,
                detail={"rows": report.rows, "file": filename[:120]},
            )  # fmt: skip
            return report
        upload = RepaymentUpload(
            lender=lender,
            region_id=(by.region_id if by is not None and by.region_id else lender.region_id),
            filename=filename[:120],
            sha256=digest,
            rows=report.rows,
            new_rows=len(plan),
            by=by,
        )
        upload.save()
        touched = {}
        for number, loan, instalment, row in plan:
            Repayment(
                loan=loan,
                instalment=instalment,
                bank_ref=row["bank_ref"],
                paid_on=row["paid_on"],
                principal=row["principal"],
                interest=row["interest"],
                penalty=row["penalty"],
                upload=upload,
                row=number,
            ).save()
            touched[instalment.pk] = (loan, instalment)
            report.new += 1
        for loan, instalment in touched.values():
            _settle(instalment, loan)
        for loan in {loan.pk: loan for loan, _ in touched.values()}.values():
            assess_loan(loan, as_of=today)
        log_action(
            "loans.repayments.imported", request=request, actor=by, obj=upload,
            detail={"rows": report.rows, "new": report.new, "unchanged": report.unchanged},
        )  # fmt: skip
    return report


def _refused_file(report, lender, filename, *, by, request) -> ImportReport:
    """Nothing was written (the checks write nothing): the refusal's audit row, the report."""
    log_action(
        "loans.repayments.refused", request=request, actor=by, obj=lender,
        result=Result.REFUSED, detail={"errors": len(report.errors), "file": filename[:120]},
    )  # fmt: skip
    return report


def _settle(instalment: Instalment, loan: Loan) -> None:
    """Sum the period's repayments; the day its dues were all paid is `repaid_on`."""
    rows = list(instalment.repayments.order_by("paid_on", "pk"))
    totals = instalment.repayments.aggregate(p=Sum("principal"), i=Sum("interest"))
    instalment.paid_principal = totals["p"] or Decimal("0.00")
    instalment.paid_interest = totals["i"] or Decimal("0.00")
    due = rules.period_interest(
        instalment.as_period(), lpr_table(), spread_bp=loan.spread_bp, ceiling_bp=loan.ceiling_bp
    ).interest
    principal, interest, repaid_on = Decimal(0), Decimal(0), None
    for row in rows:
        principal += row.principal
        interest += row.interest
        if principal >= instalment.principal_due and interest >= due:
            repaid_on = row.paid_on
            break
    instalment.repaid_on = repaid_on
    instalment.save(update_fields=["paid_principal", "paid_interest", "repaid_on"])


# ------------------------------------------------------------------ interest subsidy claims


def claimable(loan: Loan):
    return Instalment.objects.filter(
        loan=loan,
        repaid_on__isnull=False,
        claim=Instalment.Claim.WAITING,
        entitlement__isnull=True,
        subsidy__gt=0,
    ).order_by("number")


@audited
def claim_interest_subsidy(instalment: Instalment, *, by, request=None) -> Instalment:
    """The period's subsidy as an application in the subsidies workflow (its approval and payment
    are the subsidies app's): the fund's interest policy, share 1 of `base_amount` = the period's
    subsidy, period "L<loan>-<n>" (never twice: the subsidies app's unique constraint)."""
    from homeward.subsidies.services import SubsidyError, apply_for

    _check_writer(by, request=request, obj=instalment.loan)
    C = Instalment.Claim
    with transaction.atomic():
        current = Instalment.objects.select_for_update().get(pk=instalment.pk)
        loan = Loan.objects.select_related("fund", "lender", "worker", "employer").get(
            pk=current.loan_id
        )
        if current.repaid_on is None or current.claim != C.WAITING or current.entitlement_id:
            _refuse(
                "loans.subsidy.refused",
                f"第 {current.number} 期现在不能申请贴息（{current.get_claim_display()}）。",
                by=by,
                request=request,
                obj=loan,
            )
        policy = loan.fund.interest_policy
        if policy is None:
            current.claim, current.claim_note = C.NO_POLICY, "担保基金未设贴息政策，贴息记在本贷款"
            current.save(update_fields=["claim", "claim_note"])
            log_action("loans.subsidy.kept", request=request, actor=by, obj=loan)
            return current
        try:
            entitlement = apply_for(
                policy,
                worker=loan.worker,
                employer=loan.employer,
                period=f"L{loan.pk}-{current.number}"[:20],
                bank_name=loan.lender.name,
                bank_account=loan.repayment_account,
                by=by,
                request=request,
                extra_facts={"base_amount": float(current.subsidy)},
            )
        except SubsidyError as error:
            current.claim, current.claim_note = C.REFUSED, str(error)[:300]
            current.save(update_fields=["claim", "claim_note"])
            log_action(
                "loans.subsidy.refused", request=request, actor=by, obj=loan,
                result=Result.REFUSED, detail={"why": str(error), "period": current.number},
            )  # fmt: skip
            return current
        current.entitlement = entitlement
        current.claim, current.claim_note = C.CLAIMED, f"补贴申请 #{entitlement.pk}"
        current.save(update_fields=["entitlement", "claim", "claim_note"])
        log_action(
            "loans.subsidy.claimed", request=request, actor=by, obj=loan,
            detail={"period": current.number, "amount": str(current.subsidy)},
        )  # fmt: skip
    return current
