"""Demo labour disputes: an arbitration commission per seed city with cases in every stage.

Each case is made through the services (so its documents, audit rows and dates are those of a
real one), dated back from today: filed, in mediation, settled by mediation, application
incomplete, awaiting acceptance (one overdue), accepted with the copy served, a video hearing
scheduled, suspended, awarded (final and non-final items), refused, a collective case, a
legal-aid referral, a simple-procedure case, agents with their authorisation, mediation
agreements under review and confirmed, an application withdrawn after acceptance, and — where the respondent employer has a portal user —
the copy of an application waiting for the employer's electronic signature. The portal's demo
worker has a document waiting for their confirmation.
Idempotent: a seed city whose commission exists is left as it is.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from homeward.employers.models import Employer
from homeward.regions.models import Region
from homeward.scoping import unscoped
from homeward.workers.models import Worker, WorkerAccount

from . import deadlines, services
from .holidays import platform_calendar
from .models import (
    AgentKind,
    AidCentre,
    Arbitrator,
    Commission,
    Dispute,
    DocumentKind,
    HearingMode,
    MediationMode,
    MediatorKind,
    PartyRole,
    ServiceMethod,
)
from .services import ClaimLine

# a one-page PDF standing for a signed authorisation (授权委托书)
LETTER = b"%PDF-1.4\n% demo authorisation\n%%EOF\n"

PREFIXES = {"3213": "宿劳人仲案字", "5110": "内劳人仲案字", "430381": "湘劳人仲案字"}
ARBITRATORS = ("周明", "吴静", "郑华", "王磊")


def fill_disputes(areas) -> int:
    """Cases made (0 when every seed city already has its commission)."""
    made = 0
    with unscoped():
        for area in areas:
            if Commission.objects.filter(region_id=area).exists():
                continue
            region = Region.tree.filter(code=area).first()
            if region is None:
                continue
            with transaction.atomic():
                made += _fill_city(region)
    return made


def _fill_city(region) -> int:
    today = timezone.localdate()
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    commission = Commission.objects.create(
        title=f"{region.name}劳动人事争议仲裁委员会",
        region=region,
        prefix=PREFIXES.get(region.code, "劳人仲案字"),
    )
    arbitrators = [Arbitrator.objects.create(commission=commission, name=n) for n in ARBITRATORS]
    account = (
        WorkerAccount.objects.filter(worker__region__code__startswith=region.code)
        .select_related("worker")
        .order_by("pk")
        .first()
    )
    workers = list(Worker.objects.in_area(region.code).order_by("pk")[:40])
    if len(workers) < 14:
        return 0
    if account is not None:
        workers = [account.worker, *[w for w in workers if w.pk != account.worker_id]]
    employers = list(Employer.objects.in_area(region.code).order_by("pk")[:6])
    n = iter(range(1, 1000))

    def case(days_ago, *, claims=None, source="window", worker=None, **extra):
        i = next(n)
        employer = employers[i % len(employers)] if employers else None
        return services.file_dispute(
            commission=commission,
            worker=worker or workers[i % len(workers)],
            employer=employer,
            employer_name="" if employer else f"{region.name}某建筑劳务有限公司",
            facts="工程完工后，劳务班组长以总包未结算为由拖欠工资，多次讨要未果。",
            claims=claims or [ClaimLine("wages", Decimal(6000 + 1500 * (i % 5)))],
            source=source,
            filed_on=ago(days_ago),
            known_on=ago(days_ago + 40),
            by=None,
        ).dispute

    def mediate(dispute, days_ago):
        services.start_mediation(
            dispute,
            mediator_kind=MediatorKind.TOWN,
            mode=MediationMode.VIDEO,
            mediator_name="陈调解",
            started_on=ago(days_ago),
            by=None,
        )

    def accepted(days_ago, **kw):
        dispute = case(days_ago + 2, **kw)
        services.apply_for_arbitration(dispute, received_on=ago(days_ago + 2), by=None)
        services.accept_dispute(dispute, on=ago(days_ago), by=None)
        return dispute

    def serve_copy(dispute, days_ago):
        services.serve_document(
            dispute.documents.get(kind=DocumentKind.APPLICATION),
            dispute.parties.get(role=PartyRole.RESPONDENT),
            method=ServiceMethod.POST,
            on=ago(days_ago),
            by=None,
        )

    # filed on the phone, waiting for the commission
    case(1, source="portal", worker=workers[0])
    # in mediation (video, town mediators)
    mediate(case(6), 5)
    # settled by mediation (three of them: most wage disputes end there)
    for days in (50, 35, 20):
        d = case(days)
        mediate(d, days)
        services.record_mediation_agreement(
            d,
            on=ago(days - 6),
            amount=Decimal(5000),
            terms="用人单位于七日内一次性支付工资。",
            by=None,
        )
    # mediation failed after 15 days, arbitration applied for with materials missing
    d = case(40)
    mediate(d, 40)
    services.record_mediation_failure(d, on=ago(22), by=None)
    services.apply_for_arbitration(
        d, received_on=ago(20), missing="劳动关系证明材料；工资欠条原件", by=None
    )
    # awaiting acceptance: one due soon, one overdue
    for days in (2, 12):
        d = case(days)
        services.apply_for_arbitration(d, received_on=ago(days), by=None)
    # accepted, copy served, defence awaited
    d = accepted(8)
    serve_copy(d, 6)
    services.refer_legal_aid(d, centre=AidCentre.LAWYERS, on=ago(6), by=None)
    # accepted, tribunal formed, a video hearing scheduled
    d = accepted(18, worker=workers[0])
    serve_copy(d, 16)
    services.form_tribunal(d, arbitrators=[arbitrators[0]], on=ago(15), by=None)
    try:
        earliest = deadlines.period_end(ago(2), deadlines.HEARING_NOTICE_DAYS, platform_calendar())
        services.schedule_hearing(
            d,
            hearing_on=earliest + timedelta(days=2),
            mode=HearingMode.VIDEO,
            place="https://meeting.example.cn/room/1024",
            notice_on=ago(2),
            by=None,
        )
    except (deadlines.CalendarMissing, services.DisputeError):
        pass  # a year without its holiday calendar: the hearing waits for it
    else:
        services.serve_document(
            d.documents.get(kind=DocumentKind.HEARING),
            d.parties.get(role=PartyRole.APPLICANT),
            method=ServiceMethod.ELECTRONIC,
            on=ago(2),
            by=None,
        )
    # suspended while a work injury is assessed
    d = accepted(25, claims=[ClaimLine("injury", Decimal(32000))])
    services.form_tribunal(d, arbitrators=[arbitrators[1]], on=ago(24), by=None)
    services.suspend_dispute(d, on=ago(15), reason="等待工伤认定结论", by=None)
    # awarded: final wage items and a non-final compensation item, served
    for days, extra in ((70, Decimal(60000)), (45, None)):
        claims = [ClaimLine("wages", Decimal(9000))]
        if extra:
            claims.append(ClaimLine("compensation", extra))
        d = accepted(days, claims=claims)
        serve_copy(d, days - 3)
        services.form_tribunal(d, arbitrators=[arbitrators[2]], on=ago(days - 2), by=None)
        try:
            made = services.issue_award(
                d, on=ago(days - 30), awarded={c.pk: c.amount for c in d.claims.all()}, by=None
            )
        except services.DisputeError:
            continue  # a year without its holiday calendar: left awaiting the award
        for document in made:
            for party in d.parties.exclude(role=PartyRole.AGENT):
                services.serve_document(
                    document, party, method=ServiceMethod.IN_PERSON, on=ago(days - 31), by=None
                )
    # accepted, then withdrawn by the applicant after the employer paid
    d = accepted(32)
    serve_copy(d, 30)
    services.withdraw_dispute(
        d, on=ago(21), reason="被申请人已全额支付工资，申请人撤回仲裁申请。", by=None
    )
    # not accepted
    d = case(30)
    services.apply_for_arbitration(d, received_on=ago(30), by=None)
    services.refuse_dispute(d, on=ago(27), reason="申请人与被申请人之间不存在劳动关系。", by=None)
    # a collective case of 12 workers with 3 representatives, accepted, three arbitrators
    group = workers[1:13]
    d = services.file_dispute(
        commission=commission,
        worker=group[0],
        co_workers=group[1:],
        representatives=group[:3],
        employer_name=f"{region.name}某建设工程有限公司",
        facts="项目部拖欠 12 名农民工 3 个月工资。",
        claims=[ClaimLine("wages", Decimal(216000))],
        source="wage_case",
        transferred_from="欠薪线索转办",
        filed_on=ago(10),
        by=None,
    ).dispute
    services.apply_for_arbitration(d, received_on=ago(10), by=None)
    services.accept_dispute(d, on=ago(9), by=None)
    services.form_tribunal(d, arbitrators=arbitrators[:3], on=ago(8), by=None)
    services.add_agent(
        d,
        d.parties.get(worker=group[0], role=PartyRole.APPLICANT),
        SimpleUploadedFile("委托书.pdf", LETTER),
        kind=AgentKind.LEGAL_AID,
        name="刘律师",
        by=None,
    )
    services.add_agent(
        d,
        d.parties.get(role=PartyRole.RESPONDENT),
        SimpleUploadedFile("委托书.pdf", LETTER),
        kind=AgentKind.EMPLOYEE,
        name="项目部法务",
        by=None,
    )
    # a simple-procedure case (a small wage claim), sole arbitrator, hearing set at short notice
    d = case(6, claims=[ClaimLine("wages", Decimal(4200))])
    services.apply_for_arbitration(d, received_on=ago(6), by=None)
    try:
        services.accept_dispute(d, on=ago(5), simple_procedure=True, by=None)
        services.form_tribunal(d, arbitrators=[arbitrators[3]], on=ago(4), by=None)
        services.schedule_hearing(
            d,
            hearing_on=today,
            mode=HearingMode.VIDEO,
            place="https://meeting.example.cn/room/2048",
            notice_on=ago(3),
            by=None,
        )
    except (services.DisputeError, deadlines.CalendarMissing):
        pass  # no average wage or calendar for the year: left awaiting acceptance
    _reviews(commission, case, ago)
    # the copy of an application served electronically on an employer with a portal user
    for party in _employer_parties(commission):
        try:
            services.serve_document(
                party.dispute.documents.get(kind=DocumentKind.APPLICATION),
                party,
                method=ServiceMethod.ELECTRONIC,
                on=ago(1),
                by=None,
            )
        except services.DisputeError:
            continue
        break
    return Dispute.objects.filter(commission=commission).count()


def _employer_parties(commission):
    from homeward.disputes.models import Party, Stage
    from homeward.employers.models import EmployerUser

    with_users = EmployerUser.objects.filter(is_active=True).values("employer_id")
    return Party.objects.filter(
        dispute__commission=commission,
        dispute__stage=Stage.ACCEPTED,
        dispute__copy_served_on__isnull=True,
        role=PartyRole.RESPONDENT,
        employer_id__in=with_users,
    ).select_related("dispute")


def _reviews(commission, case, ago) -> None:
    """Agreements reached before an enterprise mediation committee: one confirmed by the
    commission's review (its 调解书), one under review."""
    for agreed, decided in ((12, 9), (2, None)):
        d = case(agreed + 3)
        services.start_mediation(
            d,
            mediator_kind=MediatorKind.ENTERPRISE,
            mode=MediationMode.IN_PERSON,
            mediator_name="企业劳动争议调解委员会",
            started_on=ago(agreed + 3),
            by=None,
        )
        services.record_mediation_agreement(
            d, on=ago(agreed), amount=Decimal(4800), terms="七日内支付工资 4800 元。", by=None
        )
        try:
            services.apply_for_review(d, on=ago(agreed - 1) if agreed > 1 else ago(0), by=None)
            if decided is not None:
                services.decide_review(d, on=ago(decided), confirmed=True, by=None)
        except (services.DisputeError, deadlines.CalendarMissing):
            continue
