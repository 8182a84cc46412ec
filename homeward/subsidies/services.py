"""The writes of subsidies, one named function each (registry → eligibility → entitlement → payment).

Every function is atomic, checks the state under a row lock, writes its audit row (refusals too)
and sends messages after commit. Errors meant for people are `SubsidyError`s in Chinese.

Never twice, in three layers: the database's unique constraints (one entitlement per policy,
beneficiary and period; one live payment per entitlement), idempotency keys on payment
instructions (same key + same content → the first payment; different content → refused), and
batches built under a lock on the fund's row (`select_for_update`), so two builders of the same
fund take turns and the second finds nothing left to pay.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import math
import random
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import bank_card
from homeward.core.excel import workbook_bytes
from homeward.crypto import decrypt, encrypt, normalize_bank_account
from homeward.outreach.gateways import OutgoingMessage, send
from homeward.scoping import covers, limit_to_area

from . import eligibility
from .facts import facts_of, frozen, thawed, with_window
from .models import (
    EVIDENCE_BYTES,
    Candidate,
    Decision,
    Entitlement,
    Evidence,
    Fund,
    Invitation,
    Payment,
    PaymentBatch,
    Policy,
    PolicyVersion,
    SampleDraw,
)

S = Entitlement.Status
REFUSAL_CODES = {
    "not_eligible": "不符合条件",
    "evidence": "材料不实或不全",
    "duplicate": "重复申请",
    "out_of_area": "不在政策范围内",
    "objection": "公示异议属实",
    "sample": "抽查不合格",
    "other": "其他",
}
# Statuses whose amount is committed against the fund (approved and not refused or cancelled).
COMMITTED = (S.NOTICE, S.OBJECTED, S.READY, S.ON_HOLD, S.PAYING, S.FAILED, S.PAID)
EVIDENCE_TYPES = {"image/jpeg", "image/png", "application/pdf"}
BANK_HEADER = ["收款人", "开户银行", "账号", "金额（元）", "业务参考号"]


class SubsidyError(ValueError):
    def __init__(self, message: str, *, field: str | None = None, pointed=None) -> None:
        super().__init__(message)
        self.field = field
        # A condition's syntax error: (before, the character at its position, after).
        self.pointed = pointed


def _refuse(action, message, *, by=None, request=None, obj=None, field=None, pointed=None):
    """Refuse with a message for people; the refusal is audited by `audited` once the
    transaction it was raised in has rolled back (an audit row written inside would go too)."""
    error = SubsidyError(message, field=field, pointed=pointed)
    error.audit = {"action": action, "request": request, "actor": by, "obj": obj}
    raise error


def audited(function):
    """Write the audit row of a refusal raised inside the service (after its rollback)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except SubsidyError as error:
            audit = getattr(error, "audit", None)
            if audit is not None:
                error.audit = None
                obj = audit["obj"]
                if obj is not None and obj.pk is None:
                    obj = None
                log_action(
                    audit["action"],
                    request=audit["request"],
                    actor=audit["actor"],
                    obj=obj,
                    result=Result.REFUSED,
                    detail={"why": str(error)},
                )
            raise

    return wrapper


def check_writer(by, action: str, *, request=None, obj=None) -> None:
    if by is not None and not by.can_write:
        log_action(action, request=request, actor=by, obj=obj, result=Result.REFUSED)
        raise PermissionDenied


# ---------------------------------------------------------------- policies and versions


def clean_version_data(data: dict) -> dict:
    """The fields of a new version, checked: conditions compile, amounts are not negative."""
    try:
        amount = Decimal(str(data.get("amount", "")))
    except InvalidOperation:
        raise SubsidyError("金额应是数字。", field="amount") from None
    if amount < 0:
        raise SubsidyError("金额不能为负数。", field="amount")
    for level, value in (data.get("level_amounts") or {}).items():
        try:
            if Decimal(str(value)) < 0:
                raise SubsidyError(f"证书等级 {level} 的金额不能为负数。", field="level_amounts")
        except InvalidOperation:
            raise SubsidyError(
                f"证书等级 {level} 的金额应是数字。", field="level_amounts"
            ) from None
    if data["ends_on"] < data["starts_on"]:
        raise SubsidyError("政策期的结束日期不能早于开始日期。", field="ends_on")

    def checked(name):
        value = data.get(name) or []
        if isinstance(value, str):  # typed in the staff pages: "说明 | 表达式" a line
            return eligibility.parse_conditions(value)
        return eligibility.check_conditions(value)

    try:
        conditions = checked("conditions")
    except eligibility.ExpressionError as error:
        raise SubsidyError(str(error), field="conditions", pointed=error.pointed) from None
    try:
        compliance = checked("compliance")
    except eligibility.ExpressionError as error:
        raise SubsidyError(
            f"合规条件：{error}", field="compliance", pointed=error.pointed
        ) from None
    return {**data, "amount": amount, "conditions": conditions, "compliance": compliance}


VERSION_FIELDS = (
    "starts_on ends_on amount_kind amount level_amounts once max_claims evidence "
    "approval_levels notice_days conditions compliance assumption note"
).split()


def may_edit_policies(user) -> bool:
    """City administrators write and publish policy versions (None: the seeds, a command)."""
    return user is None or user.is_superuser or (user.can_write and user.level == "city")


def _check_editor(by, *, request, obj) -> None:
    if not may_edit_policies(by):
        _refuse(
            "subsidies.version.refused",
            "只有市级工作人员可以修改或发布政策。",
            by=by,
            request=request,
            obj=obj,
        )


@audited
def save_version(policy: Policy, data: dict, *, by, request=None) -> PolicyVersion:
    """A new draft version of `policy` (every edit is a new version; published ones never change)."""
    check_writer(by, "subsidies.write.refused", request=request, obj=policy)
    _check_editor(by, request=request, obj=policy)
    try:
        cleaned = clean_version_data(data)
    except SubsidyError as error:
        _refuse(
            "subsidies.version.refused",
            str(error),
            by=by,
            request=request,
            obj=policy,
            field=error.field,
            pointed=error.pointed,
        )
    with transaction.atomic():
        Policy.objects.select_for_update().get(pk=policy.pk)
        last = policy.versions.order_by("-number").first()
        version = PolicyVersion(
            policy=policy,
            number=(last.number + 1) if last else 1,
            created_by=by,
            **{k: cleaned[k] for k in VERSION_FIELDS if k in cleaned},
        )
        version.full_clean(exclude=["policy", "created_by"])
        version.save()
        log_action("subsidies.version.created", request=request, actor=by, obj=version)
    return version


@audited
def publish_version(version: PolicyVersion, *, by, request=None) -> PolicyVersion:
    check_writer(by, "subsidies.write.refused", request=request, obj=version)
    _check_editor(by, request=request, obj=version)
    with transaction.atomic():
        Policy.objects.select_for_update().get(pk=version.policy_id)
        version = PolicyVersion.objects.get(pk=version.pk)
        if version.status != PolicyVersion.Status.DRAFT:
            _refuse(
                "subsidies.version.refused",
                "只有草稿可以发布。",
                by=by,
                request=request,
                obj=version,
            )
        PolicyVersion.objects.filter(policy_id=version.policy_id, status="published").update(
            status=PolicyVersion.Status.RETIRED
        )
        version.status = PolicyVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
        log_action("subsidies.version.published", request=request, actor=by, obj=version)
    return version


def applicable_policies(region_code: str):
    """The policies whose area covers `region_code` (a person's village), read unscoped: a policy
    of the city applies to every village in it."""
    return [
        p
        for p in Policy._base_manager.select_related("fund").order_by("code")
        if covers(p.region_id, region_code)
    ]


def evaluate_worker(version: PolicyVersion, worker, *, today: date | None = None, facts=None):
    """(decision, facts) of `worker` under `version`, the area and window checked first."""
    today = today or timezone.localdate()
    facts = facts if facts is not None else facts_of(worker, policy=version.policy, today=today)
    facts = with_window(facts, version, today)
    lines = []
    region = version.policy.region_id
    inside = covers(region, worker.region_id)
    lines.append(
        eligibility.Line(
            label=f"户籍地在政策范围（{region}）内",
            outcome=eligibility.PASS if inside else eligibility.FAIL,
        )
    )
    decision = eligibility.evaluate(version.conditions, facts)
    decision.lines = lines + decision.lines
    return decision, facts


AREA_LABEL = "户籍地在政策范围（{region}）内"
_OUTCOME = {1: eligibility.PASS, 0: eligibility.FAIL, -1: eligibility.UNKNOWN}


@dataclass
class Verdicts:
    """`evaluate_worker` for many people at once: the version's conditions over their facts
    table in numpy (`vector.outcomes`: the expression text walked, rule-engine's nulls and
    errors kept; a condition the walker does not know, row by row with rule-engine). The
    verdicts are the same, and `decision(i)` the same explanation, as one by one
    (tests/subsidies/test_live_scan.py holds them equal)."""

    version: PolicyVersion
    workers: list
    facts: list  # each person's facts, as facts_of gives them
    inside: object  # bool array: the policy's area covers the person's village
    outcomes: list  # one int8 array a condition: vector.PASSED / FAILED / RAISED
    eligible: object  # bool array
    today: date | None = None

    def decision(self, i: int) -> eligibility.Decision:
        region = self.version.policy.region_id
        area = eligibility.Line(
            label=AREA_LABEL.format(region=region),
            outcome=eligibility.PASS if self.inside[i] else eligibility.FAIL,
        )
        decision = eligibility.explain(
            self.version.conditions,
            with_window(self.facts[i], self.version, self.today),
            [_OUTCOME[int(o[i])] for o in self.outcomes],
        )
        decision.lines = [area, *decision.lines]
        return decision


def evaluate_many(version: PolicyVersion, workers: list, facts: list, *, today: date) -> Verdicts:
    """The verdicts of `version` for `workers` (their facts, in the same order)."""
    from . import vector

    n = len(workers)
    scalars = {"window_start": version.starts_on, "window_end": version.ends_on, "today": today}
    names = {
        name
        for c in version.conditions
        for name in eligibility.names_in(c["expression"])
        if name not in scalars
    }
    table, kinds = vector.table_of(facts, names)
    outcomes = vector.outcomes(
        version.conditions,
        table,
        scalars,
        n,
        rows=lambda i: with_window(facts[i], version, today),
        kinds=kinds,
        strict=True,
    )
    region = version.policy.region_id
    inside = np.fromiter((covers(region, w.region_id) for w in workers), bool, n)
    eligible = inside.copy()
    for o in outcomes:
        eligible &= o == vector.PASSED
    return Verdicts(version, workers, facts, inside, outcomes, eligible, today)


@dataclass
class Trial:
    """What a version would decide over the registry, beside the published one."""

    eligible: int = 0
    published_eligible: int = 0
    people: int = 0
    gained: list = field(default_factory=list)  # (worker, explanation) newly eligible
    lost: list = field(default_factory=list)  # eligible under the published version, not this one


def try_version(version: PolicyVersion, *, today: date | None = None, limit: int = 50) -> Trial:
    """ "Try on the registry before publishing": run in the caller's area over the policy's people,
    a chunk at a time in bulk (`evaluate_many`), beside the published version."""
    from homeward.workers.models import Worker

    from .facts import facts_many

    today = today or timezone.localdate()
    published = version.policy.published()
    other = published if published and published.pk != version.pk else None
    trial = Trial()
    workers = list(
        Worker.objects.in_area(version.policy.region_id).order_by("pk").defer("id_number", "phone")
    )
    for start in range(0, len(workers), SCAN_CHUNK):
        chunk = workers[start : start + SCAN_CHUNK]
        known = facts_many(chunk, policy=version.policy, today=today)
        facts = [known[w.pk] for w in chunk]
        mine = evaluate_many(version, chunk, facts, today=today)
        theirs = evaluate_many(other, chunk, facts, today=today) if other else None
        trial.people += len(chunk)
        trial.eligible += int(mine.eligible.sum())
        if theirs is None:
            continue
        trial.published_eligible += int(theirs.eligible.sum())
        for i in (mine.eligible != theirs.eligible).nonzero()[0]:
            target = trial.gained if mine.eligible[i] else trial.lost
            if len(target) < limit:
                target.append((chunk[i], mine.decision(int(i)).text))
    return trial


# ---------------------------------------------------------------- candidates (the scan)


SCAN_CHUNK = 5000


def scan_candidates(area: str, *, today: date | None = None, report=None) -> int:
    """List the people of `area` who appear eligible under each published version (and have not
    applied): the background scan after the events that matter. Returns the count found.

    In bulk: the people's facts by `facts_many` a chunk at a time, each version's conditions
    over the chunk at once (`evaluate_many`); only the people found are explained, with the
    same explanation as one by one."""
    from homeward.workers.models import Worker

    today = today or timezone.localdate()
    versions = _scanned_versions(today, lambda region: covers(region, area) or covers(area, region))
    workers = list(Worker.objects.in_area(area).order_by("pk").defer("id_number", "phone", "name"))
    with transaction.atomic():
        limit_to_area(Candidate._base_manager.all(), area).delete()
        found = 0
        for start in range(0, len(workers), SCAN_CHUNK):
            chunk = workers[start : start + SCAN_CHUNK]
            rows = _candidates_of(chunk, versions, today)
            Candidate._base_manager.bulk_create(rows, batch_size=1000)
            found += len(rows)
            if report:
                report(start + len(chunk), len(workers))
        if report and not workers:
            report(0, 0)
    return found


def _scanned_versions(today: date, applies) -> list:
    return [
        v
        for v in PolicyVersion._base_manager.filter(
            status="published", policy__beneficiary="person"
        )
        .select_related("policy")
        .order_by("policy__code", "pk")
        if applies(v.policy.region_id) and v.starts_on <= today <= v.ends_on
    ]


def _candidates_of(workers: list, versions: list, today: date) -> list:
    """Candidate rows of `workers` (in order of person, then policy) under `versions`."""
    from .facts import facts_many

    if not workers or not versions:
        return []
    known = facts_many(workers, today=today)
    facts = [known[w.pk] for w in workers]
    found = []
    for version in versions:
        verdicts = evaluate_many(version, workers, facts, today=today)
        code = version.policy.code
        for i in verdicts.eligible.nonzero()[0]:
            if code in facts[i]["received"]:
                continue
            worker = workers[i]
            found.append(
                (
                    i,
                    Candidate(
                        version=version,
                        worker=worker,
                        region_id=worker.region_id,
                        explanation=verdicts.decision(int(i)).as_dict(),
                    ),
                )
            )
    found.sort(key=lambda pair: pair[0])
    return [candidate for _i, candidate in found]


# ---------------------------------------------------------------- applying


def _check_account(bank_name: str, bank_account: str) -> str:
    number = normalize_bank_account(bank_account or "")
    if not bank_name.strip():
        raise SubsidyError("请填写开户银行。", field="bank_name")
    if not number.isdigit() or not 12 <= len(number) <= 19:
        raise SubsidyError("银行卡号应是 12 到 19 位数字。", field="bank_account")
    if not bank_card.is_valid(number):
        raise SubsidyError("银行卡号校验位不对，请核对卡号。", field="bank_account")
    return number


def _check_evidence(files) -> None:
    for upload in files:
        if upload.size > EVIDENCE_BYTES:
            raise SubsidyError(f"材料“{upload.name}”超过 5 MB。", field="evidence")
        if getattr(upload, "content_type", "") not in EVIDENCE_TYPES:
            raise SubsidyError(f"材料“{upload.name}”应是图片（JPG、PNG）或 PDF。", field="evidence")


@audited
def apply_for(
    policy: Policy,
    *,
    worker=None,
    employer=None,
    period: str = "once",
    bank_name: str = "",
    bank_account: str = "",
    evidence=(),
    by=None,
    via: str = Entitlement.Via.STAFF,
    request=None,
    today: date | None = None,
    extra_facts: dict | None = None,
) -> Entitlement:
    """An application (an entitlement under review) with its facts frozen. `by` is the staff user
    who entered it (None when the worker applied on the portal)."""
    today = today or timezone.localdate()
    action = "subsidies.entitlement.refused"
    check_writer(by, "subsidies.write.refused", request=request, obj=policy)
    version = policy.published()
    if version is None:
        _refuse(action, "该政策尚未发布。", by=by, request=request, obj=policy)
    if not version.starts_on <= today <= version.ends_on:
        _refuse(
            action,
            f"不在政策申请期（{version.starts_on} 至 {version.ends_on}）内。",
            by=by,
            request=request,
            obj=policy,
        )
    beneficiary = worker or employer
    if beneficiary is None or (worker and employer):
        raise ValueError("a person or an employer")
    if not covers(policy.region_id, beneficiary.region_id):
        _refuse(action, "申请人不在本政策范围内。", by=by, request=request, obj=policy)
    try:
        account = _check_account(bank_name, bank_account) if (bank_account or worker) else ""
        _check_evidence(evidence)
    except SubsidyError as error:
        _refuse(action, str(error), by=by, request=request, obj=policy, field=error.field)
    if worker is not None:
        decision, facts = evaluate_worker(version, worker, today=today)
    else:
        facts = with_window(
            {**employer_facts(employer, today), **(extra_facts or {})}, version, today
        )
        decision = eligibility.evaluate(version.conditions, facts)
    if extra_facts and worker is not None:
        facts.update(extra_facts)
        decision, facts = evaluate_worker(version, worker, today=today, facts=facts)
    if not decision.eligible:
        _refuse(action, "不符合条件：" + decision.text, by=by, request=request, obj=policy)
    key = f"w{worker.pk}" if worker else f"e{employer.pk}"
    with transaction.atomic():
        claims = Entitlement._base_manager.filter(policy=policy, beneficiary_key=key).exclude(
            status__in=[S.REFUSED, S.CANCELLED]
        )
        if claims.count() >= version.max_claims:
            _refuse(
                action,
                f"已申请 {version.max_claims} 次，达到上限。",
                by=by,
                request=request,
                obj=policy,
            )
        amount = eligibility.amount_for(
            version.amount_kind, version.amount, facts, table=version.level_amounts
        )
        entitlement = Entitlement(
            policy=policy,
            version=version,
            worker=worker,
            employer=employer,
            beneficiary_key=key,
            period=period,
            region_id=beneficiary.region_id,
            amount=amount,
            facts=frozen(facts),
            explanation=decision.as_dict(),
            via=via,
            entered_by=by,
            bank_name=bank_name.strip(),
            bank_account=account,
        )
        try:
            with transaction.atomic():
                entitlement.save()
        except IntegrityError:
            _refuse(
                action, "本期已申请过该补贴，不能重复申请。", by=by, request=request, obj=policy
            )
        for upload in evidence:
            Evidence(
                entitlement=entitlement,
                region_id=entitlement.region_id,
                filename=upload.name[:120],
                content_type=upload.content_type,
                content=upload.read(),
            ).save()
        _decision(entitlement, Decision.Action.SUBMITTED, by=by)
        log_action("subsidies.entitlement.submitted", request=request, actor=by, obj=entitlement)
    return entitlement


@audited
def enter_decided(
    policy: Policy,
    *,
    worker,
    period: str,
    amount: Decimal,
    bank_name: str,
    bank_account: str,
    facts: dict,
    decided_by: str,
    by=None,
    request=None,
) -> Entitlement:
    """An entitlement another workflow has decided (a public-welfare post's monthly stipend: the
    county approved the appointment, the village recorded the month's attendance), entered ready
    to pay with a decision that says where it was decided, so `build_batch` pays it like any
    other and the never-twice rules hold. The fund's budget is checked as at approval. The
    same (policy, person, period) again is refused: the database's unique key. The caller holds
    the transaction."""
    action = "subsidies.entitlement.refused"
    check_writer(by, "subsidies.write.refused", request=request, obj=policy)
    version = policy.published()
    if version is None:
        _refuse(action, "该政策尚未发布。", by=by, request=request, obj=policy)
    try:
        account = _check_account(bank_name, bank_account)
    except SubsidyError as error:
        _refuse(action, str(error), by=by, request=request, obj=policy, field=error.field)
    entitlement = Entitlement(
        policy=policy,
        version=version,
        worker=worker,
        beneficiary_key=f"w{worker.pk}",
        period=period,
        region_id=worker.region_id,
        amount=amount,
        status=S.READY,
        step=len(version.steps),
        facts=frozen(facts),
        explanation={"decided_by": decided_by},
        via=Entitlement.Via.STAFF,
        entered_by=by if getattr(by, "is_authenticated", False) else None,
        bank_name=bank_name.strip(),
        bank_account=account,
    )
    with transaction.atomic():
        _check_budget(entitlement, by=by, request=request)
        try:
            with transaction.atomic():
                entitlement.save()
        except IntegrityError:
            _refuse(action, "本期已有这笔补贴，不能重复发放。", by=by, request=request, obj=policy)
        _decision(entitlement, Decision.Action.APPROVED, by=by, reason=decided_by[:300])
        log_action("subsidies.entitlement.entered", request=request, actor=by, obj=entitlement)
    return entitlement


def employer_facts(employer, today: date) -> dict:
    """The facts of an employer beneficiary: the hires it is paid for."""
    from homeward.placements.models import Application

    hires = Application._base_manager.filter(posting__employer=employer, status="hired")
    return {
        "hires": hires.count(),
        "hires_12_months": hires.filter(contract_months__gte=12).count(),
        "employer_trainees": None,
    }


def _decision(entitlement, action, *, by=None, level="", code="", reason=""):
    Decision(
        entitlement=entitlement,
        region_id=entitlement.region_id,
        action=action,
        level=level,
        code=code,
        reason=reason,
        by=by if getattr(by, "is_authenticated", False) else None,
    ).save()


def _locked(entitlement) -> Entitlement:
    return (
        Entitlement._base_manager.select_for_update()
        .select_related("version", "policy__fund")
        .get(pk=entitlement.pk)
    )


# ---------------------------------------------------------------- approval


def budget_of(fund: Fund) -> dict:
    rows = Entitlement._base_manager.filter(policy__fund=fund)
    committed = rows.filter(status__in=COMMITTED).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    paid = rows.filter(status=S.PAID).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return {
        "cap": fund.budget_cap,
        "committed": committed,
        "paid": paid,
        "left": fund.budget_cap - committed,
    }


def _may_decide(user, level: str) -> bool:
    if user.is_superuser:
        return True
    if level == "county":
        return user.level in ("county", "city")
    return user.level == level


@audited
def decide(
    entitlement, verdict: str, *, by, reason: str = "", code: str = "", request=None, today=None
):
    """Approve, return (with a reason) or refuse (with a coded reason) at the entitlement's step."""
    check_writer(by, "subsidies.write.refused", request=request, obj=entitlement)
    action = f"subsidies.entitlement.{verdict}"
    today = today or timezone.localdate()
    with transaction.atomic():
        # The fund's row first, as `build_batch` takes it: one lock order, no deadlock.
        Fund._base_manager.select_for_update().get(pk=entitlement.policy.fund_id)
        entitlement = _locked(entitlement)
        if entitlement.status != S.SUBMITTED:
            _refuse(action, "该申请不在审核中。", by=by, request=request, obj=entitlement)
        level = entitlement.step_level
        if not _may_decide(by, level):
            _refuse(
                action,
                f"这一步应由{LEVEL_NAMES[level]}审核。",
                by=by,
                request=request,
                obj=entitlement,
            )
        if entitlement.entered_by_id == by.pk:
            _refuse(
                action, "录入申请的人不能审核这份申请。", by=by, request=request, obj=entitlement
            )
        if verdict == "approved":
            entitlement.step += 1
            fields = ["step", "updated_at"]
            if entitlement.step >= len(entitlement.version.steps):
                _check_budget(entitlement, by=by, request=request)
                _start_notice(entitlement, today)
                fields += ["status", "notice_ends_on"]
            entitlement.save(update_fields=fields)
            _decision(entitlement, Decision.Action.APPROVED, by=by, level=level, reason=reason)
        elif verdict == "returned":
            if not reason.strip():
                _refuse(
                    action,
                    "退回时请写明需要补充什么。",
                    by=by,
                    request=request,
                    obj=entitlement,
                    field="reason",
                )
            entitlement.status, entitlement.reason = S.RETURNED, reason.strip()[:300]
            entitlement.save(update_fields=["status", "reason", "updated_at"])
            _decision(entitlement, Decision.Action.RETURNED, by=by, level=level, reason=reason)
        elif verdict == "refused":
            if code not in REFUSAL_CODES:
                _refuse(
                    action,
                    "不予通过时请选择原因。",
                    by=by,
                    request=request,
                    obj=entitlement,
                    field="code",
                )
            entitlement.status, entitlement.refusal_code = S.REFUSED, code
            entitlement.reason = reason.strip()[:300]
            entitlement.save(update_fields=["status", "refusal_code", "reason", "updated_at"])
            _decision(
                entitlement, Decision.Action.REFUSED, by=by, level=level, code=code, reason=reason
            )
        else:
            raise ValueError(verdict)
        log_action(action, request=request, actor=by, obj=entitlement, detail={"level": level})
    return entitlement


LEVEL_NAMES = {"village": "村（社区）", "town": "乡镇（街道）", "county": "县（区）"}


def _check_budget(entitlement, *, by, request):
    fund = Fund._base_manager.select_for_update().get(pk=entitlement.policy.fund_id)
    budget = budget_of(fund)
    if budget["committed"] + entitlement.amount > fund.budget_cap:
        _refuse(
            "subsidies.entitlement.over_budget",
            f"超出资金“{fund.name}”的预算：上限 {fund.budget_cap} 元，已承诺 {budget['committed']} 元。",
            by=by,
            request=request,
            obj=entitlement,
        )
    cap = entitlement.policy.budget_cap
    if cap is not None:
        used = Entitlement._base_manager.filter(
            policy_id=entitlement.policy_id, status__in=COMMITTED
        ).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if used + entitlement.amount > cap:
            _refuse(
                "subsidies.entitlement.over_budget",
                f"超出本政策的预算：上限 {cap} 元，已承诺 {used} 元。",
                by=by,
                request=request,
                obj=entitlement,
            )


def _start_notice(entitlement, today):
    days = entitlement.version.notice_days
    if days:
        entitlement.status = S.NOTICE
        entitlement.notice_ends_on = today + timedelta(days=days)
    else:
        entitlement.status = S.READY


@audited
def resubmit(entitlement, *, by=None, request=None) -> Entitlement:
    """A returned application sent again (after the information was added): back to the start."""
    check_writer(by, "subsidies.write.refused", request=request, obj=entitlement)
    with transaction.atomic():
        entitlement = _locked(entitlement)
        if entitlement.status != S.RETURNED:
            _refuse(
                "subsidies.entitlement.resubmitted",
                "只有退回的申请可以重新提交。",
                by=by,
                request=request,
                obj=entitlement,
            )
        entitlement.status, entitlement.step = S.SUBMITTED, 0
        entitlement.save(update_fields=["status", "step", "updated_at"])
        _decision(entitlement, Decision.Action.SUBMITTED, by=by)
        log_action("subsidies.entitlement.resubmitted", request=request, actor=by, obj=entitlement)
    return entitlement


@audited
def object_to(entitlement, *, reason: str, by=None, request=None) -> Entitlement:
    """An objection during the public notice stops the entitlement for review."""
    check_writer(by, "subsidies.write.refused", request=request, obj=entitlement)
    with transaction.atomic():
        entitlement = _locked(entitlement)
        if entitlement.status != S.NOTICE:
            _refuse(
                "subsidies.entitlement.objected",
                "只能对公示中的补贴提出异议。",
                by=by,
                request=request,
                obj=entitlement,
            )
        if not reason.strip():
            _refuse(
                "subsidies.entitlement.objected",
                "请写明异议内容。",
                by=by,
                request=request,
                obj=entitlement,
                field="reason",
            )
        entitlement.status = S.OBJECTED
        entitlement.save(update_fields=["status", "updated_at"])
        _decision(entitlement, Decision.Action.OBJECTED, by=by, reason=reason)
        log_action("subsidies.entitlement.objected", request=request, actor=by, obj=entitlement)
    return entitlement


@audited
def resolve_objection(entitlement, *, upheld: bool, reason: str, by, request=None, today=None):
    """County review of an objection: upheld → refused; dismissed → a new notice period."""
    check_writer(by, "subsidies.write.refused", request=request, obj=entitlement)
    today = today or timezone.localdate()
    with transaction.atomic():
        entitlement = _locked(entitlement)
        if entitlement.status != S.OBJECTED or not _may_decide(by, "county"):
            _refuse(
                "subsidies.objection.resolved",
                "只有县（区）可以处理公示异议中的补贴。",
                by=by,
                request=request,
                obj=entitlement,
            )
        if upheld:
            entitlement.status, entitlement.refusal_code = S.REFUSED, "objection"
            entitlement.save(update_fields=["status", "refusal_code", "updated_at"])
            _decision(
                entitlement,
                Decision.Action.REFUSED,
                by=by,
                level="county",
                code="objection",
                reason=reason,
            )
        else:
            _start_notice(entitlement, today)
            entitlement.save(update_fields=["status", "notice_ends_on", "updated_at"])
            _decision(entitlement, Decision.Action.UPHELD, by=by, level="county", reason=reason)
        log_action(
            "subsidies.objection.resolved",
            request=request,
            actor=by,
            obj=entitlement,
            detail={"upheld": upheld},
        )
    return entitlement


def close_notices(*, today: date | None = None) -> int:
    """Entitlements whose notice ended with no objection become payable (run daily)."""
    today = today or timezone.localdate()
    done = 0
    with transaction.atomic():
        rows = Entitlement._base_manager.select_for_update().filter(
            status=S.NOTICE, notice_ends_on__lt=today
        )
        for entitlement in rows:
            entitlement.status = S.READY
            entitlement.save(update_fields=["status", "updated_at"])
            _decision(entitlement, Decision.Action.NOTICE_PASSED)
            done += 1
        if done:
            log_action("subsidies.notice.closed", region_code="", detail={"count": done})
    return done


def draw_lottery(pool: list[int], share_percent: int, seed: str) -> list[int]:
    """The reproducible draw: the same pool, share and seed always draw the same ids."""
    if not pool:
        return []
    k = max(1, math.ceil(len(pool) * share_percent / 100))
    return sorted(random.Random(seed).sample(sorted(pool), min(k, len(pool))))


@audited
def draw_sample(
    area: str, *, by, share_percent: int = 5, seed: str | None = None, request=None
) -> SampleDraw:
    """抽查: a share of the approved entitlements of `area` drawn for a second check."""
    check_writer(by, "subsidies.write.refused", request=request)
    seed = seed or secrets.token_hex(8)
    with transaction.atomic():
        pool_rows = (
            Entitlement.objects.in_area(area)
            .select_for_update()
            .filter(status__in=[S.NOTICE, S.READY], sampled=False)
        )
        pool = sorted(pool_rows.values_list("pk", flat=True))
        drawn = draw_lottery(pool, share_percent, seed)
        draw = SampleDraw(
            region_id=area,
            seed=seed,
            share_percent=share_percent,
            pool=pool,
            drawn=drawn,
            drawn_by=by,
        )
        draw.save()
        for entitlement in Entitlement._base_manager.filter(pk__in=drawn):
            entitlement.sampled = True
            entitlement.save(update_fields=["sampled", "updated_at"])
            _decision(entitlement, Decision.Action.SAMPLED, by=by, reason=f"抽签 #{draw.pk}")
        log_action(
            "subsidies.sample.drawn",
            request=request,
            actor=by,
            obj=draw,
            detail={"pool": len(pool), "drawn": len(drawn)},
        )
    return draw


@audited
def check_sampled(entitlement, *, passed: bool, by, reason: str = "", request=None) -> Entitlement:
    check_writer(by, "subsidies.write.refused", request=request, obj=entitlement)
    with transaction.atomic():
        entitlement = _locked(entitlement)
        if (
            not entitlement.sampled
            or entitlement.sample_checked
            or entitlement.status not in (S.NOTICE, S.READY)
        ):
            _refuse(
                "subsidies.sample.checked",
                "该补贴不在待抽查中。",
                by=by,
                request=request,
                obj=entitlement,
            )
        if passed:
            entitlement.sample_checked = True
            entitlement.save(update_fields=["sample_checked", "updated_at"])
            _decision(entitlement, Decision.Action.CHECKED, by=by, reason=reason)
        else:
            entitlement.status, entitlement.refusal_code = S.REFUSED, "sample"
            entitlement.save(update_fields=["status", "refusal_code", "updated_at"])
            _decision(entitlement, Decision.Action.REFUSED, by=by, code="sample", reason=reason)
        log_action(
            "subsidies.sample.checked",
            request=request,
            actor=by,
            obj=entitlement,
            detail={"passed": passed},
        )
    return entitlement


# ---------------------------------------------------------------- payment


def compliance_of(entitlement, *, today: date | None = None) -> eligibility.Decision:
    """The version's compliance conditions over the person's facts now (still employed? …)."""
    today = today or timezone.localdate()
    version = entitlement.version
    if entitlement.worker_id:
        facts = facts_of(entitlement.worker, policy=entitlement.policy, today=today)
        facts = {**thawed(entitlement.facts), **facts}
    else:
        facts = {**thawed(entitlement.facts), **employer_facts(entitlement.employer, today)}
    return eligibility.evaluate(version.compliance, with_window(facts, version, today))


def _content_hash(entitlement, amount, account) -> str:
    text = f"{entitlement.pk}|{amount}|{normalize_bank_account(account)}|{entitlement.bank_name}"
    return hashlib.sha256(text.encode()).hexdigest()


def issue_payment(entitlement, *, batch: PaymentBatch, key: str) -> Payment:
    """A payment instruction, idempotent by `key`: the same key and content → the first payment;
    the same key with other content → refused. The caller holds the entitlement's lock."""
    content = _content_hash(entitlement, entitlement.amount, entitlement.bank_account)
    first = Payment._base_manager.filter(idempotency_key=key).first()
    if first is not None:
        if first.content_hash != content:
            raise SubsidyError("同一支付指令号的内容不同，拒绝执行。")
        return first
    if Payment._base_manager.filter(
        entitlement=entitlement, status__in=["pending", "paid"]
    ).exists():
        raise SubsidyError("该补贴已有支付中或已支付的记录，不能重复支付。")
    attempt = Payment._base_manager.filter(entitlement=entitlement).count() + 1
    payment = Payment(
        entitlement=entitlement,
        batch=batch,
        region_id=entitlement.region_id,
        attempt=attempt,
        idempotency_key=key,
        content_hash=content,
        reference=f"HW{entitlement.pk:08d}{attempt:02d}{secrets.token_hex(3).upper()}",
        amount=entitlement.amount,
        payee=entitlement.beneficiary_name,
        bank_name=entitlement.bank_name,
        bank_account=entitlement.bank_account,
    )
    with transaction.atomic():
        payment.save()
    return payment


@audited
def build_batch(
    fund: Fund, county: str, period: str, *, by, request=None, today=None
) -> PaymentBatch:
    """A payment batch of the fund's payable entitlements in `county`, built under the fund's lock:
    compliance re-checked for each (lapsed → held), one payment instruction each, the bank file
    written encrypted. All or nothing: a crash leaves no half batch."""
    check_writer(by, "subsidies.write.refused", request=request)
    today = today or timezone.localdate()
    action = "subsidies.batch.built"
    with transaction.atomic():
        Fund._base_manager.select_for_update().get(pk=fund.pk)
        selection = (
            Entitlement.objects.in_area(county)
            .filter(policy__fund=fund, status=S.READY)
            .filter(Q(sampled=False) | Q(sample_checked=True))
        )
        rows = selection.select_for_update(of=("self",)).order_by("pk")
        # The people without their sealed numbers (not needed here: no decryption per row);
        # each version and policy loaded once, not once a row.
        rows = list(
            rows.select_related("worker", "employer").defer(
                "explanation", "employer__contact_phone", *_WORKER_UNREAD
            )
        )
        versions = PolicyVersion._base_manager.select_related("policy").in_bulk(
            {e.version_id for e in rows}
        )
        checks = compliance_many(rows, today=today, versions=versions)
        payable, held = [], 0
        for entitlement, check in zip(rows, checks, strict=True):
            if check is not None:
                entitlement.status = S.ON_HOLD
                entitlement.reason = ("合规复核未通过：" + check.text)[:300]
                entitlement.save(update_fields=["status", "reason", "updated_at"])
                _decision(entitlement, Decision.Action.HELD, by=by, reason=entitlement.reason)
                held += 1
            else:
                payable.append(entitlement)
        if not payable:
            if held:
                log_action(
                    action,
                    request=request,
                    actor=by,
                    result=Result.REFUSED,
                    region_code=county,
                    detail={"held": held},
                )
                return None
            _refuse(action, "没有可支付的补贴。", by=by, request=request)
        batch = PaymentBatch(fund=fund, region_id=county, period=period, created_by=by)
        batch.save()
        try:
            payments = _issue_many(payable, batch, selection=selection)
        except SubsidyError as error:
            _refuse(action, str(error), by=by, request=request)
        batch.bank_file = encrypt(_csv(payments))
        batch.save(update_fields=["bank_file"])
        log_action(
            action,
            request=request,
            actor=by,
            obj=batch,
            detail={"payments": len(payments), "held": held},
        )
    return batch


# The people's fields a batch does not read (the facts read the rest): not loaded.
_WORKER_UNREAD = tuple(
    f"worker__{name}"
    for name in (
        "id_number",
        "id_number_hash",
        "phone",
        "phone_hash",
        "address",
        "status_since",
        "work_place",
        "work_region",
        "employer_name",
        "occupation_text",
        "occupation",
        "skills",
        "education",
        "intention",
        "training_wish",
        "service_needs",
        "consents_to_contact",
        "willing_scope",
        "wanted_work_types",
        "wanted_benefits",
        "available_from",
        "note",
        "created_at",
        "updated_at",
        "created_by",
    )
)


def compliance_many(rows, *, today: date, versions: dict | None = None) -> list:
    """`compliance_of` for many entitlements: None where it passes, else the Decision that
    explains the lapse. Only the facts the conditions read (and their labels show) are
    fetched, in bulk (`facts_many(names=…)`); the conditions run over the whole table at once
    (`vector.outcomes`, rule-engine's types; a condition the walker does not know row by row);
    only a lapsed row is explained one by one."""
    from . import vector
    from .facts import facts_many

    versions = versions or {}
    out: list = [None] * len(rows)
    groups: dict = {}
    for index, entitlement in enumerate(rows):
        version = versions.get(entitlement.version_id) or entitlement.version
        if version.compliance:
            groups.setdefault(entitlement.version_id, (version, []))[1].append(index)
    for version, indexes in groups.values():
        names = {
            name
            for c in version.compliance
            for name in [
                *eligibility.names_in(c["expression"]),
                *eligibility._placeholders(c["label"]),
            ]
        }
        workers = [rows[i].worker for i in indexes if rows[i].worker_id]
        known = (
            facts_many(workers, policy=version.policy, today=today, names=names) if workers else {}
        )
        merged = []
        for i in indexes:
            e = rows[i]
            now = known[e.worker_id] if e.worker_id else employer_facts(e.employer, today)
            was = {k: e.facts[k] for k in names if k in e.facts}
            merged.append({**thawed(was), **now})
        scalars = {"window_start": version.starts_on, "window_end": version.ends_on}
        scalars["today"] = today
        table, kinds = vector.table_of(merged, names - set(scalars))
        outcomes = vector.outcomes(
            version.compliance,
            table,
            scalars,
            len(merged),
            rows=lambda k, m=merged, v=version: with_window(m[k], v, today),
            kinds=kinds,
            strict=True,
        )
        passed = np.ones(len(merged), dtype=bool)
        for o in outcomes:
            passed &= o == vector.PASSED
        for k in (~passed).nonzero()[0]:
            decision = eligibility.evaluate(
                version.compliance, with_window(merged[k], version, today)
            )
            out[indexes[k]] = decision if not decision.eligible else None
    return out


@dataclass(slots=True)
class Instruction:
    """A payment instruction as the bank file needs it (the rows themselves are inserted in bulk)."""

    payee: str
    bank_name: str
    bank_account: str
    amount: Decimal
    reference: str


def _issue_many(entitlements, batch: PaymentBatch, *, selection) -> list[Instruction]:
    """`issue_payment` for a whole batch, in bulk: one query finds the earlier attempts of
    the batch's entitlements (a live one refuses the batch; a failed one makes this a
    reissue, attempt n + 1), one COPY (PostgreSQL; one prepared INSERT elsewhere) writes the
    instructions and one UPDATE moves on exactly the entitlements the batch now pays.
    `selection`: the query the entitlements were locked by (the earlier attempts are read
    through it, not through a list of ids). The database's unique key and partial unique
    index stay the last word: a clash there refuses the whole batch."""
    from homeward.core.bulk import FastInsert
    from homeward.crypto import encryptor

    insert, seal, now = FastInsert(Payment, skip={"id"}), encryptor(), timezone.now()
    pending, batch_id = Payment.Status.PENDING, batch.pk
    mine = {e.pk for e in entitlements}
    attempts: dict = {}
    for entitlement_id, status in Payment._base_manager.filter(
        entitlement_id__in=selection.order_by().values("pk")
    ).values_list("entitlement_id", "status"):
        if entitlement_id not in mine:  # made ready after the lock was taken: not this batch's
            continue
        if status in ("pending", "paid"):
            raise SubsidyError("该补贴已有支付中或已支付的记录，不能重复支付。")
        attempts[entitlement_id] = attempts.get(entitlement_id, 0) + 1
    made, rows = [], []
    for e in entitlements:
        attempt = attempts.get(e.pk, 0) + 1
        account = e.bank_account
        reference = f"HW{e.pk:08d}{attempt:02d}{secrets.token_hex(3).upper()}"
        payee = e.beneficiary_name
        rows.append(
            insert.row(
                {
                    "entitlement_id": e.pk,
                    "batch_id": batch_id,
                    "region_id": e.region_id,
                    "attempt": attempt,
                    "idempotency_key": f"ent-{e.pk}:{attempt}",
                    "content_hash": _content_hash(e, e.amount, account),
                    "reference": reference,
                    "amount": e.amount,
                    "payee": payee,
                    "bank_name": e.bank_name,
                    # sealed once each; the lookup hash is the entitlement's (same account)
                    "bank_account": seal(account) if account else "",
                    "bank_account_hash": e.bank_account_hash,
                    "status": pending,
                    "created_at": now,
                }
            )
        )
        made.append(Instruction(payee, e.bank_name, account, e.amount, reference))
    try:
        with transaction.atomic():
            insert.write(rows)
    except IntegrityError:
        raise SubsidyError("同一支付指令号已被使用，或该补贴已在支付中，拒绝执行。") from None
    _mark_paying([e.pk for e in entitlements], now)
    return made


def _mark_paying(ids: list[int], now) -> None:
    """The batch's entitlements move on to "paying": on PostgreSQL one UPDATE over an array of
    their ids (exact: the rows just locked and paid, no join against the fresh payments whose
    statistics the planner does not know yet); elsewhere the ORM in chunks."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Entitlement._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET status = %s, updated_at = %s WHERE id = ANY(%s)",  # noqa: S608
                [S.PAYING, now, ids],
            )
        return
    for start in range(0, len(ids), 900):
        Entitlement._base_manager.filter(pk__in=ids[start : start + 900]).update(
            status=S.PAYING, updated_at=now
        )


def _csv(payments) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(BANK_HEADER)
    for p in payments:
        writer.writerow([p.payee, p.bank_name, p.bank_account, f"{p.amount:.2f}", p.reference])
    return out.getvalue()


def may_take_bank_file(user) -> bool:
    return bool(
        user.can_write
        and user.may_see_personal_data
        and (user.is_superuser or user.level in ("county", "city"))
    )


@audited
def take_bank_file(batch: PaymentBatch, *, by, fmt: str = "csv", request=None) -> tuple[bytes, str]:
    """The bank file, once, to a county or city user who may see personal data; then deleted."""
    action = "subsidies.batch.downloaded"
    if not may_take_bank_file(by):
        _refuse(
            action,
            "只有可查看完整个人信息的县（区）或市级工作人员可以下载银行文件。",
            by=by,
            request=request,
            obj=batch,
        )
    with transaction.atomic():
        batch = PaymentBatch._base_manager.select_for_update().get(pk=batch.pk)
        if batch.downloaded_at or not batch.bank_file:
            _refuse(action, "银行文件已下载过，不能再次下载。", by=by, request=request, obj=batch)
        text = decrypt(batch.bank_file)
        batch.bank_file, batch.downloaded_at, batch.downloaded_by = "", timezone.now(), by
        batch.status = PaymentBatch.Status.SENT
        batch.save(update_fields=["bank_file", "downloaded_at", "downloaded_by", "status"])
        log_action(action, request=request, actor=by, obj=batch, detail={"format": fmt})
    if fmt == "xlsx":
        rows = list(csv.reader(io.StringIO(text)))
        return workbook_bytes(rows[1:], header=rows[0], sheet_name="付款"), f"batch-{batch.pk}.xlsx"
    return ("\ufeff" + text).encode(), f"batch-{batch.pk}.csv"


@dataclass
class ReturnReport:
    paid: int = 0
    failed: int = 0
    unchanged: int = 0
    unknown: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.errors


FAILED_TEMPLATE = "subsidy_payment_failed"


@audited
def import_return(batch: PaymentBatch, content: bytes, *, by, request=None) -> ReturnReport:
    """The bank's return file (业务参考号, 结果 成功/失败, 原因代码): all rows checked first; an unknown
    reference or a bad row changes nothing; a row already applied is unchanged (a second import
    of the same file changes nothing)."""
    check_writer(by, "subsidies.write.refused", request=request, obj=batch)
    report = ReturnReport()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append("文件应是 UTF-8 编码的 CSV。")
        return report
    rows = list(csv.reader(io.StringIO(text)))
    if rows and rows[0] and not rows[0][0].startswith("HW"):
        rows = rows[1:]  # the header
    with transaction.atomic():
        payments = {
            p.reference: p for p in Payment._base_manager.select_for_update().filter(batch=batch)
        }
        plan = []
        for number, row in enumerate(rows, 2):
            if not any(cell.strip() for cell in row):
                continue
            reference = row[0].strip()
            result = (row[1].strip() if len(row) > 1 else "").lower()
            code = row[2].strip() if len(row) > 2 else ""
            payment = payments.get(reference)
            if payment is None:
                report.unknown.append(reference)
                continue
            target = {"成功": "paid", "paid": "paid", "失败": "failed", "failed": "failed"}.get(
                result
            )
            if target is None:
                report.errors.append(f"第 {number} 行：结果应是“成功”或“失败”。")
            elif target == "failed" and not code:
                report.errors.append(f"第 {number} 行：失败的付款应有原因代码。")
            elif payment.status == target:
                report.unchanged += 1
            elif payment.status != Payment.Status.PENDING:
                report.errors.append(
                    f"第 {number} 行：{reference} 已是“{payment.get_status_display()}”，与本文件不符。"
                )
            else:
                plan.append((payment, target, code))
        if not report.ok:
            log_action(
                "subsidies.batch.return_refused",
                request=request,
                actor=by,
                obj=batch,
                result=Result.REFUSED,
                detail={"unknown": len(report.unknown), "errors": len(report.errors)},
            )
            return report
        now = timezone.now()
        failed = []
        for payment, target, code in plan:
            payment.status, payment.failure_code, payment.settled_at = target, code[:20], now
            payment.save(update_fields=["status", "failure_code", "settled_at"])
            entitlement = Entitlement._base_manager.select_for_update().get(
                pk=payment.entitlement_id
            )
            entitlement.status = S.PAID if target == "paid" else S.FAILED
            entitlement.save(update_fields=["status", "updated_at"])
            if target == "paid":
                report.paid += 1
            else:
                report.failed += 1
                failed.append(payment.pk)
        if plan:
            batch.status = PaymentBatch.Status.RETURNED
            batch.save(update_fields=["status"])
        log_action(
            "subsidies.batch.returned",
            request=request,
            actor=by,
            obj=batch,
            detail={"paid": report.paid, "failed": report.failed, "unchanged": report.unchanged},
        )
        transaction.on_commit(lambda: [_tell_failed(pk) for pk in failed])
    return report


def _tell_failed(payment_pk: int) -> None:
    payment = Payment._base_manager.select_related("entitlement__worker").get(pk=payment_pk)
    worker = payment.entitlement.worker
    if worker is None:
        return
    text = f"您的补贴（{payment.amount} 元）未能转入银行卡（原因代码 {payment.failure_code}），请登录平台更正银行卡号。"
    for channel in ("inapp", "sms"):
        if channel == "sms" and not worker.phone:
            continue
        send(
            OutgoingMessage(
                channel=channel,
                phone=worker.phone if channel == "sms" else "",
                key=f"subsidy-failed-{payment.pk}:{channel}",
                template=FAILED_TEMPLATE,
                params=(f"{payment.amount}", payment.failure_code),
                text=text,
                worker_id=worker.pk,
                region=worker.region_id,
            )
        )


@audited
def correct_account(
    entitlement, *, bank_name: str, bank_account: str, by=None, request=None
) -> Entitlement:
    """A failed payment's account corrected (by the worker or staff): reissued in a later batch."""
    check_writer(by, "subsidies.write.refused", request=request, obj=entitlement)
    number = _check_account(bank_name, bank_account)
    with transaction.atomic():
        entitlement = _locked(entitlement)
        if entitlement.status != S.FAILED:
            _refuse(
                "subsidies.entitlement.account_corrected",
                "只有支付失败的补贴需要更正账户。",
                by=by,
                request=request,
                obj=entitlement,
            )
        entitlement.bank_name, entitlement.bank_account = bank_name.strip(), number
        entitlement.status = S.READY
        entitlement.save(
            update_fields=["bank_name", "bank_account", "bank_account_hash", "status", "updated_at"]
        )
        _decision(entitlement, Decision.Action.ACCOUNT, by=by)
        log_action(
            "subsidies.entitlement.account_corrected", request=request, actor=by, obj=entitlement
        )
    return entitlement


def reconcile(batch: PaymentBatch) -> dict:
    """approved (the batch's instructions) = paid + failed-pending + cancelled + still at the bank."""
    rows = Payment._base_manager.filter(batch=batch)
    out = {
        "approved": rows.count(),
        "approved_amount": rows.aggregate(s=Sum("amount"))["s"] or Decimal(0),
    }
    for status in Payment.Status:
        part = rows.filter(status=status)
        out[status.value] = part.count()
        out[f"{status.value}_amount"] = part.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    out["balanced"] = out["approved"] == sum(out[s.value] for s in Payment.Status)
    return out


@audited
def cancel_payment(payment: Payment, *, reason: str, by, request=None) -> Payment:
    """A payment instruction cancelled before its bank file is taken (with the reason): the
    instruction stays in its batch as cancelled (approved = paid + failed + cancelled + at the
    bank), the entitlement is cancelled and frees its budget, the bank file is written again
    without it."""
    action = "subsidies.payment.cancelled"
    check_writer(by, "subsidies.write.refused", request=request, obj=payment)
    if not (by.is_superuser or by.level in ("county", "city")):
        _refuse(
            action,
            "只有县（区）或市级工作人员可以取消支付指令。",
            by=by,
            request=request,
            obj=payment,
        )
    if not reason.strip():
        _refuse(
            action,
            "取消支付指令时请写明原因。",
            by=by,
            request=request,
            obj=payment,
            field="reason",
        )
    with transaction.atomic():
        batch = PaymentBatch._base_manager.select_for_update().get(pk=payment.batch_id)
        payment = Payment._base_manager.select_for_update().get(pk=payment.pk)
        if payment.status != Payment.Status.PENDING:
            _refuse(action, "只有待支付的指令可以取消。", by=by, request=request, obj=payment)
        if batch.downloaded_at:
            _refuse(
                action,
                "银行文件已交银行，不能再取消这条指令；请等银行回盘后处理。",
                by=by,
                request=request,
                obj=payment,
            )
        payment.status, payment.cancel_reason = Payment.Status.CANCELLED, reason.strip()[:300]
        payment.settled_at = timezone.now()
        payment.save(update_fields=["status", "cancel_reason", "settled_at"])
        entitlement = _locked(payment.entitlement)
        entitlement.status, entitlement.reason = S.CANCELLED, payment.cancel_reason
        entitlement.save(update_fields=["status", "reason", "updated_at"])
        _decision(entitlement, Decision.Action.CANCELLED, by=by, reason=payment.cancel_reason)
        live = Payment._base_manager.filter(batch=batch, status=Payment.Status.PENDING)
        batch.bank_file = encrypt(_csv(live.order_by("pk")))
        batch.save(update_fields=["bank_file"])
        log_action(action, request=request, actor=by, obj=payment, detail={"batch": batch.pk})
    return payment


def view_evidence(evidence: Evidence, *, by, request=None) -> Evidence:
    """A piece of evidence opened in full on the staff pages: audited each time."""
    log_action("subsidies.evidence.viewed", request=request, actor=by, obj=evidence)
    return evidence


# ---------------------------------------------------------------- inviting candidates

# The invitation's own text and SMS provider template (not the job push: it names no jobs, and
# goes to every listed person whether or not a job matches them); the provider's approved
# "subsidy_invite" takes (name, link), the link landing on the person's page of the policy.
INVITE_TEMPLATE = (
    "{name}，您可能符合“%s”的条件，可在农民工服务平台“我的-补贴”中申请：{link} 回T退订"
)
INVITE_SMS = "subsidy_invite"


@audited
def invite_candidates(policy: Policy, *, by, channel: str = "sms", only=None, request=None):
    """A push campaign (homeward.campaigns) to the listed candidates of `policy` in the user's
    area: created by `campaigns.lifecycle.create_campaign`, its deliveries written for exactly
    these people (with the campaign's own skip reasons: no consent, no phone, weekly cap) and
    sent by the campaign's batch tasks. `only`: worker ids — just those of the listed candidates
    (refused when none of them is listed). Returns (campaign, queued, skipped)."""
    from homeward.campaigns import lifecycle
    from homeward.campaigns.audience import candidates as campaign_people
    from homeward.campaigns.models import Campaign
    from homeward.scoping import area_of

    action = "subsidies.candidates.invited"
    check_writer(by, "subsidies.write.refused", request=request, obj=policy)
    area = area_of(by) or policy.region_id
    listed = set(
        Candidate.objects.in_area(area)
        .filter(version__policy=policy)
        .values_list("worker_id", flat=True)
    )
    if only is not None:
        listed &= set(only)
    if not listed:
        _refuse(action, "本政策没有待邀请的可能符合条件的人。", by=by, request=request, obj=policy)
    if channel not in ("sms", "inapp", "wechat"):
        raise ValueError(channel)
    campaign = lifecycle.create_campaign(
        by=by,
        region_code=area,
        data={
            "name": f"补贴邀请：{policy.name}"[:100],
            "channel": channel,
            "template": INVITE_TEMPLATE % policy.name,
            "sms_template": INVITE_SMS,
        },
        request=request,
    )
    now = timezone.now()
    with transaction.atomic():
        current = Campaign._base_manager.select_for_update().get(pk=campaign.pk)
        people = [c for c in campaign_people(current, now=now) if c.id in listed]
        lifecycle._insert_deliveries(current, people)
        queued = sum(1 for c in people if not c.skip)
        current.status = Campaign.Status.SENDING if queued else Campaign.Status.DONE
        current.started_at = now
        current.finished_at = None if queued else now
        current.watch_token = secrets.token_hex(16) if queued else ""
        current.save(update_fields=["status", "started_at", "finished_at", "watch_token"])
        Invitation(campaign=current, policy=policy, region_id=area).save()
        log_action(
            action,
            request=request,
            actor=by,
            obj=policy,
            detail={"campaign": current.pk, "queued": queued, "skipped": len(people) - queued},
        )
        if queued:
            token = current.watch_token
            transaction.on_commit(lambda: lifecycle.enqueue_batches(current.pk, queued, token))
    return current, queued, len(people) - queued


@dataclass
class InvitationRow:
    """One invitation with its people, each figure counted from the campaign's deliveries."""

    invitation: Invitation
    invited: int = 0
    sent: int = 0
    skipped: int = 0
    opened: int = 0
    applied: int = 0


INVITED_SHOWN = {
    "sent": Q(status__in=["sent", "delivered"]),
    "skipped": Q(status="skipped"),
    "opened": Q(clicked_at__isnull=False),
    "applied": Q(applied=True),
}


def _deliveries_of(campaign_ids):
    """The deliveries of invitation campaigns the viewer may see (scoped: the people of their
    area), each annotated `applied`: the person applied for the invitation's policy since."""
    from django.db.models import Exists, OuterRef

    from homeward.campaigns.models import Delivery

    invitation = "campaign__subsidy_invitation__"
    since = Entitlement.objects.filter(
        worker_id=OuterRef("worker_id"),
        policy_id=OuterRef(invitation + "policy_id"),
        created_at__gte=OuterRef(invitation + "created_at"),
    )
    return Delivery.objects.filter(campaign_id__in=campaign_ids).annotate(applied=Exists(since))


def invited_people(invitation: Invitation, show: str = ""):
    """The people an invitation invited (its deliveries the viewer may see), or those of one of
    its figures (`show`: sent, skipped, opened, applied)."""
    people = _deliveries_of([invitation.campaign_id]).select_related("worker", "region")
    if show in INVITED_SHOWN:
        people = people.filter(INVITED_SHOWN[show])
    return people.order_by("pk")


def invitations_of(
    policy: Policy | None = None, *, limit: int = 50, pk: int | None = None
) -> list[InvitationRow]:
    """The subsidy invitations the viewer's area holds (scoped), newest first, of `policy` or of
    every policy (or the one `pk`): how many were invited, sent, skipped, opened the link,
    applied since — each figure the count of the people `invited_people(…, show)` lists, all
    counted in one grouped query."""
    from django.db.models import Count

    invitations = Invitation.objects.select_related("policy", "campaign").order_by(
        "-created_at", "-pk"
    )
    if policy is not None:
        invitations = invitations.filter(policy=policy)
    if pk is not None:
        invitations = invitations.filter(pk=pk)
    invitations = list(invitations[:limit])
    counts = {
        row.pop("campaign_id"): row
        for row in _deliveries_of([i.campaign_id for i in invitations])
        .order_by()
        .values("campaign_id")
        .annotate(
            invited=Count("pk"),
            **{name: Count("pk", filter=q) for name, q in INVITED_SHOWN.items()},
        )
    }
    return [InvitationRow(i, **counts.get(i.campaign_id, {})) for i in invitations]


def invited_policy(campaign_id: int) -> Policy | None:
    """The policy a campaign invited its people to apply for (None: not a subsidy invitation).
    Read on the base manager: the portal's personal link has no area, its token is the key."""
    invitation = (
        Invitation._base_manager.select_related("policy").filter(campaign_id=campaign_id).first()
    )
    return invitation.policy if invitation else None


# ---------------------------------------------------------------- one person's scan


def scan_person(worker_id: int, *, today: date | None = None) -> int:
    """The candidates of one person, found again after an event that matters (a hire, a
    follow-up, a certificate): the background task of `signals`. Returns how many listed."""
    from homeward.scoping import area_scope
    from homeward.workers.models import Worker

    today = today or timezone.localdate()
    worker = Worker._base_manager.filter(pk=worker_id).first()
    if worker is None:
        return 0
    versions = _scanned_versions(today, lambda region: covers(region, worker.region_id))
    with area_scope(worker.region_id), transaction.atomic():
        Candidate._base_manager.filter(worker_id=worker.pk).delete()
        rows = _candidates_of([worker], versions, today)
        Candidate._base_manager.bulk_create(rows)
    return len(rows)
