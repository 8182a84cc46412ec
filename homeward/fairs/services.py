"""The writes of job fairs, one named function each: a fair created or changed, a booth signed
up, approved or refused, a person registered ahead or checked in, an intention recorded.

Each is atomic, audited, and refused with a Chinese message (`FairError`) when the state does not
allow it. They run in the fair's organising area (`area_scope(fair.region_id)`): employer users
and portal people have no area, and attendees live anywhere. Staff callers must be of the fair's
area (`_check_staff`): the fair of another area is refused even if a view forgot to look it up
through the scoped manager.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import idnumber
from homeward.crypto import hash_filter, mask_name
from homeward.jobs.models import Posting
from homeward.placements import services as placements
from homeward.placements.models import Application, Source
from homeward.regions.codes import county_of
from homeward.regions.models import Region
from homeward.scoping import area_condition, area_scope, covers
from homeward.workers.models import Worker
from homeward.workers.services import register_worker

from .models import (
    Booth,
    BoothStatus,
    Channel,
    CheckIn,
    Fair,
    Intention,
    Method,
    Registration,
)

QR_SALT = "homeward.fairs.checkin"
QR_SECONDS = 120  # a personal check-in code is good for two minutes


class FairError(ValueError):
    """A write refused for a reason the person can fix; `field` is the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_staff(by, fair: Fair | None, action: str, *, request=None, region_id=None) -> None:
    """Refuse, and audit, a staff user who may only read, or who is not of the fair's area."""
    code = region_id or (fair.region_id if fair is not None else None)
    if not writer_of(by, code, action, obj=fair, request=request):
        raise FairError(_("This fair is organised by another area."))


# Fairs ----------------------------------------------------------------------------------------


def save_fair(form, *, by, request=None, recorded_at=None) -> Fair:
    """Create or change the fair of a valid `FairForm`.

    `recorded_at` (here and in the other writes): when it was done, now unless a loader
    replays a past season (the demo); the day's rules are checked against that day."""
    fair = form.save(commit=False)
    adding = fair.pk is None
    _check_staff(
        by,
        None if adding else fair,
        "fairs.write.refused",
        request=request,
        region_id=fair.region_id,
    )
    with area_scope(fair.region_id), transaction.atomic():
        if adding:
            fair.created_by = by
            fair.created_at = recorded_at or timezone.now()
            fair.save()
        else:
            fair.save(update_fields=[*form.changed_data, "updated_at"])
        log_action(
            "fairs.fair.created" if adding else "fairs.fair.changed",
            request=request,
            actor=by,
            obj=fair,
            detail={"fields": sorted(form.changed_data)},
        )
    return fair


def add_stop(fair: Fair, *, on, village: Region, at=None, by, request=None):
    from .models import CaravanStop, Kind

    _check_staff(by, fair, "fairs.write.refused", request=request)
    if fair.kind != Kind.CARAVAN:
        raise FairError(_("Only a village caravan has stops."))
    if not fair.starts_on <= on <= fair.ends_on:
        raise FairError(_("The stop's date must lie within the fair's dates."), field="on")
    if village.level != "village" or not covers(fair.region_id, village.code):
        raise FairError(_("Choose a village of the organising area."), field="village")
    with area_scope(fair.region_id), transaction.atomic():
        stop = CaravanStop(fair=fair, on=on, village=village, at=at)
        stop.save()
        log_action("fairs.stop.added", request=request, actor=by, obj=fair, detail={"on": str(on)})
    return stop


# Booths ---------------------------------------------------------------------------------------


def sign_up_booth(
    fair: Fair, employer, postings, *, by=None, employer_user=None, request=None, recorded_at=None
) -> Booth:
    """The employer takes a booth with `postings` (its own, on offer); signing up again changes
    the postings and asks for approval again."""
    _check_staff(by, fair, "fairs.write.refused", request=request)
    postings = list(postings)
    if not postings:
        raise FairError(_("Choose at least one job posting to bring."), field="postings")
    today = _day(recorded_at)
    for posting in postings:
        if posting.employer_id != employer.pk:
            raise FairError(_("A booth brings only its employer's own postings."), field="postings")
        if not posting.is_on_offer(today):
            raise FairError(
                _("“%(job)s” is not published: only published postings go to a fair.")
                % {"job": posting.title},
                field="postings",
            )
    if fair.ends_on < today:
        raise FairError(_("This fair is over."))
    with area_scope(fair.region_id), transaction.atomic():
        booth = Booth.objects.select_for_update().filter(fair=fair, employer=employer).first()
        adding = booth is None
        if adding:
            booth = Booth(
                fair=fair,
                employer=employer,
                signed_up_by=by,
                signed_up_by_employer_user=employer_user,
                signed_up_at=recorded_at or timezone.now(),
            )
            try:
                with transaction.atomic():
                    booth.save()
            except IntegrityError:
                raise FairError(_("This employer has already signed up for the fair.")) from None
        elif booth.status != BoothStatus.PENDING:
            booth.status = BoothStatus.PENDING
            booth.reason = ""
            booth.save(update_fields=["status", "reason"])
        booth.postings.set(postings)
        log_action(
            "fairs.booth.signed_up" if adding else "fairs.booth.changed",
            request=request,
            actor=by,
            obj=booth,
            detail={
                "fair": fair.pk,
                "employer": employer.pk,
                "postings": [p.pk for p in postings],
                "employer_user": getattr(employer_user, "pk", None),
            },
        )
    return booth


def approve_booth(booth: Booth, *, by, request=None, recorded_at=None) -> Booth:
    return _decide(booth, BoothStatus.APPROVED, "", by=by, request=request, recorded_at=recorded_at)


def refuse_booth(booth: Booth, *, reason: str, by, request=None) -> Booth:
    if not reason.strip():
        raise FairError(_("Say why the booth is refused."), field="reason")
    return _decide(booth, BoothStatus.REFUSED, reason.strip()[:200], by=by, request=request)


def _decide(booth: Booth, status: str, reason: str, *, by, request=None, recorded_at=None) -> Booth:
    fair = booth.fair
    _check_staff(by, fair, "fairs.write.refused", request=request)
    with area_scope(fair.region_id), transaction.atomic():
        current = Booth.objects.select_for_update().get(pk=booth.pk)
        if current.status == status:
            raise FairError(
                _("This booth is already approved.")
                if status == BoothStatus.APPROVED
                else _("This booth is already refused.")
            )
        current.status, current.reason = status, reason
        current.decided_by, current.decided_at = by, recorded_at or timezone.now()
        current.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        log_action(
            f"fairs.booth.{'approved' if status == BoothStatus.APPROVED else 'refused'}",
            request=request,
            actor=by,
            obj=current,
            detail={"fair": fair.pk, "reason": reason},
        )
    return current


# Registering ahead and the personal QR --------------------------------------------------------


def register_for_fair(fair: Fair, worker: Worker, *, request=None) -> tuple[Registration, bool]:
    """The person says on the portal they will come. Twice is once."""
    if fair.ends_on < timezone.localdate():
        raise FairError(_("This fair is over."))
    with area_scope(fair.region_id), transaction.atomic():
        existing = Registration.objects.filter(fair=fair, worker=worker).first()
        if existing is not None:
            return existing, False
        registration = Registration(fair=fair, worker=worker)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            return Registration.objects.get(fair=fair, worker=worker), False
        log_action("fairs.registration.created", request=request, obj=fair)
    return registration, True


def qr_token(fair: Fair, worker: Worker) -> str:
    """The person's check-in code for `fair`: signed, bound to fair and person, with a nonce."""
    payload = f"{fair.pk}.{worker.pk}.{secrets.token_hex(8)}"
    return signing.TimestampSigner(salt=QR_SALT).sign(payload)


def read_qr(fair: Fair, token: str, *, now=None) -> tuple[int, str]:
    """The worker id and nonce of a code shown for `fair`, or FairError saying what is wrong."""
    return _read_qr(fair.pk, token)


def _read_qr(fair_id: int, token: str) -> tuple[int, str]:
    signer = signing.TimestampSigner(salt=QR_SALT)
    token = (token or "").strip()
    try:
        payload = signer.unsign(token)
    except signing.BadSignature:
        raise FairError(_("This is not a check-in code of Homeward.")) from None
    try:
        code_fair, worker_id, nonce = payload.split(".")
        code_fair, worker_id = int(code_fair), int(worker_id)
    except ValueError:
        raise FairError(_("This is not a check-in code of Homeward.")) from None
    if code_fair != fair_id:
        raise FairError(_("This code is for another fair."))
    try:
        signer.unsign(token, max_age=timedelta(seconds=QR_SECONDS))
    except signing.SignatureExpired:
        raise FairError(
            _("This code has expired: ask the person to open the code page again.")
        ) from None
    return worker_id, nonce


# Check-in -------------------------------------------------------------------------------------


def check_in_by_qr(fair: Fair, token: str, *, by, request=None) -> CheckIn:
    return check_in_at_door(fair.pk, token, by=by, request=request)[0]


def check_in_at_door(fair_id: int, token: str, *, by, request=None) -> tuple[CheckIn, int]:
    """A person's code scanned at the door of fair `fair_id`: the check-in and how many have
    checked in so far. The door's busiest request, so its reads are fixed SQL: one query reads
    the fair, in the current area (`scoping.area_condition`), with the person the code names
    (attendees live anywhere: the person is not limited to the area; only what the check-in
    shows and stores — the ID number and phone are not decrypted) and one counts the fair's
    check-ins after the insert. Fair.DoesNotExist when the current area has no such fair (the
    page answers 404 before reading the code); otherwise the rules of every check-in: staff of
    the fair's area, a valid code of this fair, the fair's days; the unique keys refuse a
    second check-in and a replayed code, and every refusal is audited."""
    try:
        worker_id, nonce = _read_qr(fair_id, token)
        bad_code = None
    except FairError as error:
        worker_id, nonce, bad_code = None, None, error
    fair, worker = _fair_and_person(fair_id, worker_id)
    _check_staff(by, fair, "fairs.checkin.refused", request=request)
    if bad_code is not None:
        raise bad_code
    if worker is None:
        raise FairError(_("This is not a check-in code of Homeward."))
    checkin = _check_in(fair, worker, Method.QR, nonce, by=by, request=request, count=True)
    return checkin, checkin.count_so_far


def _door_sql() -> str:
    quote = connection.ops.quote_name
    fair, worker = quote(Fair._meta.db_table), quote(Worker._meta.db_table)
    return (
        f"SELECT f.{quote('region_id')}, f.{quote('title')}, f.{quote('starts_on')}, "
        f"f.{quote('ends_on')}, w.{quote('id')}, w.{quote('name')}, w.{quote('region_id')} "
        f"FROM {fair} f LEFT JOIN {worker} w ON w.{quote('id')} = %s "
        f"WHERE f.{quote('id')} = %s AND "
    )  # noqa: S608 (names from the models; the values are parameters)


def _fair_and_person(fair_id: int, worker_id: int | None) -> tuple[Fair, Worker | None]:
    where, params = area_condition(f"f.{connection.ops.quote_name('region_id')}")
    with connection.cursor() as cursor:
        cursor.execute(_door_sql() + where, [worker_id, fair_id, *params])
        row = cursor.fetchone()
    if row is None:
        raise Fair.DoesNotExist
    region_id, title, starts_on, ends_on, pk, name, home = row
    fair = Fair(pk=fair_id, region_id=region_id, title=title)
    fair.starts_on, fair.ends_on = _as_date(starts_on), _as_date(ends_on)
    worker = Worker(pk=pk, name=name, region_id=home) if pk is not None else None
    return fair, worker


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def check_in_by_id(
    fair: Fair,
    id_number: str,
    *,
    by,
    name: str = "",
    village: str = "",
    request=None,
    recorded_at=None,
) -> tuple[CheckIn, bool]:
    """Check in the person with this ID number; one not in the registry is registered in their
    household village (`name` and `village` needed). Returns the check-in and whether the person
    was registered now."""
    _check_staff(by, fair, "fairs.checkin.refused", request=request)
    try:
        parsed = idnumber.parse(id_number)
    except idnumber.InvalidIdNumber as error:
        raise FairError(str(error), field="id_number") from None
    worker = Worker._base_manager.filter(**hash_filter(Worker, "id_number", parsed.number)).first()
    registered = False
    if worker is None:
        if not name.strip():
            raise FairError(
                _("This person is not in the registry yet: give their name and village."),
                field="name",
            )
        place = Region.tree.filter(code=village, level="village").first()
        if place is None or not place.code.startswith(county_of(parsed.region_code)):
            raise FairError(
                _("Choose the person's household village in the county of the ID number."),
                field="village",
            )
        data = {
            "id_number": parsed.number,
            "name": name.strip()[:50],
            "gender": parsed.gender,
            "birth_date": parsed.birth_date,
            "region_id": place.code,
        }
        with area_scope(place.code), transaction.atomic():
            worker, _outcome = register_worker(data, by=by, request=request)
        registered = True
    checkin = _check_in(
        fair, worker, Method.ID, None, by=by, request=request, recorded_at=recorded_at
    )
    return checkin, registered


def _day(recorded_at) -> date:
    return timezone.localtime(recorded_at).date() if recorded_at else timezone.localdate()


def _check_in(
    fair: Fair,
    worker: Worker,
    method: str,
    nonce,
    *,
    by,
    request=None,
    recorded_at=None,
    count: bool = False,
) -> CheckIn:
    today = _day(recorded_at)
    if not fair.starts_on <= today <= fair.ends_on:
        _refused(fair, by, request, "not_today")
        raise FairError(_("Check-in is open only on the days of the fair."))
    checkin = CheckIn(
        fair=fair, worker=worker, method=method, by=by, nonce=nonce,
        at=recorded_at or timezone.now(),
    )  # fmt: skip
    # The database's unique keys decide, in the one short transaction of the door's busiest
    # write: one check-in per person and fair (two phones at once included), one per code.
    try:
        with area_scope(fair.region_id), transaction.atomic():
            checkin.save()
            log_action(
                "fairs.checkin.created",
                request=request,
                actor=by,
                obj=fair,
                object_repr=f"{fair.title}：{mask_name(worker.name)}",
                detail={"method": method, "worker": worker.pk},
            )
            if count:  # the fair's check-ins so far, this one included (the page shows it)
                checkin.count_so_far = _count(fair.pk)
    except IntegrityError:
        # Refusals are audited after the rollback, so their rows stay.
        if nonce and CheckIn._base_manager.filter(nonce=nonce).exists():
            _refused(fair, by, request, "replayed")
            raise FairError(
                _("This code has already been used: a code is good for one check-in.")
            ) from None
        _refused(fair, by, request, "twice")
        raise FairError(already_checked_in(fair, worker)) from None
    return checkin


def _count(fair_id: int) -> int:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(CheckIn._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('fair_id')} = %s",
            [fair_id],
        )
        return cursor.fetchone()[0]


def already_checked_in(fair: Fair, worker: Worker) -> str:
    first = CheckIn._base_manager.filter(fair=fair, worker=worker).first()
    at = timezone.localtime(first.at).strftime("%H:%M") if first else ""
    return _("%(name)s has already checked in to this fair (at %(at)s).") % {
        "name": mask_name(worker.name),
        "at": at,
    }


def _refused(fair, by, request, reason: str) -> None:
    log_action(
        "fairs.checkin.refused",
        request=request,
        actor=by,
        obj=fair,
        result=Result.REFUSED,
        detail={"reason": reason},
    )


# Intentions -----------------------------------------------------------------------------------


def record_intention(
    fair: Fair,
    worker: Worker,
    posting: Posting,
    *,
    by=None,
    employer_user=None,
    channel: str = Channel.BOOTH,
    request=None,
    recorded_at=None,
) -> tuple[Intention, bool]:
    """The person and the posting reached an intention at the fair: the application (source
    fair) is made or found, and kept with the intention. Twice is once."""
    _check_staff(by, fair, "fairs.write.refused", request=request)
    booth = (
        Booth._base_manager.filter(
            fair=fair, status=BoothStatus.APPROVED, postings=posting, employer=posting.employer_id
        )
        .select_related("employer")
        .first()
    )
    if booth is None:
        raise FairError(_("This job is not at an approved booth of this fair."), field="posting")
    if employer_user is not None and employer_user.employer_id != booth.employer_id:
        raise FairError(_("You can record intentions only at your own booth."), field="posting")
    if channel == Channel.ONLINE and not fair.counts_applications_on(_day(recorded_at)):
        raise FairError(_("Applications through this fair's link are closed."))
    existing = Intention._base_manager.filter(fair=fair, worker=worker, posting=posting).first()
    if existing is not None:
        return existing, False
    if employer_user is not None:
        label = f"employer:{employer_user.pk}"
    elif by is not None:
        label = f"staff:{by.username}"
    else:
        label = "worker"
    with transaction.atomic():
        application, _created = placements.apply(
            worker, posting, source=Source.FAIR, by=label, actor=by, request=request
        )
        if Intention._base_manager.filter(application=application).exists():
            # Applied through another fair before: that fair keeps the application.
            raise FairError(_("This person's application to this job came through another fair."))
        with area_scope(fair.region_id):
            intention = Intention(
                fair=fair,
                booth=booth,
                worker=worker,
                posting=posting,
                application=application,
                channel=channel,
                by=by,
                by_employer_user=employer_user,
                at=recorded_at or timezone.now(),
            )
            try:
                with transaction.atomic():
                    intention.save()
            except IntegrityError:
                return Intention._base_manager.get(fair=fair, worker=worker, posting=posting), False
            log_action(
                "fairs.intention.recorded",
                request=request,
                actor=by,
                obj=intention,
                detail={
                    "fair": fair.pk,
                    "posting": posting.pk,
                    "application": application.pk,
                    "channel": channel,
                },
            )
    return intention, True


def application_of(worker: Worker, posting: Posting) -> Application | None:
    return Application._base_manager.filter(worker=worker, posting=posting).first()
