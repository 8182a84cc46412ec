"""The writes of a labour dispute, one named function per step.

Each is atomic, checks the case's stage, writes its audit row (`disputes.…`), saves only the
fields it changes, and refuses with a Chinese `DisputeError` (audited as refused) what the law
or the case's state does not allow. Deadlines come from `deadlines.py` on the platform calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import minimum_wage, uscc
from homeward.codes import phone as phone_codes
from homeward.outreach.gateways import OutgoingMessage, send
from homeward.regions.codes import is_code, level_of, province_of
from homeward.scoping import area_scope

from . import awards, deadlines, documents, simple
from .holidays import platform_calendar
from .models import (
    AGENTS_PER_PARTY,
    AVERAGE_WAGE,
    EMPLOYER_AGENT_KINDS,
    EVIDENCE_BYTES,
    OPEN_ARBITRATION,
    AgentKind,
    AidDecision,
    Arbitrator,
    AverageWage,
    Claim,
    ClaimKind,
    Commission,
    DayKind,
    Dispute,
    Document,
    DocumentKind,
    Evidence,
    HearingMode,
    HolidayDay,
    HolidayYear,
    LegalAid,
    Mediation,
    MediationOutcome,
    MediationReview,
    MediatorKind,
    Party,
    PartyRole,
    Procedure,
    ReviewOutcome,
    Service,
    ServiceMethod,
    Stage,
    Suspension,
    TribunalSeat,
)

COLLECTIVE_SIZE = 10  # 规则 art. 5: 10 workers or more
REPRESENTATIVES = (3, 5)


class DisputeError(ValueError):
    """A step refused for a reason a person can read; `field` names the form field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _refuse(message: str, action: str, *, by=None, request=None, obj=None, field=None):
    log_action(
        action,
        request=request,
        actor=by,
        obj=obj,
        result=Result.REFUSED,
        detail={"reason": message},
    )
    raise DisputeError(message, field=field)


def _refuser(action: str, *, by=None, request=None, obj=None):
    """`_refuse` with the step's action and audit context bound (for steps that refuse often)."""

    def refuse(message: str, *, field: str | None = None):
        _refuse(message, action, by=by, request=request, obj=obj, field=field)

    return refuse


def _check_writer(by, *, request=None, obj=None) -> None:
    if by is not None and not by.can_write:
        log_action(
            "disputes.write.refused", request=request, actor=by, obj=obj, result=Result.REFUSED
        )
        raise PermissionDenied


def _stage(dispute: Dispute, allowed, action: str, *, by=None, request=None) -> None:
    if dispute.stage not in allowed:
        _refuse(
            f"案件当前为“{dispute.get_stage_display()}”，不能进行此操作。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )


def _fmt(day: date | None) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日" if day else ""


def _yuan(amount) -> str:
    return f"{Decimal(amount):,.2f}"


# ---- filing ----


@dataclass
class ClaimLine:
    kind: str
    amount: Decimal


@dataclass
class Filing:
    dispute: Dispute
    limitation_warning: str  # empty when the claim is within the limitation period


def _next_number(commission: Commission, year: int) -> int:
    Commission.objects.select_for_update().filter(pk=commission.pk).first()
    top = Dispute.objects.filter(commission=commission, year=year).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def limitation_warning(known_on: date | None, filed_on: date, interruptions=()) -> str:
    if known_on is None:
        return ""
    ends = deadlines.limitation_ends(known_on, interruptions)
    if filed_on > ends:
        return (
            f"提示：申请时效为一年，自知道权利被侵害之日（{_fmt(known_on)}）起算，已于 {_fmt(ends)}"
            "届满；如有中断事由（提出请求、投诉、用人单位同意履行）请记录。是否受理由仲裁委审查，"
            "系统不拒绝申请。"
        )
    return ""


def file_dispute(
    *,
    commission: Commission,
    worker,
    employer_name: str,
    facts: str,
    claims: list[ClaimLine],
    source: str,
    employer=None,
    employer_uscc: str = "",
    known_on: date | None = None,
    interrupted_on: date | None = None,
    interruption: str = "",
    filed_on: date | None = None,
    co_workers=(),
    representatives=(),
    transferred_from: str = "",
    by=None,
    request=None,
) -> Filing:
    """A dispute filed by a worker (portal), by staff at the window, or transferred from a wage
    case. `co_workers` are the other workers of a collective case (10+ with 3–5
    `representatives` among all of them); agents are added with `add_agent` and their
    authorisation."""
    _check_writer(by, request=request)
    action = "disputes.dispute.filed"
    filed_on = filed_on or timezone.localdate()
    if not claims:
        _refuse("请至少填写一项仲裁请求。", action, by=by, request=request, field="claims")
    for line in claims:
        if line.kind not in ClaimKind.values:
            _refuse(f"未知的请求类型：{line.kind}", action, by=by, request=request, field="claims")
        if not Decimal(0) <= Decimal(line.amount) <= Decimal(100_000_000):
            _refuse(
                "请求金额应在 0 到 1 亿元之间。", action, by=by, request=request, field="claims"
            )
    if employer is None:
        if not employer_name.strip():
            _refuse(
                "请填写被申请人（用人单位）名称。",
                action,
                by=by,
                request=request,
                field="employer_name",
            )
        if employer_uscc:
            try:
                employer_uscc = uscc.parse(employer_uscc).code
            except uscc.InvalidUscc as error:
                _refuse(
                    f"统一社会信用代码有误：{error.reason}",
                    action,
                    by=by,
                    request=request,
                    field="employer_uscc",
                )
    else:
        employer_name, employer_uscc = employer.name, employer.uscc
    workers = [worker, *[w for w in co_workers if w.pk != worker.pk]]
    collective = len(workers) >= COLLECTIVE_SIZE
    chosen = {w.pk for w in representatives}
    if collective and not REPRESENTATIVES[0] <= len(chosen) <= REPRESENTATIVES[1]:
        _refuse(
            f"集体劳动争议（{len(workers)} 人）应推举 3 至 5 名代表参加仲裁活动。",
            action,
            by=by,
            request=request,
            field="representatives",
        )
    if chosen - {w.pk for w in workers}:
        _refuse("代表应为本案的申请人。", action, by=by, request=request, field="representatives")
    interruption = (interruption or "").strip()[:200]
    if interrupted_on is not None:
        if known_on is None or not known_on <= interrupted_on <= filed_on:
            _refuse(
                "时效中断日期应在知道权利被侵害之日与申请日之间。",
                action,
                by=by,
                request=request,
                field="interrupted_on",
            )
        if not interruption:
            _refuse(
                "请写明时效中断的事由（提出请求、投诉或用人单位同意履行）。",
                action,
                by=by,
                request=request,
                field="interruption",
            )
    warning = limitation_warning(known_on, filed_on, [interrupted_on] if interrupted_on else [])
    with transaction.atomic():
        dispute = Dispute(
            commission=commission,
            year=filed_on.year,
            number=_next_number(commission, filed_on.year),
            source=source,
            worker=worker,
            employer=employer,
            employer_name=employer_name.strip(),
            employer_uscc=employer_uscc,
            facts=facts.strip(),
            transferred_from=transferred_from,
            is_collective=collective,
            is_sole_arbitrator=not collective,
            filed_on=filed_on,
            known_on=known_on,
            interrupted_on=interrupted_on,
            interruption=interruption if interrupted_on else "",
            limitation_warning=bool(warning),
            filed_by=by,
        )
        dispute.full_clean(exclude=["worker", "employer", "commission"])
        dispute.save()
        for each in workers:
            Party.objects.create(
                dispute=dispute,
                role=PartyRole.APPLICANT,
                worker=each,
                name=each.name,
                is_representative=each.pk in chosen,
            )
        Party.objects.create(
            dispute=dispute,
            role=PartyRole.RESPONDENT,
            employer=employer,
            name=dispute.employer_name,
        )
        Claim.objects.bulk_create(
            [Claim(dispute=dispute, kind=c.kind, amount=Decimal(c.amount)) for c in claims]
        )
        _make_document(dispute, DocumentKind.APPLICATION, by=by)
        log_action(
            action,
            request=request,
            actor=by,
            obj=dispute,
            detail={"source": source, "claims": len(claims), "workers": len(workers)},
        )
    return Filing(dispute, warning)


def transfer_clue(clue, *, commission: Commission, on: date | None = None, by, request=None):
    """A wage-arrears clue (欠薪线索, homeward/wages) transferred to arbitration with its facts:
    a dispute filed for the clue's worker against its employer, claiming the wages still unpaid
    (claimed less recovered), the facts and the unpaid period copied, `transferred_from` the
    clue's number; the clue moves to "transferred to arbitration" (the worker is told) in the
    same transaction. Refused, nothing written, when the clue cannot move there (received,
    closed, already transferred), when the commission's area does not cover the clue's, or when
    nothing is left unpaid."""
    from homeward.regions.codes import covers
    from homeward.wages import services as wages_services
    from homeward.wages.models import CLUE_MOVES, ClueState

    action = "disputes.transfer.refused"
    _check_writer(by, request=request, obj=clue)
    refuse = _refuser(action, by=by, request=request, obj=clue)
    if ClueState.ARBITRATION not in CLUE_MOVES.get(clue.state, set()):
        refuse(f"该欠薪线索当前为“{clue.get_state_display()}”，不能移送仲裁。")
    if not covers(commission.region_id, clue.region_id):
        refuse("所选仲裁委员会不管辖该线索所在地区。", field="commission")
    if clue.employer is None and clue.project is None:
        refuse("该线索未登记用人单位或项目，请在窗口立案并填写被申请人。")
    unpaid = clue.amount_claimed - (clue.amount_recovered or Decimal(0))
    if unpaid <= 0:
        refuse("该线索的欠薪已全部追回，无需移送仲裁。")
    period = ""
    if clue.period_from or clue.period_to:
        period = f"欠薪期间：{_fmt(clue.period_from)}至{_fmt(clue.period_to)}。"
    facts = f"由欠薪线索 {clue.number} 移送。{period}{clue.description}".strip()[:5000]
    with transaction.atomic():
        filing = file_dispute(
            commission=commission,
            worker=clue.worker,
            employer=clue.employer,
            employer_name="" if clue.employer else (clue.project.name if clue.project else ""),
            facts=facts,
            claims=[ClaimLine("wages", unpaid)],
            source="wage_case",
            transferred_from=clue.number,
            filed_on=on,
            by=by,
            request=request,
        )
        try:
            wages_services.move_clue(clue, ClueState.ARBITRATION, by=by, request=request)
        except wages_services.WageError as error:
            raise DisputeError(str(error)) from error
        log_action(
            "disputes.dispute.transferred",
            request=request,
            actor=by,
            obj=filing.dispute,
            detail={"clue": clue.number, "unpaid": str(unpaid)},
        )
    return filing


# ---- mediation ----


def mediation_ends(mediation: Mediation) -> date:
    return deadlines.period_end(mediation.started_on, deadlines.MEDIATION_DAYS, platform_calendar())


def start_mediation(
    dispute,
    *,
    mediator_kind,
    mode,
    mediator_name,
    started_on,
    by,
    request=None,
    mediator: Arbitrator | None = None,
) -> Mediation:
    """A mediation opened; `mediator`, a commission's arbitrator or mediator on the platform,
    is then assigned the case (they see it, assignments.py), unless linked to a party."""
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.FILED,), "disputes.mediation.refused", by=by, request=request)
    if mediator is not None:
        if mediator.commission_id != dispute.commission_id:
            _refuse(
                "调解员不属于本案的仲裁委。",
                "disputes.mediation.refused",
                by=by,
                request=request,
                obj=dispute,
            )
        if _linked(mediator, dispute):
            _refuse(
                f"调解员 {mediator.name} 与本案当事人有利害关系，应当回避。",
                "disputes.mediation.refused",
                by=by,
                request=request,
                obj=dispute,
            )
        mediator_name = mediator_name or mediator.name
    with transaction.atomic():
        mediation = Mediation.objects.create(
            dispute=dispute,
            mediator_kind=mediator_kind,
            mode=mode,
            mediator_name=mediator_name,
            mediator=mediator,
            started_on=started_on,
        )
        dispute.stage = Stage.MEDIATING
        dispute.save(update_fields=["stage"])
        log_action("disputes.mediation.started", request=request, actor=by, obj=dispute)
    return mediation


def _open_mediation(dispute) -> Mediation:
    mediation = dispute.mediations.filter(outcome=MediationOutcome.OPEN).first()
    if mediation is None:
        raise DisputeError("本案没有进行中的调解。")
    return mediation


def record_mediation_agreement(dispute, *, on, amount, terms, by, request=None) -> Mediation:
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.MEDIATING,), "disputes.mediation.refused", by=by, request=request)
    mediation = _open_mediation(dispute)
    if on < mediation.started_on:
        _refuse(
            "调解协议日期不能早于调解申请日期。",
            "disputes.mediation.refused",
            by=by,
            request=request,
            obj=dispute,
        )
    with transaction.atomic():
        mediation.outcome = MediationOutcome.AGREED
        mediation.closed_on = on
        mediation.agreed_amount = Decimal(amount)
        mediation.terms = terms
        mediation.save(update_fields=["outcome", "closed_on", "agreed_amount", "terms"])
        dispute.stage = Stage.MEDIATED
        dispute.closed_on = on
        dispute.amount_recovered = Decimal(amount)
        dispute.save(update_fields=["stage", "closed_on", "amount_recovered"])
        _make_document(dispute, DocumentKind.MEDIATION, by=by, mediation=mediation)
        log_action("disputes.mediation.agreed", request=request, actor=by, obj=dispute)
    return mediation


def record_mediation_failure(
    dispute, *, on, by, request=None, party_declined: bool = False
) -> Mediation:
    """No agreement: after the 15 days (法 art. 14), or earlier when a party declines."""
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.MEDIATING,), "disputes.mediation.refused", by=by, request=request)
    mediation = _open_mediation(dispute)
    ends = mediation_ends(mediation)
    if on < ends and not party_declined:
        _refuse(
            f"调解期限至 {_fmt(ends)} 届满，期满前只有当事人明确拒绝调解时才能记录调解不成。",
            "disputes.mediation.refused",
            by=by,
            request=request,
            obj=dispute,
        )
    with transaction.atomic():
        mediation.outcome = MediationOutcome.FAILED
        mediation.closed_on = on
        mediation.save(update_fields=["outcome", "closed_on"])
        dispute.stage = Stage.FILED  # arbitration opens
        dispute.save(update_fields=["stage"])
        log_action("disputes.mediation.failed", request=request, actor=by, obj=dispute)
    return mediation


# ---- arbitration: application, completeness, acceptance ----


def apply_for_arbitration(dispute, *, received_on, missing: str = "", by, request=None) -> Dispute:
    """The application received; what is missing is listed in one notice, and the acceptance
    clock starts only when the application is complete (规则 art. 29)."""
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.FILED,), "disputes.application.refused", by=by, request=request)
    with transaction.atomic():
        dispute.received_on = received_on
        dispute.missing = missing.strip()
        dispute.complete_on = None if dispute.missing else received_on
        dispute.stage = Stage.INCOMPLETE if dispute.missing else Stage.APPLIED
        dispute.save(update_fields=["received_on", "missing", "complete_on", "stage"])
        log_action(
            "disputes.application.received",
            request=request,
            actor=by,
            obj=dispute,
            detail={"complete": not dispute.missing},
        )
    return dispute


def complete_application(dispute, *, on, by, request=None) -> Dispute:
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.INCOMPLETE,), "disputes.application.refused", by=by, request=request)
    if on < dispute.received_on:
        _refuse(
            "补正日期不能早于收到申请的日期。",
            "disputes.application.refused",
            by=by,
            request=request,
            obj=dispute,
        )
    with transaction.atomic():
        dispute.complete_on = on
        dispute.stage = Stage.APPLIED
        dispute.save(update_fields=["complete_on", "stage"])
        log_action("disputes.application.completed", request=request, actor=by, obj=dispute)
    return dispute


def average_wage_for(region_code: str, year: int) -> AverageWage | None:
    """The province's average annual wage of `year` for a case of `region_code` (None when not
    held). Reference data read from every area below the province on purpose (base manager):
    a county commission's case is measured by its province's figure."""
    return AverageWage._base_manager.filter(region_code=province_of(region_code), year=year).first()


def _limit(row: AverageWage | None) -> simple.Limit | None:
    if row is None:
        return None
    return simple.Limit(year=row.year, yuan=row.amount, source=row.source, verified=row.verified)


def simple_qualification(dispute, *, parties_agree: bool = False):
    """Whether the case may take the simple procedure (规则 art. 56), and why, measured against
    the province's average wage of the year before the application was received."""
    total = sum((c.amount for c in dispute.claims.all()), start=Decimal(0))
    received_year = (dispute.received_on or dispute.filed_on).year
    row = average_wage_for(dispute.commission.region_id, simple.limit_year(received_year))
    qualification = simple.qualifies(
        total,
        _limit(row),
        received_year,
        collective=dispute.is_collective,
        parties_agree=parties_agree,
    )
    return qualification, row


def accept_dispute(
    dispute, *, on, by, request=None, simple_procedure: bool = False, parties_agree: bool = False
) -> Dispute:
    """Accepted; with `simple_procedure` the commission decides the simple procedure (简易处理),
    refused when the case does not qualify by 规则 art. 56 (a collective case never does)."""
    action = "disputes.acceptance.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.APPLIED,), action, by=by, request=request)
    if on < dispute.complete_on:
        _refuse("受理日期不能早于申请材料齐全的日期。", action, by=by, request=request, obj=dispute)
    row = None
    if simple_procedure:
        qualification, row = simple_qualification(dispute, parties_agree=parties_agree)
        if not qualification.qualifies:
            _refuse(
                f"不能简易处理：{qualification.reason}",
                action,
                by=by,
                request=request,
                obj=dispute,
                field="simple_procedure",
            )
    with transaction.atomic():
        dispute.accepted_on = on
        dispute.clock_started_on = on
        dispute.stage = Stage.ACCEPTED
        dispute.procedure = Procedure.SIMPLE if simple_procedure else Procedure.ORDINARY
        # the figure the decision was measured against, with its amount as it stood then
        dispute.average_wage = row
        dispute.average_wage_amount = row.amount if row is not None else None
        dispute.save(
            update_fields=[
                "accepted_on",
                "clock_started_on",
                "stage",
                "procedure",
                "average_wage",
                "average_wage_amount",
            ]
        )
        _make_document(dispute, DocumentKind.ACCEPTANCE, by=by)
        _make_document(dispute, DocumentKind.EVIDENCE, by=by)
        log_action(
            "disputes.dispute.accepted",
            request=request,
            actor=by,
            obj=dispute,
            detail={
                "procedure": dispute.procedure,
                **(
                    {
                        "average_wage": {
                            "year": row.year,
                            "amount": str(row.amount),
                            "source": row.source,
                            "verified": row.verified,
                        }
                    }
                    if row is not None
                    else {}
                ),
            },
        )
    return dispute


def to_ordinary_procedure(dispute, *, reason: str, by, request=None) -> Dispute:
    """A simple case found unfit for it goes on under the ordinary procedure (规则 art. 61)."""
    action = "disputes.procedure.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, OPEN_ARBITRATION, action, by=by, request=request)
    if dispute.procedure != Procedure.SIMPLE:
        _refuse("本案未适用简易处理。", action, by=by, request=request, obj=dispute)
    if not reason.strip():
        _refuse("请写明转为一般程序的原因。", action, by=by, request=request, obj=dispute)
    with transaction.atomic():
        dispute.procedure = Procedure.ORDINARY
        dispute.save(update_fields=["procedure"])
        log_action(
            "disputes.procedure.ordinary",
            request=request,
            actor=by,
            obj=dispute,
            detail={"reason": reason.strip()},
        )
    return dispute


def refuse_dispute(dispute, *, on, reason: str, by, request=None) -> Dispute:
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.APPLIED,), "disputes.acceptance.refused", by=by, request=request)
    if not reason.strip():
        _refuse(
            "不予受理应当说明理由。",
            "disputes.acceptance.refused",
            by=by,
            request=request,
            obj=dispute,
            field="reason",
        )
    with transaction.atomic():
        dispute.refused_on = on
        dispute.refusal_reason = reason.strip()
        dispute.closed_on = on
        dispute.stage = Stage.REFUSED
        dispute.save(update_fields=["refused_on", "refusal_reason", "closed_on", "stage"])
        _make_document(dispute, DocumentKind.REFUSAL, by=by)
        log_action("disputes.dispute.refused", request=request, actor=by, obj=dispute)
    return dispute


WITHDRAWABLE = (
    Stage.FILED,
    Stage.INCOMPLETE,
    Stage.APPLIED,
    Stage.ACCEPTED,
    Stage.HEARING,
    Stage.SUSPENDED,
)


def withdraw_dispute(dispute, *, on, reason: str, by, request=None) -> Dispute:
    """The applicant withdraws the application (撤回申请; after acceptance the tribunal closes
    the case, 规则 art. 41): the case is closed on `on` with the reason, and counts as closed
    among the accepted cases (its award deadline met by the closure). Refused in mediation
    (the mediation is ended first) and once the case is closed."""
    action = "disputes.withdrawal.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, WITHDRAWABLE, action, by=by, request=request)
    refuse = _refuser(action, by=by, request=request, obj=dispute)
    reason = (reason or "").strip()
    if not reason:
        refuse("请写明撤回申请的原因。", field="reason")
    if on < dispute.filed_on:
        refuse(f"撤回日期不能早于立案日期（{_fmt(dispute.filed_on)}）。", field="on")
    with transaction.atomic():
        dispute.withdrawn_on = on
        dispute.withdrawal_reason = reason
        dispute.closed_on = on
        dispute.stage = Stage.WITHDRAWN
        dispute.save(update_fields=["withdrawn_on", "withdrawal_reason", "closed_on", "stage"])
        log_action(
            "disputes.dispute.withdrawn",
            request=request,
            actor=by,
            obj=dispute,
            detail={"accepted": dispute.accepted_on is not None},
        )
    return dispute


# ---- the tribunal and the hearing ----


def _linked(arbitrator: Arbitrator, dispute: Dispute) -> bool:
    employers = {p.employer_id for p in dispute.parties.all() if p.employer_id}
    workers = {p.worker_id for p in dispute.parties.all() if p.worker_id}
    return bool(
        arbitrator.linked_employers.filter(pk__in=employers).exists()
        or arbitrator.linked_workers.filter(pk__in=workers).exists()
    )


def form_tribunal(dispute, *, arbitrators, on, by, request=None) -> list[TribunalSeat]:
    """A sole arbitrator or three (the first presides); collective cases need three; an
    arbitrator linked to a party must withdraw (法 art. 33) and is refused."""
    action = "disputes.tribunal.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.ACCEPTED, Stage.HEARING), action, by=by, request=request)
    arbitrators = list(arbitrators)
    if len(arbitrators) not in (1, 3) or len({a.pk for a in arbitrators}) != len(arbitrators):
        _refuse(
            "仲裁庭由一名仲裁员独任或三名不同的仲裁员组成。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    if dispute.is_collective and len(arbitrators) != 3:
        _refuse(
            "集体劳动争议应由三名仲裁员组成仲裁庭。", action, by=by, request=request, obj=dispute
        )
    if dispute.procedure == Procedure.SIMPLE and len(arbitrators) != 1:
        _refuse("简易处理的案件由一名仲裁员独任仲裁。", action, by=by, request=request, obj=dispute)
    for arbitrator in arbitrators:
        if arbitrator.commission_id != dispute.commission_id:
            _refuse(
                f"{arbitrator.name}不是本仲裁委的仲裁员。",
                action,
                by=by,
                request=request,
                obj=dispute,
            )
        if _linked(arbitrator, dispute):
            _refuse(
                f"仲裁员{arbitrator.name}与本案当事人有利害关系，应当回避，不能组成仲裁庭。",
                action,
                by=by,
                request=request,
                obj=dispute,
            )
    with transaction.atomic():
        dispute.tribunal.all().delete()
        seats = [
            TribunalSeat.objects.create(dispute=dispute, arbitrator=a, is_presiding=index == 0)
            for index, a in enumerate(arbitrators)
        ]
        dispute.tribunal_on = on
        dispute.is_sole_arbitrator = len(arbitrators) == 1
        dispute.save(update_fields=["tribunal_on", "is_sole_arbitrator"])
        log_action("disputes.tribunal.formed", request=request, actor=by, obj=dispute)
    return seats


def _check_tribunal_fits(dispute, action, *, by, request) -> None:
    """A collective case needs three arbitrators, a simple one a sole arbitrator — also when an
    applicant joined after the tribunal was formed and made the case collective."""
    seats = dispute.tribunal.count()
    if dispute.is_collective and seats != 3:
        _refuse(
            "集体劳动争议应由三名仲裁员组成仲裁庭，请重新组成仲裁庭。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    if dispute.procedure == Procedure.SIMPLE and seats != 1:
        _refuse(
            "简易处理的案件由一名仲裁员独任仲裁，请重新组成仲裁庭。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )


def schedule_hearing(dispute, *, hearing_on, mode, place, notice_on, by, request=None) -> Dispute:
    """Hearing notice at least 5 working days ahead (法 art. 35), in a room or by video link."""
    action = "disputes.hearing.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.ACCEPTED, Stage.HEARING), action, by=by, request=request)
    if not dispute.tribunal.exists():
        _refuse("请先组成仲裁庭再安排开庭。", action, by=by, request=request, obj=dispute)
    _check_tribunal_fits(dispute, action, by=by, request=request)
    if mode not in HearingMode.values or not place.strip():
        _refuse(
            "请选择开庭方式并填写仲裁庭室或视频链接。",
            action,
            by=by,
            request=request,
            obj=dispute,
            field="place",
        )
    if dispute.procedure == Procedure.SIMPLE:
        # 规则 art. 60: a simple case's hearing date is set as the case needs, after the notice
        earliest = notice_on
    else:
        earliest = deadlines.period_end(
            notice_on, deadlines.HEARING_NOTICE_DAYS, platform_calendar()
        )
    if hearing_on < earliest and dispute.procedure == Procedure.SIMPLE:
        _refuse(
            "开庭日期不能早于通知日期。",
            action,
            by=by,
            request=request,
            obj=dispute,
            field="hearing_on",
        )
    if hearing_on < earliest:
        _refuse(
            f"开庭通知应在开庭 5 个工作日前送达；{_fmt(notice_on)}通知的，最早可定在 {_fmt(earliest)}。",
            action,
            by=by,
            request=request,
            obj=dispute,
            field="hearing_on",
        )
    with transaction.atomic():
        dispute.hearing_on = hearing_on
        dispute.hearing_notice_on = notice_on
        dispute.hearing_mode = mode
        dispute.hearing_place = place.strip()
        dispute.stage = Stage.HEARING
        dispute.save(
            update_fields=[
                "hearing_on",
                "hearing_notice_on",
                "hearing_mode",
                "hearing_place",
                "stage",
            ]
        )
        _make_document(dispute, DocumentKind.HEARING, by=by)
        log_action("disputes.hearing.scheduled", request=request, actor=by, obj=dispute)
    return dispute


# ---- the award clock: extension, suspension, restart ----


def award_limit(dispute, *, on: date | None = None) -> date:
    """The day the award is due (raises `deadlines.CalendarMissing` for a year with no calendar)."""
    suspensions = [(s.started_on, s.ended_on) for s in dispute.suspensions.all()]
    return deadlines.award_by(
        dispute.clock_started_on or dispute.accepted_on,
        platform_calendar(),
        extended=dispute.extended,
        suspensions=suspensions,
        on=on or timezone.localdate(),
    )


def extend_award_limit(dispute, *, by, request=None) -> Dispute:
    """Once, by 15 days, with the chair's approval (法 art. 43)."""
    action = "disputes.extension.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, OPEN_ARBITRATION, action, by=by, request=request)
    if dispute.commission.chair_id != by.pk:
        _refuse("延长裁决期限须经仲裁委员会主任批准。", action, by=by, request=request, obj=dispute)
    if dispute.extended:
        _refuse("裁决期限只能延长一次。", action, by=by, request=request, obj=dispute)
    with transaction.atomic():
        dispute.extended = True
        dispute.extension_approved_by = by
        dispute.save(update_fields=["extended", "extension_approved_by"])
        log_action("disputes.extension.approved", request=request, actor=by, obj=dispute)
    return dispute


def suspend_dispute(dispute, *, on, reason, by, request=None) -> Suspension:
    action = "disputes.suspension.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.ACCEPTED, Stage.HEARING), action, by=by, request=request)
    if not reason.strip():
        _refuse(
            "请写明中止审理的原因。", action, by=by, request=request, obj=dispute, field="reason"
        )
    with transaction.atomic():
        suspension = Suspension.objects.create(
            dispute=dispute, reason=reason.strip(), started_on=on
        )
        dispute.stage = Stage.SUSPENDED
        dispute.save(update_fields=["stage"])
        log_action("disputes.dispute.suspended", request=request, actor=by, obj=dispute)
    return suspension


def resume_dispute(dispute, *, on, by, request=None) -> Suspension:
    action = "disputes.suspension.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.SUSPENDED,), action, by=by, request=request)
    suspension = dispute.suspensions.filter(ended_on__isnull=True).first()
    if on < suspension.started_on:
        _refuse("恢复日期不能早于中止日期。", action, by=by, request=request, obj=dispute)
    with transaction.atomic():
        suspension.ended_on = on
        suspension.save(update_fields=["ended_on"])
        dispute.stage = Stage.HEARING if dispute.hearing_on else Stage.ACCEPTED
        dispute.save(update_fields=["stage"])
        log_action("disputes.dispute.resumed", request=request, actor=by, obj=dispute)
    return suspension


def restart_clock(dispute, *, on, reason, by, request=None) -> Dispute:
    """A party added, claims changed, a counter-claim or a transfer: the award period is
    counted again from `on` (规则 art. 46)."""
    action = "disputes.restart.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.ACCEPTED, Stage.HEARING), action, by=by, request=request)
    if on < (dispute.clock_started_on or dispute.accepted_on):
        _refuse("重新计算的起始日不能早于原起始日。", action, by=by, request=request, obj=dispute)
    with transaction.atomic():
        dispute.clock_started_on = on
        dispute.save(update_fields=["clock_started_on"])
        log_action(
            "disputes.clock.restarted",
            request=request,
            actor=by,
            obj=dispute,
            detail={"reason": reason},
        )
    return dispute


# ---- the award ----


def monthly_minimum(dispute, on: date):
    return minimum_wage.monthly(dispute.commission.region_id, on)


def issue_award(dispute, *, on, awarded: dict, by, request=None) -> list[Document]:
    """The award, item by item: final items (一裁终局) and the others in separate documents."""
    action = "disputes.award.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.ACCEPTED, Stage.HEARING), action, by=by, request=request)
    if not dispute.tribunal.exists():
        _refuse("仲裁庭尚未组成，不能作出裁决。", action, by=by, request=request, obj=dispute)
    _check_tribunal_fits(dispute, action, by=by, request=request)
    try:
        limit = award_limit(dispute, on=on)
    except deadlines.CalendarMissing as missing:
        _refuse(str(missing), action, by=by, request=request, obj=dispute)
    if on > limit and not dispute.extended:
        _refuse(
            f"已超过裁决期限（{_fmt(limit)}），且未经仲裁委员会主任批准延长，不能作出裁决。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    claims = list(dispute.claims.all())
    if set(awarded) != {c.pk for c in claims}:
        _refuse("请对每一项仲裁请求作出裁决。", action, by=by, request=request, obj=dispute)
    minimum = monthly_minimum(dispute, on)
    try:
        finals = awards.split([(c.kind, Decimal(awarded[c.pk])) for c in claims], minimum)
    except awards.MinimumWageMissing as missing:
        _refuse(str(missing), action, by=by, request=request, obj=dispute)
    made = []
    with transaction.atomic():
        for claim, final in zip(claims, finals, strict=True):
            claim.awarded = Decimal(awarded[claim.pk])
            claim.is_final = final
            claim.save(update_fields=["awarded", "is_final"])
        dispute.awarded_on = on
        dispute.closed_on = on
        dispute.stage = Stage.AWARDED
        dispute.amount_recovered = sum((c.awarded for c in claims), start=Decimal(0))
        dispute.save(update_fields=["awarded_on", "closed_on", "stage", "amount_recovered"])
        if any(finals):
            made.append(_make_document(dispute, DocumentKind.AWARD_FINAL, by=by, final=True))
        if not all(finals):
            made.append(_make_document(dispute, DocumentKind.AWARD, by=by, final=False))
        log_action(
            "disputes.award.issued",
            request=request,
            actor=by,
            obj=dispute,
            detail={"final_items": sum(finals), "items": len(finals), "late": on > limit},
        )
    return made


def appeal_windows(dispute) -> list[tuple[str, date]]:
    """After the award is served: the worker may sue in 15 days; against a final award the
    employer may ask the intermediate court to set it aside in 30 (法 arts. 48–50)."""
    cal = platform_calendar()
    windows = []
    for service in Service.objects.filter(
        document__dispute=dispute,
        document__kind__in=[DocumentKind.AWARD, DocumentKind.AWARD_FINAL],
        served_on__isnull=False,
    ).select_related("document", "party"):
        final = service.document.kind == DocumentKind.AWARD_FINAL
        employer = service.party.role == PartyRole.RESPONDENT
        days = (
            deadlines.EMPLOYER_SET_ASIDE_DAYS if final and employer else deadlines.WORKER_SUE_DAYS
        )
        label = (
            f"{service.party.name}申请撤销终局裁决"
            if final and employer
            else f"{service.party.name}向人民法院起诉"
        )
        try:
            windows.append((label, deadlines.period_end(service.served_on, days, cal)))
        except deadlines.CalendarMissing:
            continue
    return windows


# ---- documents and their service ----


def _context(dispute: Dispute, **extra) -> dict:
    claims = list(dispute.claims.all())
    applicants = [p.name for p in dispute.parties.all() if p.role == PartyRole.APPLICANT]
    tribunal = [
        f"{s.arbitrator.name}{'（首席）' if s.is_presiding and len(dispute.tribunal.all()) > 1 else ''}"
        for s in dispute.tribunal.select_related("arbitrator")
    ]
    try:
        award_by = _fmt(award_limit(dispute)) if dispute.accepted_on else ""
    except deadlines.CalendarMissing:
        award_by = "（节假日安排未录入，另行通知）"
    context = {
        "commission": dispute.commission.title,
        "case_number": dispute.case_number,
        "applicants": applicants,
        "agents": [
            f"{p.name}（{p.get_agent_kind_display()}，{p.principal.name}的代理人）"
            for p in dispute.parties.all()
            if p.role == PartyRole.AGENT and p.principal_id and p.is_acting
        ],
        "procedure": dispute.get_procedure_display(),
        "collective": dispute.is_collective,
        "employer": dispute.employer_name,
        "uscc": dispute.employer_uscc,
        "claims": [{"kind": c.get_kind_display(), "amount": _yuan(c.amount)} for c in claims],
        "total": _yuan(sum((c.amount for c in claims), start=Decimal(0))),
        "facts": dispute.facts,
        "filed_on": _fmt(dispute.filed_on),
        "accepted_on": _fmt(dispute.accepted_on),
        "award_by": award_by,
        "refused_on": _fmt(dispute.refused_on),
        "reason": dispute.refusal_reason,
        "hearing_on": _fmt(dispute.hearing_on),
        "hearing_mode": dispute.get_hearing_mode_display() if dispute.hearing_mode else "",
        "hearing_place": dispute.hearing_place,
        "tribunal": tribunal,
        "awarded_on": _fmt(dispute.awarded_on),
    }
    mediation = extra.pop("mediation", None)
    if mediation is not None:
        context.update(
            mediator=f"{mediation.get_mediator_kind_display()}{mediation.mediator_name}",
            terms=mediation.terms,
            amount=_yuan(mediation.agreed_amount or 0),
            closed_on=_fmt(mediation.closed_on),
        )
    review = extra.pop("review", None)
    if review is not None:
        context.update(
            applied_on=_fmt(review.applied_on),
            decided_on=_fmt(review.decided_on),
            reason=review.reason,
        )
    final = extra.pop("final", None)
    if final is not None:
        context["items"] = [
            {"kind": c.get_kind_display(), "awarded": _yuan(c.awarded or 0)}
            for c in claims
            if bool(c.is_final) == final
        ]
    return context


def _make_document(dispute, kind, *, by=None, **extra) -> Document:
    content = documents.render(kind, _context(dispute, **extra))
    document = Document.objects.create(dispute=dispute, kind=kind, content=content, created_by=by)
    log_action("disputes.document.created", actor=by, obj=dispute, detail={"kind": kind})
    return document


def serve_document(document, party, *, method, on, by, request=None) -> Service:
    """In person or by post: served that day. Electronically: sent that day, served when the
    party confirms receipt in the portal. A document is served on a party once."""
    action = "disputes.service.refused"
    dispute = document.dispute
    _check_writer(by, request=request, obj=dispute)
    if party.dispute_id != dispute.pk:
        _refuse("该当事人不属于本案。", action, by=by, request=request, obj=dispute)
    if method not in ServiceMethod.values:
        _refuse("请选择送达方式。", action, by=by, request=request, obj=dispute, field="method")
    if method == ServiceMethod.ELECTRONIC and not _can_sign_online(party):
        _refuse(
            "电子送达只适用于在平台上签收的劳动者或已开通单位账号的用人单位。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    if Service.objects.filter(document=document, party=party).exists():
        _refuse(
            f"{document.get_kind_display()}已向{party.name}送达，不能重复送达。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    electronic = method == ServiceMethod.ELECTRONIC
    try:
        with transaction.atomic():
            service = Service.objects.create(
                document=document,
                party=party,
                method=method,
                sent_on=on,
                served_on=None if electronic else on,
            )
            _served(service)
            log_action(
                "disputes.document.sent" if electronic else "disputes.document.served",
                request=request,
                actor=by,
                obj=dispute,
                detail={"kind": document.kind, "method": method},
            )
    except IntegrityError:
        _refuse(
            f"{document.get_kind_display()}已向{party.name}送达，不能重复送达。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    if electronic and party.worker_id is None:
        _notify_employer(party, document, service)
    elif electronic:
        worker = party.worker
        transaction.on_commit(
            lambda: send(
                OutgoingMessage(
                    channel="inapp",
                    text=f"您的劳动争议案件有一份{document.get_kind_display()}待签收，请在“我的案件”中查看并确认。",
                    worker_id=worker.pk,
                    key=f"disputes-service-{service.pk}",
                    region=worker.region_id,
                )
            )
        )
    return service


def _can_sign_online(party) -> bool:
    if party.worker_id is not None:
        return True
    if party.role != PartyRole.RESPONDENT or party.employer_id is None:
        return False
    from homeward.employers.models import EmployerUser

    return EmployerUser._base_manager.filter(employer_id=party.employer_id, is_active=True).exists()


def _notify_employer(party, document, service) -> None:
    """An SMS to each active user of the employer: a document waits on the employer portal."""
    from homeward.employers.models import EmployerUser

    users = list(EmployerUser._base_manager.filter(employer_id=party.employer_id, is_active=True))
    region = party.dispute.commission.region_id
    text = (
        f"贵单位有一份劳动争议案件{document.get_kind_display()}待签收，"
        "请登录用人单位服务平台“劳动争议”查看并确认。"
    )

    def deliver():
        for user in users:
            send(
                OutgoingMessage(
                    channel="sms",
                    text=text,
                    phone=user.phone,
                    key=f"disputes-service-{service.pk}-employer-{user.pk}",
                    region=region,
                )
            )

    transaction.on_commit(deliver)


def _served(service: Service) -> None:
    """A service that took effect moves the dates that run from it."""
    if service.served_on is None:
        return
    document, dispute = service.document, service.document.dispute
    if document.kind == DocumentKind.APPLICATION and service.party.role == PartyRole.RESPONDENT:
        dispute.copy_served_on = service.served_on
        dispute.save(update_fields=["copy_served_on"])


def open_document(service, *, worker=None, employer_user=None, request=None) -> Service:
    """The party (a worker, or the respondent employer's user) opened the document in the
    portal (the first time is recorded)."""
    check_receiver(service, worker, employer_user=employer_user, request=request)
    if service.opened_at is None:
        service.opened_at = timezone.now()
        service.save(update_fields=["opened_at"])
    log_action(
        "disputes.document.opened", request=request, obj=service.document.dispute, actor=None
    )
    return service


def confirm_receipt(
    service, *, worker=None, employer_user=None, device: str, request=None
) -> Service:
    """The party confirms receipt in the portal: served that day, with time and device (and,
    for an employer, which of its users signed)."""
    check_receiver(service, worker, employer_user=employer_user, request=request)
    if service.confirmed_at is not None or service.served_on is not None:
        _refuse(
            "该文书已签收，不能重复签收。",
            "disputes.service.refused",
            request=request,
            obj=service.document.dispute,
        )
    now = timezone.now()
    with transaction.atomic():
        service.confirmed_at = now
        service.opened_at = service.opened_at or now
        service.served_on = timezone.localdate(now)
        service.device = (device or "")[:300]
        service.confirmed_by_employer_user = employer_user
        service.save(
            update_fields=[
                "confirmed_at",
                "opened_at",
                "served_on",
                "device",
                "confirmed_by_employer_user",
            ]
        )
        _served(service)
        log_action(
            "disputes.document.confirmed",
            request=request,
            obj=service.document.dispute,
            detail={"kind": service.document.kind},
        )
    return service


def check_receiver(service, worker=None, *, employer_user=None, request=None) -> None:
    if worker is not None:
        mine = service.party.worker_id == worker.pk
    elif employer_user is not None:
        mine = (
            service.party.role == PartyRole.RESPONDENT
            and service.party.employer_id is not None
            and service.party.employer_id == employer_user.employer_id
        )
    else:
        mine = False
    if not mine:
        _refuse(
            "您不是该文书的受送达人，不能查看或签收。",
            "disputes.document.refused",
            request=request,
            obj=service.document.dispute,
        )


def check_party_of(dispute, worker, *, request=None) -> None:
    """Refuse (and audit) a worker who is not a party reading a case."""
    if not Party._base_manager.filter(dispute=dispute, worker=worker).exists():
        _refuse(
            "您不是该案件的当事人，不能查看。",
            "disputes.dispute.read_refused",
            request=request,
            obj=dispute,
        )


# ---- legal aid ----


def refer_legal_aid(dispute, *, centre, on, destination=None, by, request=None) -> LegalAid:
    """Referral to legal aid; migrant workers claiming wages or injury damages skip the means
    test (法律援助法 art. 42). A cross-province referral names the destination area."""
    _check_writer(by, request=request, obj=dispute)
    if dispute.legal_aid.filter(decision=AidDecision.PENDING).exists():
        _refuse(
            "本案已有待决定的法律援助转介。",
            "disputes.legal_aid.refused",
            by=by,
            request=request,
            obj=dispute,
        )
    exempt = dispute.claims.filter(kind__in=[ClaimKind.WAGES, ClaimKind.INJURY]).exists()
    with transaction.atomic():
        aid = LegalAid.objects.create(
            dispute=dispute,
            centre=centre,
            referred_on=on,
            destination=destination,
            means_test_exempt=exempt,
        )
        log_action(
            "disputes.legal_aid.referred",
            request=request,
            actor=by,
            obj=dispute,
            detail={"centre": centre},
        )
    return aid


def legal_aid_decide_by(aid: LegalAid) -> date:
    return deadlines.period_end(
        aid.referred_on, deadlines.LEGAL_AID_DECISION_DAYS, platform_calendar()
    )


def legal_aid_assign_by(aid: LegalAid) -> date | None:
    if aid.decided_on is None or aid.decision != AidDecision.GRANTED:
        return None
    return deadlines.period_end(
        aid.decided_on, deadlines.LEGAL_AID_ASSIGN_DAYS, platform_calendar()
    )


def decide_legal_aid(aid, *, on, granted: bool, by, request=None) -> LegalAid:
    _check_writer(by, request=request, obj=aid.dispute)
    if aid.decision != AidDecision.PENDING:
        _refuse(
            "该转介已作出决定。",
            "disputes.legal_aid.refused",
            by=by,
            request=request,
            obj=aid.dispute,
        )
    with transaction.atomic():
        aid.decision = AidDecision.GRANTED if granted else AidDecision.REFUSED
        aid.decided_on = on
        aid.save(update_fields=["decision", "decided_on"])
        log_action("disputes.legal_aid.decided", request=request, actor=by, obj=aid.dispute)
    return aid


def assign_lawyer(aid, *, on, lawyer: str, by, request=None) -> LegalAid:
    _check_writer(by, request=request, obj=aid.dispute)
    if aid.decision != AidDecision.GRANTED:
        _refuse(
            "法律援助尚未批准，不能指派律师。",
            "disputes.legal_aid.refused",
            by=by,
            request=request,
            obj=aid.dispute,
        )
    if not lawyer.strip():
        _refuse(
            "请填写承办律师姓名。",
            "disputes.legal_aid.refused",
            by=by,
            request=request,
            obj=aid.dispute,
            field="lawyer",
        )
    with transaction.atomic():
        aid.assigned_on = on
        aid.lawyer = lawyer.strip()
        aid.save(update_fields=["assigned_on", "lawyer"])
        log_action("disputes.legal_aid.assigned", request=request, actor=by, obj=aid.dispute)
    return aid


# ---- the calendar an administrator extends ----


def may_add_holiday_year(user) -> bool:
    """A city (or higher) administrator, or a superuser."""
    return bool(
        user.is_superuser or (user.is_area_admin and user.region_id and len(user.region_id) <= 4)
    )


def add_holiday_year(
    *, year: int, source: str, off: list[date], working: list[date], by, request=None
):
    """A year's State Council arrangement, entered by a city (or higher) administrator."""
    action = "disputes.holiday_year.refused"
    if not may_add_holiday_year(by):
        _refuse("只有市级管理员可以录入节假日安排。", action, by=by, request=request)
    days = [*off, *working]
    if any(d.year != year for d in days):
        _refuse(f"所有日期都应在 {year} 年内。", action, by=by, request=request)
    if len(set(days)) != len(days):
        _refuse("同一天不能既是放假日又是调休上班日。", action, by=by, request=request)
    with transaction.atomic():
        holiday_year, _created = HolidayYear.objects.update_or_create(
            year=year, defaults={"source": source, "added_by": by}
        )
        holiday_year.days.all().delete()
        HolidayDay.objects.bulk_create(
            [HolidayDay(year=holiday_year, day=d, kind=DayKind.OFF) for d in off]
            + [HolidayDay(year=holiday_year, day=d, kind=DayKind.WORKING) for d in working]
        )
        log_action("disputes.holiday_year.added", request=request, actor=by, obj=holiday_year)
    return holiday_year


# ---- the provinces' average wages (the simple procedure's limit) ----


def may_save_average_wage(user, region_code: str) -> bool:
    """A superuser, or an administrator of the province or of one of its cities."""
    if user is None or not user.is_active or not user.can_write:
        return False
    if user.is_superuser:
        return True
    if not (user.is_area_admin and user.region_id):
        return False
    return level_of(user.region_id) in ("province", "city") and (
        province_of(user.region_id) == region_code
    )


def save_average_wage(
    *,
    region_code: str,
    year: int,
    amount,
    source: str,
    verified: bool,
    by,
    request=None,
) -> AverageWage:
    """A province's average annual wage of a year entered or corrected (one row per province and
    year), with the bulletin it comes from and whether it was checked against it; only by a city
    or provincial administrator of that province. Cases accepted before keep the amount they
    were measured against (`Dispute.average_wage_amount`)."""
    action = "disputes.average_wage.refused"
    region_code = (region_code or "").strip()
    if not (is_code(region_code) and level_of(region_code) == "province"):
        _refuse(
            "“省份”应是两位省级行政区划代码，如 32。",
            action,
            by=by,
            request=request,
            field="region_code",
        )
    if not may_save_average_wage(by, region_code):
        _refuse(
            "只有本省或本省各市的管理员可以录入职工年平均工资。",
            action,
            by=by,
            request=request,
        )
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        _refuse("“年度”应在 2000 至 2100 之间。", action, by=by, request=request, field="year")
    try:
        amount = Decimal(str(amount))
    except ArithmeticError:
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount != amount.quantize(Decimal("0.01"))
        or not AVERAGE_WAGE[0] <= amount <= AVERAGE_WAGE[1]
    ):
        _refuse(
            f"“职工年平均工资”应是 {AVERAGE_WAGE[0]:,} 至 {AVERAGE_WAGE[1]:,} 元之间、"
            "至多两位小数的金额。",
            action,
            by=by,
            request=request,
            field="amount",
        )
    source = (source or "").strip()
    if not source or len(source) > 200:
        _refuse(
            "请填写数据来源（统计公报的名称和文号），不超过 200 字。",
            action,
            by=by,
            request=request,
            field="source",
        )
    # The row is the province's, above a city administrator's own area: written in the
    # province's area once the rule above has allowed it.
    with area_scope(region_code), transaction.atomic():
        row = (
            AverageWage.objects.select_for_update()
            .filter(region_code=region_code, year=year)
            .first()
        )
        before = None if row is None else {"amount": str(row.amount), "verified": row.verified}
        if row is None:
            row = AverageWage(region_code=region_code, year=year)
        row.amount = amount
        row.source = source
        row.verified = bool(verified)
        row.updated_by = by
        row.updated_at = timezone.now()
        row.save()
        log_action(
            "disputes.average_wage.saved",
            request=request,
            actor=by,
            obj=row,
            detail={
                "region": region_code,
                "year": year,
                "amount": str(amount),
                "verified": row.verified,
                "before": before,
            },
        )
    return row


def record_defence(dispute, *, on, by, text: str = "", request=None) -> Dispute:
    """The respondent's defence received (due 10 working days after the copy was served)."""
    action = "disputes.defence.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(
        dispute, (Stage.ACCEPTED, Stage.HEARING, Stage.SUSPENDED), action, by=by, request=request
    )
    if dispute.copy_served_on is None:
        _refuse("申请书副本尚未送达被申请人。", action, by=by, request=request, obj=dispute)
    with transaction.atomic():
        dispute.defence_on = on
        if text.strip():
            dispute.defence = text.strip()[:5000]
        dispute.save(update_fields=["defence_on", "defence"])
        log_action("disputes.defence.received", request=request, actor=by, obj=dispute)
    return dispute


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_file(document, as_pdf: bool = False) -> tuple[bytes, str, str]:
    """A case document's bytes, type and file name: the Word file, or its PDF."""
    content = bytes(document.content)
    if as_pdf:
        title = f"{document.dispute.case_number} {document.get_kind_display()}"
        return documents.to_pdf(content, title=title), "application/pdf", document.pdf_filename
    return content, WORD, document.filename


def log_document_read(document, *, by=None, request=None, as_pdf: bool = False) -> None:
    """A case document downloaded by staff: personal data, so the read is audited."""
    log_action(
        "disputes.document.downloaded",
        request=request,
        actor=by,
        obj=document.dispute,
        detail={"kind": document.kind, "document": document.pk, "pdf": as_pdf},
    )


# ---- evidence ----

_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


def evidence_type(head: bytes) -> str | None:
    """The type a file's first bytes show (JPEG, PNG or PDF), whatever its name says."""
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def add_evidence(
    dispute,
    upload,
    *,
    description: str = "",
    party=None,
    by=None,
    worker=None,
    employer_user=None,
    request=None,
) -> Evidence:
    """A photo or PDF (at most 5 MB) handed in by a party on the portal (`worker`, who must be
    a party of the case) or entered by staff (`by`); refused whole with a Chinese reason."""
    action = "disputes.evidence.refused"
    if by is not None:
        _check_writer(by, request=request, obj=dispute)
    if worker is not None:
        check_party_of(dispute, worker, request=request)
        party = dispute.parties.filter(worker=worker).first()
    if employer_user is not None:
        party = check_employer_of(dispute, employer_user.employer, request=request)
    name = (getattr(upload, "name", "") or "evidence")[-100:]
    if upload.size > EVIDENCE_BYTES:
        _refuse(
            f"证据“{name}”超过 5 MB。", action, by=by, request=request, obj=dispute, field="file"
        )
    content = upload.read(EVIDENCE_BYTES + 1)
    kind = evidence_type(content[:8])
    if not content or len(content) > EVIDENCE_BYTES or kind is None:
        _refuse(
            f"证据“{name}”应是照片（JPG、PNG）或 PDF 文件。",
            action,
            by=by,
            request=request,
            obj=dispute,
            field="file",
        )
    if dispute.is_closed:
        _refuse("案件已结案，不再接收证据。", action, by=by, request=request, obj=dispute)
    with transaction.atomic():
        evidence = Evidence.objects.create(
            dispute=dispute,
            filename=name,
            content_type=kind,
            size=len(content),
            content=content,
            description=description.strip()[:200],
            party=party,
            submitted_by=by,
        )
        log_action(
            "disputes.evidence.added",
            request=request,
            actor=by,
            obj=dispute,
            detail={"evidence": evidence.pk, "by_party": party is not None},
        )
    return evidence


def log_evidence_read(evidence, *, by=None, request=None) -> None:
    """Evidence opened: personal data, so the read is audited."""
    log_action(
        "disputes.evidence.opened",
        request=request,
        actor=by,
        obj=evidence.dispute,
        detail={"evidence": evidence.pk},
    )


# ---- collective cases: joining applicants, representatives, agents ----

JOINABLE = (
    Stage.FILED,
    Stage.MEDIATING,
    Stage.INCOMPLETE,
    Stage.APPLIED,
    Stage.ACCEPTED,
    Stage.HEARING,
)


def add_applicant(dispute, worker, *, on, by, request=None) -> Party:
    """A worker with the same claim joins the case (规则 art. 46: adding a party restarts the
    award period once the case is accepted). Reaching 10 makes the case collective: it then
    needs 3–5 representatives (`set_representatives`) and a three-arbitrator tribunal."""
    action = "disputes.applicant.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, JOINABLE, action, by=by, request=request)
    if dispute.parties.filter(role=PartyRole.APPLICANT, worker=worker).exists():
        _refuse(f"{worker.name}已是本案申请人。", action, by=by, request=request, obj=dispute)
    if on < dispute.filed_on:
        _refuse("加入日期不能早于申请日期。", action, by=by, request=request, obj=dispute)
    with transaction.atomic():
        party = Party.objects.create(
            dispute=dispute,
            role=PartyRole.APPLICANT,
            worker=worker,
            name=worker.name,
            joined_on=on,
        )
        fields = []
        count = dispute.parties.filter(role=PartyRole.APPLICANT).count()
        if count >= COLLECTIVE_SIZE and not dispute.is_collective:
            dispute.is_collective = True
            dispute.is_sole_arbitrator = False
            dispute.procedure = Procedure.ORDINARY
            fields += ["is_collective", "is_sole_arbitrator", "procedure"]
        if dispute.stage in (Stage.ACCEPTED, Stage.HEARING) and on > (
            dispute.clock_started_on or dispute.accepted_on
        ):
            dispute.clock_started_on = on
            fields.append("clock_started_on")
        if fields:
            dispute.save(update_fields=fields)
        log_action(
            "disputes.applicant.added",
            request=request,
            actor=by,
            obj=dispute,
            detail={"applicants": count, "collective": dispute.is_collective},
        )
    return party


def set_representatives(dispute, workers, *, by, request=None) -> list[Party]:
    """The 3–5 representatives a collective case's workers chose (规则 art. 64), among them."""
    action = "disputes.representatives.refused"
    _check_writer(by, request=request, obj=dispute)
    if not dispute.is_collective:
        _refuse("只有集体劳动争议推举代表。", action, by=by, request=request, obj=dispute)
    chosen = {w.pk for w in workers}
    applicants = {
        p.worker_id: p
        for p in dispute.parties.filter(role=PartyRole.APPLICANT, worker__isnull=False)
    }
    if chosen - set(applicants):
        _refuse("代表应为本案的申请人。", action, by=by, request=request, obj=dispute)
    if not REPRESENTATIVES[0] <= len(chosen) <= REPRESENTATIVES[1]:
        _refuse(
            "集体劳动争议应推举 3 至 5 名代表参加仲裁活动。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    with transaction.atomic():
        for worker_id, party in applicants.items():
            is_rep = worker_id in chosen
            if party.is_representative != is_rep:
                party.is_representative = is_rep
                party.save(update_fields=["is_representative"])
        log_action(
            "disputes.representatives.chosen",
            request=request,
            actor=by,
            obj=dispute,
            detail={"representatives": len(chosen)},
        )
    return [applicants[pk] for pk in chosen]


def missing_representatives(dispute) -> bool:
    """A collective case without its 3–5 representatives (e.g. after workers joined)."""
    if not dispute.is_collective:
        return False
    count = sum(1 for p in dispute.parties.all() if p.is_representative)
    return not REPRESENTATIVES[0] <= count <= REPRESENTATIVES[1]


@dataclass
class _AgentFields:
    kind: str
    name: str
    phone: str
    content: bytes
    file_type: str
    filename: str


def _agent_fields(
    dispute, principal: Party, upload, *, kind, name, phone, by, employer_user, request, refuse
) -> _AgentFields:
    """The checks of a new agent before anything is written (refused whole in Chinese)."""
    if by is not None:
        _check_writer(by, request=request, obj=dispute)
    if employer_user is not None:
        own = check_employer_of(dispute, employer_user.employer, request=request)
        if principal.pk != own.pk:
            refuse("只能为本单位委托代理人。")
        if kind not in EMPLOYER_AGENT_KINDS:
            refuse("用人单位只能委托律师或本单位工作人员为代理人。", field="kind")
    if principal.dispute_id != dispute.pk or principal.role == PartyRole.AGENT:
        refuse("被代理人应为本案的申请人或被申请人。")
    if kind not in AgentKind.values:
        refuse("请选择代理人类别。", field="kind")
    if kind == AgentKind.EMPLOYEE and principal.role != PartyRole.RESPONDENT:
        refuse("用人单位工作人员只能代理用人单位。", field="kind")
    name = (name or "").strip()
    if not name or len(name) > 50:
        refuse("请填写代理人姓名（不超过 50 字）。", field="name")
    phone = (phone or "").strip()
    if phone:
        try:
            phone = phone_codes.parse(phone)
        except phone_codes.InvalidPhone as error:
            refuse(f"代理人手机号：{error.reason}。", field="phone")
    if dispute.is_closed:
        refuse("案件已结案。")
    if upload is None:
        refuse("请上传有委托人签名或盖章的授权委托书。", field="file")
    content = upload.read(EVIDENCE_BYTES + 1)
    file_type = evidence_type(content[:8])
    if not content or len(content) > EVIDENCE_BYTES or file_type is None:
        refuse("授权委托书应是不超过 5 MB 的照片（JPG、PNG）或 PDF 文件。", field="file")
    filename = (getattr(upload, "name", "") or "authorisation")[-100:]
    return _AgentFields(kind, name, phone, content, file_type, filename)


def _acting_agents(locked_principal: Party):
    return Party._base_manager.filter(
        principal=locked_principal, role=PartyRole.AGENT, withdrawn_at__isnull=True
    )


def _create_agent(
    dispute, locked_principal: Party, fields: _AgentFields, *, by, employer_user, request
) -> Party:
    """The agent's row and its audit row, inside the caller's transaction (principal locked)."""
    agent = Party.objects.create(
        dispute=dispute,
        role=PartyRole.AGENT,
        principal=locked_principal,
        agent_kind=fields.kind,
        name=fields.name,
        phone=fields.phone,
        authorisation=fields.content,
        authorisation_type=fields.file_type,
        authorisation_name=fields.filename,
    )
    log_action(
        "disputes.agent.added",
        request=request,
        actor=by,
        obj=dispute,
        detail={
            "agent": agent.pk,
            "kind": fields.kind,
            "for": locked_principal.role,
            "by_employer": employer_user is not None,
            **({"employer_user": employer_user.pk} if employer_user else {}),
        },
    )
    return agent


def _two_agents_already(principal: Party) -> str:
    return f"{principal.name}已委托两名代理人，每一方当事人可以委托一至二名代理人。"


def add_agent(
    dispute,
    principal: Party,
    upload,
    *,
    kind: str,
    name: str,
    phone: str = "",
    by=None,
    employer_user=None,
    request=None,
) -> Party:
    """An agent for a party (法 art. 24, 规则 art. 18: one or two; a lawyer, a legal-aid lawyer,
    a close relative, the trade union, or for the employer its staff) with the signed
    authorisation (授权委托书, a photo or PDF) handed in; refused whole in Chinese. Staff enter it
    (`by`), or the respondent employer's user on the portal (`employer_user`): only for its own
    respondent party and only a lawyer or its staff (`EMPLOYER_AGENT_KINDS`). The principal's
    row is locked while its agents are counted, so two at once cannot make a third."""
    refuse = _refuser("disputes.agent.refused", by=by, request=request, obj=dispute)
    fields = _agent_fields(
        dispute,
        principal,
        upload,
        kind=kind,
        name=name,
        phone=phone,
        by=by,
        employer_user=employer_user,
        request=request,
        refuse=refuse,
    )
    refused = ""
    with transaction.atomic():
        locked = Party._base_manager.select_for_update().get(pk=principal.pk)
        if _acting_agents(locked).count() >= AGENTS_PER_PARTY:
            refused = _two_agents_already(locked)
        else:
            agent = _create_agent(
                dispute, locked, fields, by=by, employer_user=employer_user, request=request
            )
    if refused:
        refuse(refused)
    return agent


def _check_withdrawal(agent: Party, reason: str, *, by, employer_user, request, refuse) -> str:
    """The checks of a withdrawal before anything is written; answers the reason, stripped."""
    dispute = agent.dispute
    if by is not None:
        _check_writer(by, request=request, obj=dispute)
    if employer_user is not None:
        own = check_employer_of(dispute, employer_user.employer, request=request)
        if agent.principal_id != own.pk:
            refuse("只能解除本单位的委托代理人。")
    if agent.role != PartyRole.AGENT:
        refuse("只能解除委托代理人。")
    if dispute.is_closed:
        refuse("案件已结案。")
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        refuse("请填写解除委托的原因（不超过 200 字）。", field="reason")
    return reason


def _withdraw(locked: Party, reason: str, *, by, employer_user, request, replaced=False):
    """The withdrawal written on the locked agent's row, with its audit row."""
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason
    locked.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    log_action(
        "disputes.agent.removed",
        request=request,
        actor=by,
        obj=locked.dispute,
        detail={
            "agent": locked.pk,
            "kind": locked.agent_kind,
            "reason": reason,
            "by_employer": employer_user is not None,
            **({"employer_user": employer_user.pk} if employer_user else {}),
            **({"replaced": True} if replaced else {}),
        },
    )


ALREADY_WITHDRAWN = "该代理人已解除委托。"


def remove_agent(agent: Party, *, reason: str, by=None, employer_user=None, request=None) -> Party:
    """An agent withdrawn from the case (解除委托, 规则 art. 18: the party tells the commission in
    writing), by staff (`by`) or by the respondent employer's user for its own agent
    (`employer_user`); kept on record with the time and the reason, no longer counted among the
    party's one or two agents, so a replacement can be added. Refused whole, audited."""
    dispute = agent.dispute
    refuse = _refuser("disputes.agent.refused", by=by, request=request, obj=dispute)
    reason = _check_withdrawal(
        agent, reason, by=by, employer_user=employer_user, request=request, refuse=refuse
    )
    with transaction.atomic():
        Party._base_manager.select_for_update().filter(pk=agent.principal_id).first()
        locked = Party._base_manager.select_for_update().get(pk=agent.pk)
        if locked.withdrawn_at is None:
            _withdraw(locked, reason, by=by, employer_user=employer_user, request=request)
            agent.withdrawn_at, agent.withdrawn_reason = locked.withdrawn_at, reason
            return agent
    refuse(ALREADY_WITHDRAWN)


def replace_agent(
    agent: Party,
    upload,
    *,
    kind: str,
    name: str,
    phone: str = "",
    reason: str,
    by=None,
    employer_user=None,
    request=None,
) -> Party:
    """One agent replaced by another in one transaction (更换代理人): the old one withdrawn with
    the reason and the new one added for the same party with its signed authorisation — both
    or neither. Every check of `remove_agent` and `add_agent` runs before anything is written;
    the principal's row is locked (as `add_agent` does) while the old agent is withdrawn and the
    acting agents counted, so a refusal or a failure leaves the old agent acting. Answers the
    new agent."""
    dispute = agent.dispute
    refuse = _refuser("disputes.agent.refused", by=by, request=request, obj=dispute)
    reason = _check_withdrawal(
        agent, reason, by=by, employer_user=employer_user, request=request, refuse=refuse
    )
    principal = agent.principal
    fields = _agent_fields(
        dispute,
        principal,
        upload,
        kind=kind,
        name=name,
        phone=phone,
        by=by,
        employer_user=employer_user,
        request=request,
        refuse=refuse,
    )
    refused = ""
    with transaction.atomic():
        locked_principal = Party._base_manager.select_for_update().get(pk=principal.pk)
        locked = Party._base_manager.select_for_update().get(pk=agent.pk)
        if locked.withdrawn_at is not None:
            refused = ALREADY_WITHDRAWN
        else:
            # the principal's lock holds: with one withdrawn, at most one other still acts
            _withdraw(
                locked, reason, by=by, employer_user=employer_user, request=request, replaced=True
            )
            new = _create_agent(
                dispute,
                locked_principal,
                fields,
                by=by,
                employer_user=employer_user,
                request=request,
            )
            log_action(
                "disputes.agent.replaced",
                request=request,
                actor=by,
                obj=dispute,
                detail={"old": locked.pk, "new": new.pk, "by_employer": employer_user is not None},
            )
    if refused:
        refuse(refused)
    agent.withdrawn_at, agent.withdrawn_reason = locked.withdrawn_at, reason
    return new


def log_authorisation_read(agent, *, by=None, request=None) -> None:
    """An agent's authorisation opened: personal data, so the read is audited."""
    log_action(
        "disputes.authorisation.opened",
        request=request,
        actor=by,
        obj=agent.dispute,
        detail={"agent": agent.pk},
    )


# ---- review of a mediation agreement (规则 arts. 74–76) ----


def review_ends(review: MediationReview) -> date:
    days = (
        deadlines.REVIEW_DAYS + deadlines.REVIEW_EXTENSION_DAYS
        if review.extended
        else deadlines.REVIEW_DAYS
    )
    return deadlines.period_end(review.accepted_on or review.applied_on, days, platform_calendar())


def apply_for_review(dispute, *, on, accepted_on=None, by, request=None) -> MediationReview:
    """Both parties ask the commission to review the agreement they reached before an enterprise
    or town mediation organisation, within 15 days of it (规则 art. 74); accepted that day or
    on `accepted_on`."""
    action = "disputes.review.refused"
    _check_writer(by, request=request, obj=dispute)
    _stage(dispute, (Stage.MEDIATED,), action, by=by, request=request)
    mediation = dispute.mediations.filter(outcome=MediationOutcome.AGREED).last()
    if mediation is None or mediation.mediator_kind == MediatorKind.COMMISSION:
        _refuse(
            "仲裁审查只适用于经企业或乡镇（街道）调解组织达成的调解协议。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    if dispute.reviews.exclude(outcome=ReviewOutcome.REJECTED).exists():
        _refuse("该调解协议已申请仲裁审查。", action, by=by, request=request, obj=dispute)
    last_day = deadlines.period_end(
        mediation.closed_on, deadlines.REVIEW_APPLY_DAYS, platform_calendar()
    )
    if on > last_day:
        _refuse(
            f"应自调解协议生效之日起 15 日内申请仲裁审查（至 {_fmt(last_day)}），已逾期。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    if on < mediation.closed_on:
        _refuse("申请日期不能早于调解协议日期。", action, by=by, request=request, obj=dispute)
    with transaction.atomic():
        review = MediationReview.objects.create(
            dispute=dispute, mediation=mediation, applied_on=on, accepted_on=accepted_on or on
        )
        log_action("disputes.review.applied", request=request, actor=by, obj=dispute)
    return review


def _pending_review(dispute) -> MediationReview:
    review = dispute.reviews.filter(outcome=ReviewOutcome.PENDING).first()
    if review is None:
        raise DisputeError("本案没有待审查的调解协议。")
    return review


def extend_review(dispute, *, by, request=None) -> MediationReview:
    """Five more working days, once, with the chair's approval."""
    action = "disputes.review.refused"
    _check_writer(by, request=request, obj=dispute)
    review = _pending_review(dispute)
    if dispute.commission.chair_id != by.pk:
        _refuse("延长审查期限须经仲裁委员会主任批准。", action, by=by, request=request, obj=dispute)
    if review.extended:
        _refuse("审查期限只能延长一次。", action, by=by, request=request, obj=dispute)
    with transaction.atomic():
        review.extended = True
        review.save(update_fields=["extended"])
        log_action("disputes.review.extended", request=request, actor=by, obj=dispute)
    return review


def decide_review(
    dispute, *, on, confirmed: bool, reason: str = "", reviewer=None, by, request=None
) -> Document:
    """Confirmed: the agreement becomes the commission's 调解书 (to be served); not confirmed
    (with the reason): a decision the parties may take to arbitration or court. Refused after the
    review period without the chair's extension, or by a reviewer linked to a party."""
    action = "disputes.review.refused"
    _check_writer(by, request=request, obj=dispute)
    review = _pending_review(dispute)
    if reviewer is not None and (
        reviewer.commission_id != dispute.commission_id or _linked(reviewer, dispute)
    ):
        _refuse(
            f"仲裁员{reviewer.name}不能审查本案（非本委仲裁员或与当事人有利害关系）。",
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    try:
        limit = review_ends(review)
    except deadlines.CalendarMissing as missing:
        _refuse(str(missing), action, by=by, request=request, obj=dispute)
    if on > limit:
        _refuse(
            f"已超过审查期限（{_fmt(limit)}）"
            + ("。" if review.extended else "，且未经仲裁委员会主任批准延长。"),
            action,
            by=by,
            request=request,
            obj=dispute,
        )
    if on < review.applied_on:
        _refuse("审查日期不能早于申请日期。", action, by=by, request=request, obj=dispute)
    if not confirmed and not reason.strip():
        _refuse(
            "不予确认应当说明理由。", action, by=by, request=request, obj=dispute, field="reason"
        )
    with transaction.atomic():
        review.outcome = ReviewOutcome.CONFIRMED if confirmed else ReviewOutcome.REJECTED
        review.decided_on = on
        review.reason = reason.strip()
        review.reviewer = reviewer
        review.save(update_fields=["outcome", "decided_on", "reason", "reviewer"])
        document = _make_document(
            dispute,
            DocumentKind.REVIEW if confirmed else DocumentKind.REVIEW_REFUSAL,
            by=by,
            mediation=review.mediation,
            review=review,
        )
        log_action(
            "disputes.review.confirmed" if confirmed else "disputes.review.rejected",
            request=request,
            actor=by,
            obj=dispute,
        )
    return document


# ---- the respondent employer on the portal ----


def check_employer_of(dispute, employer, *, request=None) -> Party:
    """The employer's respondent party in the case; refused (and audited) otherwise."""
    party = Party._base_manager.filter(
        dispute=dispute, role=PartyRole.RESPONDENT, employer=employer
    ).first()
    if party is None:
        _refuse(
            "贵单位不是该案件的被申请人，不能查看。",
            "disputes.dispute.read_refused",
            request=request,
            obj=dispute,
        )
    return party


def file_defence(dispute, *, text: str, employer_user, request=None) -> Dispute:
    """The respondent's defence (答辩书) filed on the employer portal once the copy of the
    application was served on it; late filing is recorded, not refused (规则 art. 30: the
    procedure goes on without it)."""
    action = "disputes.defence.refused"
    check_employer_of(dispute, employer_user.employer, request=request)
    _stage(dispute, OPEN_ARBITRATION, action, request=request)
    if dispute.copy_served_on is None:
        _refuse("申请书副本尚未送达贵单位，暂不能提交答辩。", action, request=request, obj=dispute)
    if dispute.defence_on is not None:
        _refuse("答辩书已提交，不能重复提交。", action, request=request, obj=dispute)
    if not text.strip():
        _refuse("请填写答辩意见。", action, request=request, obj=dispute, field="text")
    today = timezone.localdate()
    try:
        due = deadlines.period_end(
            dispute.copy_served_on, deadlines.DEFENCE_DAYS, platform_calendar()
        )
    except deadlines.CalendarMissing:
        due = None
    with transaction.atomic():
        dispute.defence_on = today
        dispute.defence = text.strip()[:5000]
        dispute.save(update_fields=["defence_on", "defence"])
        log_action(
            "disputes.defence.filed",
            request=request,
            obj=dispute,
            detail={"late": bool(due and today > due), "employer_user": employer_user.pk},
        )
    return dispute
