"""The writes of recruitment ambassadors, each one named function every front door calls:
appointing and ending an ambassador, a referral through the link or recorded with consent,
approving a bounty, marking a recruiting officer. And the adapter that feeds the pure bounty
rules (`rules.judge`) from the records.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.crypto import PHONE, hash_filter, lookup_hash
from homeward.employers.models import EmployerUser
from homeward.employers.services import check_writer
from homeward.followups.models import FollowUp
from homeward.placements import services as placements
from homeward.placements.models import Application, Source, Status
from homeward.regions.models import Level, Region
from homeward.scoping import area_scope, covers, unscoped
from homeward.workers.models import Worker

from . import rules
from .models import PER_TOWN, Ambassador, Bounty, RecruitingOfficer, Referral, Via

DEFAULT_BOUNTY = Decimal("300.00")  # 湘乡's 300 yuan for each lasting hire


class AmbassadorError(ValueError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def bounty_amount(region_code: str) -> Decimal:
    """The bounty of an area: HOMEWARD_AMBASSADOR_BOUNTY maps region-code prefixes to yuan
    (the longest prefix wins); 300.00 when none is set."""
    table = getattr(settings, "HOMEWARD_AMBASSADOR_BOUNTY", {}) or {}
    best = None
    for prefix in table:
        if region_code.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return (
        Decimal(str(table[best])).quantize(Decimal("0.01")) if best is not None else DEFAULT_BOUNTY
    )


def _day(recorded_at) -> date:
    return timezone.localtime(recorded_at).date() if recorded_at else timezone.localdate()


def active_ambassadors(today: date | None = None):
    today = today or timezone.localdate()
    return Ambassador.objects.filter(starts_on__lte=today).exclude(ends_on__lte=today)


# Appointing and ending --------------------------------------------------------------------------


def appoint_ambassador(
    *,
    town: str,
    name: str = "",
    phone: str = "",
    worker: Worker | None = None,
    by,
    request=None,
    recorded_at=None,
) -> Ambassador:
    """Town staff appoint an ambassador of their town: a registry person, or a phone and name.
    A town has at most PER_TOWN active ambassadors; a third is refused. `recorded_at`: when,
    now unless a loader replays a past season (the demo)."""
    check_writer(by, "ambassadors.write.refused", request=request)
    region = Region.tree.filter(code=town).first()
    if region is None or region.level != Level.TOWN:
        raise AmbassadorError(_("Ambassadors are appointed by the staff of a town."))
    if by is not None and not by.is_superuser and by.region_id != town:
        log_action("ambassadors.write.refused", request=request, actor=by, result=Result.REFUSED)
        raise AmbassadorError(_("Ambassadors are appointed by the staff of a town."))
    if worker is not None:
        name, phone = worker.name, phone or worker.phone
    name = (name or "").strip()
    if not name:
        raise AmbassadorError(_("Give the ambassador's name."), field="name")
    if not phone:
        raise AmbassadorError(_("Give the ambassador's mobile phone."), field="phone")
    today = _day(recorded_at)
    with area_scope(town), transaction.atomic():
        Region.tree.select_for_update().filter(code=town).first()  # one appointment at a time
        active = active_ambassadors(today).filter(region_id=town)
        if active.filter(phone_hash=lookup_hash(PHONE, phone)).exists():
            raise AmbassadorError(_("This person is already an ambassador of the town."))
        if active.count() >= PER_TOWN:
            raise AmbassadorError(
                _(
                    "The town already has %(count)s active ambassadors, the most it may have; "
                    "end one before appointing another."
                )
                % {"count": PER_TOWN}
            )
        ambassador = Ambassador(
            region_id=town,
            worker=worker,
            name=name[:50],
            phone=phone,
            token=secrets.token_urlsafe(12),
            starts_on=today,
            appointed_by=by,
        )
        ambassador.full_clean(exclude=["appointed_by", "ended_by", "worker"])
        ambassador.save()
        log_action(
            "ambassadors.ambassador.appointed",
            request=request,
            actor=by,
            obj=ambassador,
            detail={"worker": worker.pk if worker else None},
        )
    return ambassador


def end_ambassador(ambassador: Ambassador, *, by, request=None) -> Ambassador:
    check_writer(by, "ambassadors.write.refused", request=request, obj=ambassador)
    today = timezone.localdate()
    with area_scope(ambassador.region_id), transaction.atomic():
        current = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
        if current.ends_on is not None and current.ends_on <= today:
            raise AmbassadorError(_("This ambassador has already ended."))
        current.ends_on = max(today, current.starts_on)
        current.ended_by = by
        current.save(update_fields=["ends_on", "ended_by"])
        log_action("ambassadors.ambassador.ended", request=request, actor=by, obj=current)
    return current


def ambassador_for_phone(phone: str) -> Ambassador | None:
    """The active ambassador signed in with this phone (their portal door)."""
    with unscoped():
        return (
            active_ambassadors()
            .filter(phone_hash=lookup_hash(PHONE, phone))
            .select_related("region")
            .first()
        )


def ambassador_for_phone_hash(phone_hash: str) -> Ambassador | None:
    if not phone_hash:
        return None
    with unscoped():
        return active_ambassadors().filter(phone_hash=phone_hash).select_related("region").first()


def ambassador_for_token(token: str) -> Ambassador | None:
    with unscoped():
        return active_ambassadors().filter(token=token).select_related("region").first()


# Referrals --------------------------------------------------------------------------------------


def apply_by_referral(ambassador: Ambassador, worker: Worker, posting, *, request=None):
    """The person applies through the ambassador's link: an application with source "referral"
    and the referral that records who brought them. Applying again changes nothing."""
    if not ambassador.is_active_on(timezone.localdate()):
        raise AmbassadorError(_("This referral link is no longer valid."))
    with transaction.atomic():
        application, created = placements.apply(
            worker, posting, source=Source.REFERRAL, by="worker", request=request
        )
        if created and application.source == Source.REFERRAL:
            with area_scope(ambassador.region_id):
                referral = Referral(
                    ambassador=ambassador,
                    worker=worker,
                    employer_id=posting.employer_id,
                    application=application,
                    via=Via.LINK,
                )
                referral.save()
                log_action(
                    "ambassadors.referral.linked",
                    request=request,
                    obj=referral,
                    detail={"application": application.pk, "ambassador": ambassador.pk},
                )
    return application, created


def find_person(id_number: str, name: str) -> Worker | None:
    """A registry person by exact ID number and name (the ambassador knows both)."""
    with unscoped():
        worker = Worker._base_manager.filter(**hash_filter(Worker, "id_number", id_number)).first()
    if worker is None or worker.name != name.strip():
        return None
    return worker


def record_referral(
    ambassador: Ambassador,
    worker: Worker,
    *,
    consent: bool,
    employer=None,
    by=None,
    request=None,
    recorded_at=None,
) -> Referral:
    """The ambassador records a person they brought; the person must have agreed.
    `recorded_at`: when, now unless a loader replays a past season (the demo)."""
    if by is not None:
        check_writer(by, "ambassadors.write.refused", request=request, obj=ambassador)
    today = _day(recorded_at)
    if not ambassador.is_active_on(today):
        raise AmbassadorError(_("This ambassador has ended and can no longer refer people."))
    if not consent:
        raise AmbassadorError(
            _("The person must agree to be recorded as referred by the ambassador."),
            field="consent",
        )
    if worker.pk == ambassador.worker_id or worker.phone_hash == ambassador.phone_hash:
        raise AmbassadorError(_("An ambassador cannot refer themselves."), field="id_number")
    with area_scope(ambassador.region_id), transaction.atomic():
        same = Referral.objects.filter(ambassador=ambassador, worker=worker, employer=employer)
        if same.exists():
            raise AmbassadorError(_("This person is already recorded as referred by you."))
        referral = Referral(
            ambassador=ambassador,
            worker=worker,
            employer=employer,
            via=Via.RECORDED,
            consent=True,
            consent_on=today,
            recorded_by=by,
            referred_at=recorded_at or timezone.now(),
        )
        referral.save()
        log_action(
            "ambassadors.referral.recorded",
            request=request,
            actor=by,
            obj=referral,
            detail={"employer": employer.pk if employer else None, "ambassador": ambassador.pk},
        )
    return referral


# Bounties ---------------------------------------------------------------------------------------


def _applications_for(referral: Referral):
    if referral.application_id:
        return [referral.application]
    rows = Application._base_manager.filter(
        worker_id=referral.worker_id, applied_at__gte=referral.referred_at
    ).select_related("posting")
    if referral.employer_id:
        rows = rows.filter(posting__employer_id=referral.employer_id)
    hired_later = Application._base_manager.filter(
        worker_id=referral.worker_id,
        status=Status.HIRED,
        hired_on__gte=referral.referred_at.date(),
    ).select_related("posting")
    if referral.employer_id:
        hired_later = hired_later.filter(posting__employer_id=referral.employer_id)
    return list({a.pk: a for a in [*rows, *hired_later]}.values())


def candidates(referrals) -> list[rules.Candidate]:
    """The rule facts of every referral × application it covers (read across areas: a referred
    person's applications and follow-ups lie in their own village)."""
    referrals = list(referrals)
    with unscoped():
        ambassadors = {r.ambassador_id: r.ambassador for r in referrals}
        staff = _approving_staff(ambassadors.values())
        pairs = [(r, a) for r in referrals for a in _applications_for(r)]
        app_ids = [a.pk for _r, a in pairs]
        employers = {a.pk: a.posting.employer_id for _r, a in pairs}
        facts: dict[int, list[rules.FollowUpFact]] = {}
        for f in FollowUp._base_manager.filter(application_id__in=app_ids):
            facts.setdefault(f.application_id, []).append(
                rules.FollowUpFact(f.months, f.due_on, f.result, f.left_on)
            )
        approved = set(
            Bounty._base_manager.filter(application_id__in=app_ids).values_list(
                "application_id", flat=True
            )
        )
        workers = {
            w.pk: w.phone_hash
            for w in Worker._base_manager.filter(pk__in={r.worker_id for r in referrals})
        }
        works_for = _works_for(ambassadors.values())
    out = []
    for r, a in pairs:
        amb = ambassadors[r.ambassador_id]
        employer_id = employers[a.pk]
        out.append(
            rules.Candidate(
                referral_id=r.pk,
                ambassador_id=amb.pk,
                worker_id=r.worker_id,
                employer_id=employer_id,
                application_id=a.pk,
                referred_at=r.referred_at,
                status=a.status,
                hired_on=a.hired_on,
                contract_months=a.contract_months,
                followups=tuple(facts.get(a.pk, ())),
                is_the_person=r.worker_id == amb.worker_id
                or workers.get(r.worker_id) == amb.phone_hash,
                works_for_employer=employer_id in works_for.get(amb.pk, set()),
                is_approving_staff=amb.pk in staff,
                approved=a.pk in approved,
            )
        )
    return out


def _approving_staff(ambassadors) -> set[int]:
    """Ambassadors who are staff users (same phone) of their town or of an area above it."""
    from homeward.accounts.models import User

    by_hash = {}
    for amb in ambassadors:
        by_hash.setdefault(amb.phone_hash, []).append(amb)
    found = set()
    users = User.objects.filter(phone_hash__in=list(by_hash), is_active=True)
    for user in users.values("phone_hash", "region_id"):
        for amb in by_hash.get(user["phone_hash"], []):
            code = user["region_id"] or ""
            if code and (covers(code, amb.region_id) or covers(amb.region_id, code)):
                found.add(amb.pk)
    return found


def _works_for(ambassadors) -> dict[int, set[int]]:
    """The employers each ambassador works for: as an active employer user (same phone), or a
    hire there of their registry person that no follow-up says they left."""
    ambassadors = list(ambassadors)
    by_hash = {}
    for amb in ambassadors:
        by_hash.setdefault(amb.phone_hash, []).append(amb.pk)
    result: dict[int, set[int]] = {}
    for phone_hash, employer_id in EmployerUser._base_manager.filter(
        phone_hash__in=list(by_hash), is_active=True
    ).values_list("phone_hash", "employer_id"):
        for pk in by_hash[phone_hash]:
            result.setdefault(pk, set()).add(employer_id)
    by_worker = {amb.worker_id: amb.pk for amb in ambassadors if amb.worker_id}
    hires = (
        Application._base_manager.filter(worker_id__in=list(by_worker), status=Status.HIRED)
        .exclude(followups__result="left")
        .values_list("worker_id", "posting__employer_id")
    )
    for worker_id, employer_id in hires:
        result.setdefault(by_worker[worker_id], set()).add(employer_id)
    return result


def verdicts(*, today: date | None = None, ambassadors=None) -> list[rules.Verdict]:
    """The bounty verdict of every referral of the current area's ambassadors (or of those
    given). The first-referral rule looks at every ambassador's referrals of the same people."""
    today = today or timezone.localdate()
    mine = Referral.objects.all()
    if ambassadors is not None:
        mine = mine.filter(ambassador__in=list(ambassadors))
    mine = list(mine.select_related("ambassador", "application"))
    with unscoped():
        rivals = list(
            Referral._base_manager.filter(worker_id__in={r.worker_id for r in mine})
            .exclude(pk__in=[r.pk for r in mine])
            .select_related("ambassador", "application")
        )
    mine_ids = {r.pk for r in mine}
    judged = rules.judge(candidates([*mine, *rivals]), today=today)
    return [v for v in judged if v.candidate.referral_id in mine_ids]


def approve_bounty(referral: Referral, application_id: int, *, by, request=None) -> Bounty:
    """A town or county staff who is not the ambassador approves a due bounty, once."""
    check_writer(by, "ambassadors.write.refused", request=request, obj=referral)
    ambassador = referral.ambassador
    refused = None
    if by.level not in (Level.TOWN, Level.COUNTY) and not by.is_superuser:
        refused = _("Bounties are approved by the staff of the town or the county.")
    elif by.phone_hash and by.phone_hash == ambassador.phone_hash:
        refused = _("An ambassador cannot approve their own bounty.")
    if refused:
        log_action(
            "ambassadors.bounty.refused",
            request=request,
            actor=by,
            obj=referral,
            result=Result.REFUSED,
        )
        raise PermissionDenied(refused)
    today = timezone.localdate()
    verdict = next(
        (
            v
            for v in verdicts(today=today, ambassadors=[ambassador])
            if v.candidate.referral_id == referral.pk
            and v.candidate.application_id == application_id
        ),
        None,
    )
    if verdict is None:
        raise AmbassadorError(_("No bounty of this referral for that application."))
    if verdict.state == rules.APPROVED:
        raise AmbassadorError(_("This bounty was already approved; it is paid once."))
    if verdict.state != rules.DUE:
        raise AmbassadorError(_("This bounty is not due: %(reason)s") % {"reason": verdict.reason})
    c = verdict.candidate
    try:
        with area_scope(ambassador.region_id), transaction.atomic():
            bounty = Bounty(
                region_id=ambassador.region_id,
                ambassador=ambassador,
                referral=referral,
                application_id=c.application_id,
                worker_id=c.worker_id,
                employer_id=c.employer_id,
                amount=bounty_amount(ambassador.region_id),
                falls_due_on=verdict.falls_due_on,
                approved_by=by,
            )
            bounty.save()
            log_action(
                "ambassadors.bounty.approved",
                request=request,
                actor=by,
                obj=bounty,
                detail={"amount": str(bounty.amount), "application": c.application_id},
            )
    except IntegrityError:
        raise AmbassadorError(_("This bounty was already approved; it is paid once.")) from None
    return bounty


# Recruiting officers ----------------------------------------------------------------------------


def mark_officer(employer_user: EmployerUser, *, on: bool, by, request=None):
    check_writer(by, "ambassadors.write.refused", request=request, obj=employer_user)
    with transaction.atomic():
        existing = RecruitingOfficer.objects.filter(employer_user=employer_user).first()
        if on and existing is None:
            officer = RecruitingOfficer(employer_user=employer_user, marked_by=by)
            officer.save()
            log_action("ambassadors.officer.marked", request=request, actor=by, obj=officer)
            return officer
        if not on and existing is not None:
            log_action("ambassadors.officer.unmarked", request=request, actor=by, obj=existing)
            existing.delete()
        return existing if on else None


def attributed(application_ids) -> dict[int, int]:
    """The ambassador each application counts for (the first referral covering it), for the
    retention figures: a link referral's own application, or a recorded referral's person's
    applications (for its employer, or any) made or hired after it."""
    application_ids = list(application_ids)
    with unscoped():
        apps = list(
            Application._base_manager.filter(pk__in=application_ids).values(
                "pk", "worker_id", "posting__employer_id", "applied_at", "hired_on"
            )
        )
        referrals = list(
            Referral._base_manager.filter(worker_id__in={a["worker_id"] for a in apps}).order_by(
                "referred_at", "pk"
            )
        )
    by_worker: dict[int, list[Referral]] = {}
    for r in referrals:
        by_worker.setdefault(r.worker_id, []).append(r)
    result = {}
    for a in apps:
        for r in by_worker.get(a["worker_id"], []):
            if r.application_id:
                covers_it = r.application_id == a["pk"]
            else:
                covers_it = r.employer_id in (None, a["posting__employer_id"]) and (
                    a["applied_at"] >= r.referred_at
                    or (a["hired_on"] is not None and a["hired_on"] >= r.referred_at.date())
                )
            if covers_it:
                result[a["pk"]] = r.ambassador_id
                break
    return result
