"""The writes of trips, one named function each: a trip created or changed, a person signed up
(by staff or on the portal), boarded on the day, their answers on board, and (trips out) the
employer's confirmation of their arrival.

Each is atomic, audited, and refused with a Chinese message (`TripError`) when the state does not
allow it. They run in the trip's organising area (`area_scope(trip.region_id)`): portal people and
employer users have no area, and passengers live anywhere. Staff callers must be of the trip's
area (`_check_staff`), so a trip of another area is refused even if a view forgot to look it up
through the scoped manager.

Seats: `sign_up` locks the trip's row (SELECT … FOR UPDATE) before it counts the sign-ups, so two
people taking the last seat at once are served one after the other and the second is refused.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.crypto import mask_name
from homeward.placements.models import Application, Status
from homeward.scoping import area_scope
from homeward.workers.models import EmploymentStatus, Intention, Source, Worker
from homeward.workers.services import record_status

from .models import BoardAnswer, SignUp, Trip


class TripError(ValueError):
    """A write refused for a reason the person can act on; `field` is the form field concerned."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_staff(by, trip: Trip | None, action: str, *, request=None, region_id=None) -> None:
    """Refuse, and audit, a staff user who may only read, or who is not of the trip's area."""
    code = region_id or (trip.region_id if trip is not None else None)
    if not writer_of(by, code, action, obj=trip, request=request):
        raise TripError(_("This trip is organised by another area."))


def _refused(trip, by, request, reason: str) -> None:
    log_action(
        "trips.signup.refused",
        request=request,
        actor=by,
        obj=trip,
        result=Result.REFUSED,
        detail={"reason": reason},
    )


# Trips ------------------------------------------------------------------------------------------


def save_trip(form, *, by, request=None) -> Trip:
    """Create or change the trip of a valid `TripForm`."""
    trip = form.save(commit=False)
    adding = trip.pk is None
    _check_staff(
        by,
        None if adding else trip,
        "trips.write.refused",
        request=request,
        region_id=trip.region_id,
    )
    if trip.kind == Trip.Kind.OUT and trip.employer_id is None:
        raise TripError(_("Choose the employer the people are taken to."), field="employer")
    if trip.kind == Trip.Kind.OUT:
        trip.fair = None
    else:
        trip.employer = None
    if not adding:
        taken = SignUp._base_manager.filter(trip=trip).count()
        if trip.seats < taken:
            raise TripError(
                _("%(n)s people have already signed up: the seats cannot be fewer.") % {"n": taken},
                field="seats",
            )
    with area_scope(trip.region_id), transaction.atomic():
        if adding:
            trip.created_by = by
            trip.save()
        else:
            trip.save()
        log_action(
            "trips.trip.created" if adding else "trips.trip.changed",
            request=request,
            actor=by,
            obj=trip,
            detail={"fields": sorted(form.changed_data)},
        )
    return trip


# Sign-ups ---------------------------------------------------------------------------------------


def hire_for(trip: Trip, worker: Worker) -> Application | None:
    """The person's hire by the trip's employer (trips out take only people hired there)."""
    return (
        Application._base_manager.filter(
            worker=worker, posting__employer_id=trip.employer_id, status=Status.HIRED
        )
        .order_by("-hired_on", "-pk")
        .first()
    )


def _day(recorded_at):
    return timezone.localtime(recorded_at).date() if recorded_at else timezone.localdate()


def sign_up(trip: Trip, worker: Worker, *, by=None, request=None, recorded_at=None) -> SignUp:
    """Put the person on the trip: by staff (`by`) or themselves on the portal (`by=None`).

    `recorded_at` (here and in the writes on the day): when it was done, now unless a loader
    replays a past trip (the demo); the day's rules are checked against that day.

    Refused: a trip that has left, a person already on it, a full trip, and on a trip out a
    person the employer has not hired.
    """
    _check_staff(by, trip, "trips.signup.refused", request=request)
    if trip.departs_on < _day(recorded_at):
        _refused(trip, by, request, "departed")
        raise TripError(_("This trip has already left."))
    application = None
    if trip.kind == Trip.Kind.OUT:
        application = hire_for(trip, worker)
        if application is None:
            _refused(trip, by, request, "not_hired")
            raise TripError(
                _("%(name)s has not been hired by this trip's employer: only its hires go.")
                % {"name": mask_name(worker.name)}
            )
    refused = None
    with area_scope(trip.region_id), transaction.atomic():
        locked = Trip.objects.select_for_update().get(pk=trip.pk)
        if SignUp.objects.filter(trip=locked, worker=worker).exists():
            refused = "twice"
        elif SignUp.objects.filter(trip=locked).count() >= locked.seats:
            refused = "full"
        else:
            signup = SignUp(
                trip=locked,
                worker=worker,
                channel=SignUp.Channel.PORTAL if by is None else SignUp.Channel.STAFF,
                by=by,
                application=application,
                at=recorded_at or timezone.now(),
            )
            try:
                with transaction.atomic():
                    signup.save()
            except IntegrityError:  # the same tap twice at once: the other one won
                refused = "twice"
            else:
                log_action(
                    "trips.signup.created",
                    request=request,
                    actor=by,
                    obj=locked,
                    object_repr=f"{locked.title}：{mask_name(worker.name)}",
                    detail={"worker": worker.pk, "channel": signup.channel},
                )
    if refused is None:
        return signup
    # Audited after the transaction: a refusal leaves its row even though nothing was written.
    _refused(trip, by, request, refused)
    if refused == "full":
        raise TripError(
            _("This trip is full: all %(seats)s seats are taken.") % {"seats": locked.seats}
        )
    raise TripError(
        _("%(name)s has already signed up for this trip.") % {"name": mask_name(worker.name)}
    )


def seats_left(trip: Trip) -> int:
    return max(trip.seats - SignUp._base_manager.filter(trip=trip).count(), 0)


# On the day -------------------------------------------------------------------------------------


def mark_boarded(signup: SignUp, *, by, request=None, recorded_at=None) -> SignUp:
    """The passenger got on (点名上车), from the day of departure on."""
    trip = signup.trip
    _check_staff(by, trip, "trips.write.refused", request=request)
    if _day(recorded_at) < trip.departs_on:
        raise TripError(_("Boarding is recorded from the day of departure."))
    with area_scope(trip.region_id), transaction.atomic():
        current = SignUp.objects.select_for_update().get(pk=signup.pk)
        if current.boarded_at is not None:
            raise TripError(_("This passenger is already marked as boarded."))
        current.boarded_at, current.boarded_by = recorded_at or timezone.now(), by
        current.save(update_fields=["boarded_at", "boarded_by"])
        log_action(
            "trips.passenger.boarded",
            request=request,
            actor=by,
            obj=trip,
            object_repr=f"{trip.title}：{mask_name(current.worker.name)}",
            detail={"signup": current.pk},
        )
    return current


def record_answer(
    signup: SignUp, *, status: str, intention: str, by, request=None, recorded_at=None
):
    """What the passenger said on board: the door-to-door survey's status and job intention.

    Kept with the sign-up (answering again changes it) and, like a survey visit, written to the
    person's registry record: the status as a status event, the intention on the record.
    """
    trip = signup.trip
    _check_staff(by, trip, "trips.write.refused", request=request)
    if status and status not in EmploymentStatus.values:
        raise TripError(_("Choose the employment status from the list."), field="status")
    if intention and intention not in Intention.values:
        raise TripError(_("Choose the job intention from the list."), field="intention")
    if not status and not intention:
        raise TripError(_("Give the status or the job intention."), field="status")
    if signup.boarded_at is None:
        raise TripError(_("Mark the passenger as boarded first."))
    with transaction.atomic():
        worker = Worker._base_manager.get(pk=signup.worker_id)
        event = None
        with area_scope(worker.region_id):
            if status:
                event = record_status(
                    worker,
                    status=status,
                    occurred_on=_day(recorded_at),
                    source=Source.STAFF,
                    by=by,
                    work_scope=worker.work_scope if status == worker.status else "",
                    work_place=worker.work_place if status == worker.status else "",
                    note=_("Said on board the trip “%(trip)s”") % {"trip": trip.title[:60]},
                )
            if intention and intention != worker.intention:
                worker.intention = intention
                worker.save(update_fields=["intention"])
        with area_scope(trip.region_id):
            answer = BoardAnswer.objects.select_for_update().filter(signup=signup).first()
            if answer is None:
                answer = BoardAnswer(signup=signup)
            answer.status, answer.intention, answer.by, answer.at = (
                status,
                intention,
                by,
                recorded_at or timezone.now(),
            )
            if event is not None:
                answer.status_event = event
            answer.save()
            log_action(
                "trips.answer.recorded",
                request=request,
                actor=by,
                obj=trip,
                object_repr=f"{trip.title}：{mask_name(worker.name)}",
                detail={"signup": signup.pk, "status": status, "intention": intention},
            )
    return answer


def confirm_arrival(
    signup: SignUp, *, by=None, employer_user=None, request=None, recorded_at=None
) -> SignUp:
    """The employer (or staff) confirms the passenger of a trip out arrived: a placement out of
    the area, counted in the results."""
    trip = signup.trip
    _check_staff(by, trip, "trips.write.refused", request=request)
    if trip.kind != Trip.Kind.OUT:
        raise TripError(_("Arrival is confirmed only on trips out to an employer."))
    if employer_user is not None and employer_user.employer_id != trip.employer_id:
        log_action(
            "trips.arrival.refused",
            request=request,
            obj=trip,
            result=Result.REFUSED,
            detail={"employer_user": employer_user.pk},
        )
        raise TripError(_("Only the trip's employer confirms arrival."))
    if _day(recorded_at) < trip.departs_on:
        raise TripError(_("Arrival is confirmed from the day of departure."))
    with area_scope(trip.region_id), transaction.atomic():
        current = SignUp.objects.select_for_update().get(pk=signup.pk)
        if current.arrived_at is not None:
            raise TripError(_("This person's arrival is already confirmed."))
        current.arrived_at = recorded_at or timezone.now()
        current.arrival_by, current.arrival_by_employer_user = by, employer_user
        if current.boarded_at is None:  # arrived: they were on the trip
            current.boarded_at = current.arrived_at
        current.save(
            update_fields=["arrived_at", "arrival_by", "arrival_by_employer_user", "boarded_at"]
        )
        log_action(
            "trips.arrival.confirmed",
            request=request,
            actor=by,
            obj=trip,
            object_repr=f"{trip.title}：{mask_name(current.worker.name)}",
            detail={"signup": current.pk, "employer_user": getattr(employer_user, "pk", None)},
        )
    return current
