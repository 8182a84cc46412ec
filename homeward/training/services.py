"""Every write of training goes through these functions: atomic, state-checked, audited.

Staff callers pass `by` (their User): a read-only user (a leader) is refused and audited, and a
course outside their area is refused. The portal passes `by=None` and the worker. A course's
roster, attendance and assessments are written in the course's area; a certificate and an
invitation in the person's (they are the person's records), whoever writes them. Errors meant for
people are `TrainingError`s, naming the form field they concern when there is one.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import bounds
from homeward.core.bounds import range_message
from homeward.outreach.gateways import OutgoingMessage, send
from homeward.outreach.quiet import quiet_until
from homeward.scoping import area_of, area_scope, covers
from homeward.workers.models import Worker
from homeward.workers.vocab import MINIMUM_WORKING_AGE

from .models import (
    Assessment,
    Attendance,
    Brand,
    Certificate,
    Course,
    Enrolment,
    Invitation,
    Level,
    Provider,
)

logger = logging.getLogger(__name__)
INVITATION_TEMPLATE = "course_invite"  # the SMS provider's template: (name, course, starts, link)


class TrainingError(ValueError):
    """A write refused for a reason the person can fix; `field` is the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_writer(by, *, request=None, obj=None) -> None:
    if by is not None and not by.can_write:
        log_action(
            "training.write.refused", request=request, actor=by, obj=obj, result=Result.REFUSED
        )
        raise PermissionDenied


def _check_area(by, code: str, *, request=None, obj=None, field=None) -> None:
    """Staff write only inside their area: a course (or place) outside it is refused."""
    if by is not None and not covers(area_of(by), code):
        log_action(
            "training.area.refused",
            request=request,
            actor=by,
            obj=obj,
            result=Result.REFUSED,
            region_code=area_of(by) or "",
            detail={"region": code},
        )
        raise TrainingError(_("This course is outside your area."), field=field)


def _check_day(day, field: str) -> None:
    window = bounds.event_window(timezone.localdate())
    if day is None or not bounds.within(day, window):
        raise TrainingError(str(range_message(field, *window)))


def _saved(form, action_created: str, action_changed: str, *, by, request, fields=None):
    obj = form.save(commit=False)
    adding = obj.pk is None
    with transaction.atomic():
        if adding:
            obj.save()
        else:
            obj.save(update_fields=fields or [n for n in form._meta.fields if n != "employers"])
        if hasattr(form, "save_m2m"):
            form.save_m2m()
        log_action(
            action_created if adding else action_changed,
            request=request,
            actor=by,
            obj=obj,
            detail={"fields": sorted(form.changed_data)},
        )
    return obj


# Providers, courses, brands ------------------------------------------------------------------


def save_provider(form, *, by, request=None) -> Provider:
    provider = form.instance
    _check_writer(by, request=request, obj=provider if provider.pk else None)
    _check_area(by, provider.region_id, request=request, field="region")
    return _saved(
        form, "training.provider.created", "training.provider.changed", by=by, request=request
    )


def save_course(form, *, by, request=None) -> Course:
    """Create or change a course of a valid `CourseForm`: inside the author's area, ending on or
    after its start, with no fewer places than people already on it."""
    course = form.instance
    _check_writer(by, request=request, obj=course if course.pk else None)
    _check_area(by, course.region_id, request=request, field="region")
    if course.ends_on < course.starts_on:
        raise TrainingError(_("The course cannot end before it starts."), field="ends_on")
    if course.pk:
        taken = _taken(course)
        if course.capacity < taken:
            raise TrainingError(
                _("%(count)s people are already enrolled: give at least that many places.")
                % {"count": taken},
                field="capacity",
            )
    return _saved(
        form, "training.course.created", "training.course.changed", by=by, request=request
    )


SITE_FAIR_DAYS = 30  # a training-site fair is held during the course or this many days after


def open_site_fair(course: Course, *, on: date, by, request=None):
    """培训即就业: the course's training-site fair — an on-site fair of the course's area at its
    place on day `on` (during the course or up to 30 days after it), to which employers bring
    booths as to any fair (`fairs.services`); hires there are traced to the course
    (`site_fair_hires`). One per course."""
    from datetime import timedelta

    from homeward.fairs.models import Fair, Kind

    _check_writer(by, request=request, obj=course)
    _check_area(by, course.region_id, request=request, obj=course)
    _check_day(on, _("date"))
    last = course.ends_on + timedelta(days=SITE_FAIR_DAYS)
    if not course.starts_on <= on <= last:
        raise TrainingError(
            _("The training-site fair is held between %(start)s and %(end)s.")
            % {"start": f"{course.starts_on:%Y-%m-%d}", "end": f"{last:%Y-%m-%d}"},
            field="on",
        )
    with area_scope(course.region_id), transaction.atomic():
        locked = Course._base_manager.select_for_update().get(pk=course.pk)
        if locked.site_fair_id is not None:
            raise TrainingError(_("This course already has its training-site fair."), field="on")
        venue = " ".join(
            part for part in (course.region.name, course.place or course.provider.name) if part
        )
        fair = Fair(
            title=f"{course.title}·{_('training-site fair')}"[:100],
            kind=Kind.ONSITE,
            region_id=course.region_id,
            starts_on=on,
            ends_on=on,
            venue=venue[:200],
            created_by=by,
        )
        fair.save()
        locked.site_fair = fair
        locked.save(update_fields=["site_fair"])
        course.site_fair = fair
        log_action("training.site_fair.opened", request=request, actor=by, obj=course,
                   detail={"fair": fair.pk, "on": f"{on:%Y-%m-%d}"})  # fmt: skip
    return fair


def site_fair_hires(course: Course):
    """The hires at the course's training-site fair of people who took the course: the fair's
    intentions whose application was hired (the records behind the course's figure)."""
    from homeward.fairs.models import Intention
    from homeward.placements.models import Status as ApplicationStatus

    if course.site_fair_id is None:
        return Intention._base_manager.none()
    enrolled = Enrolment._base_manager.filter(course=course).exclude(
        status=Enrolment.Status.DROPPED
    )
    return (
        Intention._base_manager.filter(
            fair_id=course.site_fair_id,
            application__status=ApplicationStatus.HIRED,
            worker_id__in=enrolled.values("worker_id"),
        )
        .select_related("worker", "posting__employer", "application")
        .order_by("application__hired_on", "pk")
    )


def save_brand(form, *, by, request=None) -> Brand:
    brand = form.instance
    _check_writer(by, request=request, obj=brand if brand.pk else None)
    _check_area(by, brand.region_id, request=request, field="region")
    fields = [name for name in form._meta.fields if name != "employers"] + ["occupations"]
    return _saved(
        form,
        "training.brand.created",
        "training.brand.changed",
        by=by,
        request=request,
        fields=fields,
    )


# Enrolment -------------------------------------------------------------------------------------


def _taken(course: Course) -> int:
    return (
        Enrolment._base_manager.filter(course=course)
        .exclude(status=Enrolment.Status.DROPPED)
        .count()
    )


def enrol(course: Course, worker: Worker, *, source: str, by=None, request=None) -> Enrolment:
    """Put the person on the course's roster (staff, or the person on the portal).

    Refused: a course that has ended, a full course, the same person twice (a dropped enrolment
    is opened again instead), a person under 16, and — for staff — a course outside their area.
    """
    _check_writer(by, request=request, obj=course)
    _check_area(by, course.region_id, request=request, obj=course)
    today = timezone.localdate()
    if course.ends_on < today:
        raise TrainingError(_("This course has ended."))
    if worker.age_on(today) < MINIMUM_WORKING_AGE:
        raise TrainingError(_("Courses are for people of 16 and over."))
    full = False
    with area_scope(course.region_id), transaction.atomic():
        locked = Course._base_manager.select_for_update().get(pk=course.pk)
        existing = Enrolment._base_manager.filter(course=locked, worker=worker).first()
        if existing is not None and existing.status != Enrolment.Status.DROPPED:
            raise TrainingError(
                _("%(name)s is already enrolled in this course.") % {"name": worker.name}
            )
        if _taken(locked) >= locked.capacity:
            full = True  # nothing written; the refusal is audited after the transaction
        else:
            enrolment = _put_on_roster(locked, worker, existing, source, today)
            log_action(
                "training.enrolment.created",
                request=request,
                actor=by,
                obj=enrolment,
                detail={"course": locked.pk, "worker": worker.pk, "source": source},
            )
    if full:
        log_action(
            "training.enrolment.full", request=request, actor=by, obj=course, result=Result.REFUSED
        )
        raise TrainingError(
            _("This course is full (%(capacity)s places).") % {"capacity": course.capacity}
        )
    return enrolment


def _put_on_roster(course, worker, existing, source, today) -> Enrolment:
    if existing is not None:  # dropped before: opened again
        existing.status = Enrolment.Status.ENROLLED
        existing.enrolled_on, existing.dropped_on = today, None
        existing.save(update_fields=["status", "enrolled_on", "dropped_on"])
        return existing
    enrolment = Enrolment(
        course=course, worker=worker, region_id=course.region_id, source=source, enrolled_on=today
    )
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:  # the same tap twice at once: the other one won
        raise TrainingError(
            _("%(name)s is already enrolled in this course.") % {"name": worker.name}
        ) from None
    return enrolment


def _locked_enrolment(enrolment: Enrolment) -> Enrolment:
    return Enrolment._base_manager.select_for_update().select_related("course").get(pk=enrolment.pk)


def mark_attendance(course: Course, *, day: date, present: set[int], by, request=None) -> int:
    """The roll of one session day: each active enrolment present (its id in `present`) or
    absent; a present person's enrolment moves to attending. Marking a day again corrects it.
    Returns how many were present."""
    _check_writer(by, request=request, obj=course)
    _check_area(by, course.region_id, request=request, obj=course)
    if day is None or not course.starts_on <= day <= course.ends_on:
        raise TrainingError(
            _("The day must be within the course: %(starts)s to %(ends)s.")
            % {"starts": course.starts_on.isoformat(), "ends": course.ends_on.isoformat()},
            field="day",
        )
    if day > timezone.localdate():
        raise TrainingError(_("Attendance cannot be marked for a day still to come."), field="day")
    count = 0
    with area_scope(course.region_id), transaction.atomic():
        active = Enrolment._base_manager.select_for_update().filter(
            course=course, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDING]
        )
        for enrolment in active:
            here = enrolment.pk in present
            count += here
            Attendance._base_manager.update_or_create(
                enrolment=enrolment,
                day=day,
                defaults={
                    "present": here,
                    "region_id": enrolment.region_id,
                    "recorded_by": by,
                    "recorded_at": timezone.now(),
                },
            )
            if here and enrolment.status == Enrolment.Status.ENROLLED:
                enrolment.status = Enrolment.Status.ATTENDING
                enrolment.save(update_fields=["status"])
        log_action(
            "training.attendance.marked",
            request=request,
            actor=by,
            obj=course,
            detail={"day": day.isoformat(), "present": count},
        )
    return count


def complete_enrolment(enrolment: Enrolment, *, completed_on: date, by, request=None) -> Enrolment:
    """The person finished the course (they attended; the day is within the course or after)."""
    course = enrolment.course
    _check_writer(by, request=request, obj=enrolment)
    _check_area(by, course.region_id, request=request, obj=enrolment)
    _check_day(completed_on, _("completed on"))
    if completed_on < course.starts_on or completed_on > timezone.localdate():
        raise TrainingError(
            _("The completion day must be after the course starts and not in the future."),
            field="completed_on",
        )
    with area_scope(course.region_id), transaction.atomic():
        current = _locked_enrolment(enrolment)
        if current.status != Enrolment.Status.ATTENDING:
            raise TrainingError(
                _("Only someone attending the course can complete it (now: %(status)s).")
                % {"status": current.get_status_display()}
            )
        current.status, current.completed_on = Enrolment.Status.COMPLETED, completed_on
        current.save(update_fields=["status", "completed_on"])
        log_action(
            "training.enrolment.completed",
            request=request,
            actor=by,
            obj=current,
            detail={"completed_on": completed_on.isoformat()},
        )
    return current


def drop_enrolment(enrolment: Enrolment, *, by, request=None) -> Enrolment:
    course = enrolment.course
    _check_writer(by, request=request, obj=enrolment)
    _check_area(by, course.region_id, request=request, obj=enrolment)
    with area_scope(course.region_id), transaction.atomic():
        current = _locked_enrolment(enrolment)
        if not current.is_active:
            raise TrainingError(
                _("This enrolment is already “%(status)s”.")
                % {"status": current.get_status_display()}
            )
        current.status, current.dropped_on = Enrolment.Status.DROPPED, timezone.localdate()
        current.save(update_fields=["status", "dropped_on"])
        log_action("training.enrolment.dropped", request=request, actor=by, obj=current)
    return current


def record_assessment(
    enrolment: Enrolment, *, assessed_on: date, passed: bool, score=None, by, request=None
) -> Assessment:
    """An assessment's result for someone attending or done with the course (a re-sit is another)."""
    course = enrolment.course
    _check_writer(by, request=request, obj=enrolment)
    _check_area(by, course.region_id, request=request, obj=enrolment)
    _check_day(assessed_on, _("assessed on"))
    if score is not None and not 0 <= score <= 100:
        raise TrainingError(str(range_message(_("score"), 0, 100)), field="score")
    with area_scope(course.region_id), transaction.atomic():
        current = _locked_enrolment(enrolment)
        if current.status not in (Enrolment.Status.ATTENDING, Enrolment.Status.COMPLETED):
            raise TrainingError(
                _("Only someone attending or done with the course can be assessed.")
            )
        assessment = Assessment(
            enrolment=current,
            region_id=current.region_id,
            assessed_on=assessed_on,
            passed=passed,
            score=score,
            recorded_by=by,
        )
        assessment.save()
        log_action(
            "training.assessment.recorded",
            request=request,
            actor=by,
            obj=assessment,
            detail={"enrolment": current.pk, "passed": passed, "score": str(score)},
        )
    return assessment


def issue_certificate(
    enrolment: Enrolment, *, number: str, issued_on: date, by, request=None
) -> Certificate:
    """A certificate for a completed course whose last assessment was passed: 专项能力证书 for a
    special-skill course, 职业技能等级证书 at the course's level otherwise. Refused for a course
    not completed, without a passed assessment, twice, or under a number already issued."""
    course = enrolment.course
    _check_writer(by, request=request, obj=enrolment)
    _check_area(by, course.region_id, request=request, obj=enrolment)
    number = (number or "").strip().upper()
    if not number:
        raise TrainingError(_("Give the certificate number."), field="number")
    _check_day(issued_on, _("issued on"))
    status = Enrolment._base_manager.filter(pk=enrolment.pk).values_list("status", flat=True)
    if status.first() != Enrolment.Status.COMPLETED:
        log_action(
            "training.certificate.refused",
            request=request,
            actor=by,
            obj=enrolment,
            result=Result.REFUSED,
            detail={"status": status.first()},
        )
        raise TrainingError(_("A certificate is issued only for a completed course."))
    with transaction.atomic():
        with area_scope(course.region_id):
            current = _locked_enrolment(enrolment)
            last = Assessment._base_manager.filter(enrolment=current).order_by(
                "-assessed_on", "-pk"
            )
            last = last.first()
        if current.status != Enrolment.Status.COMPLETED:  # changed since the check above
            raise TrainingError(_("A certificate is issued only for a completed course."))
        if last is None or not last.passed:
            raise TrainingError(_("A certificate needs a passed assessment."))
        if Certificate._base_manager.filter(enrolment=current).exists():
            raise TrainingError(_("A certificate was already issued for this enrolment."))
        if Certificate._base_manager.filter(number=number).exists():
            raise TrainingError(_("This certificate number is already issued."), field="number")
        certificate = Certificate(
            enrolment=current,
            worker_id=current.worker_id,
            region_id=current.worker.region_id,
            kind=Certificate.Kind.SPECIAL
            if course.level == Level.SPECIAL
            else Certificate.Kind.SKILL_LEVEL,
            number=number,
            occupation=course.occupation,
            level=course.level,
            issued_on=issued_on,
            issued_by=by,
        )
        try:
            with area_scope(current.worker.region_id), transaction.atomic():
                certificate.save()
        except IntegrityError:
            raise TrainingError(
                _("This certificate number is already issued."), field="number"
            ) from None
        log_action(
            "training.certificate.issued",
            request=request,
            actor=by,
            obj=certificate,
            detail={"enrolment": current.pk, "course": course.pk},
        )
    return certificate


# Invitations -----------------------------------------------------------------------------------


def invite_to_course(course: Course, workers, *, by, request=None) -> list[Invitation]:
    """Invite people to a course: one invitation each (a second invitation to the same course
    is not sent), their in-app message and, when they agreed to messages and it is not the quiet
    hours, an SMS — sent once the invitations are committed. Returns the new invitations."""
    _check_writer(by, request=request, obj=course)
    _check_area(by, course.region_id, request=request, obj=course)
    if course.ends_on < timezone.localdate():
        raise TrainingError(_("This course has ended."))
    area = area_of(by) if by is not None else ""
    created = []
    with transaction.atomic():
        for worker in workers:
            if not covers(area, worker.region_id):
                continue  # the people of the inviter's own area only
            with area_scope(worker.region_id):
                invitation, new = Invitation._base_manager.get_or_create(
                    course=course,
                    worker=worker,
                    defaults={"region_id": worker.region_id, "sent_by": by},
                )
            if new:
                created.append(invitation)
        if created:
            log_action(
                "training.invitation.sent",
                request=request,
                actor=by,
                obj=course,
                detail={"workers": [i.worker_id for i in created]},
            )
        transaction.on_commit(partial(_send_invitations, [i.pk for i in created]), robust=True)
    return created


def course_link(course: Course) -> str:
    return settings.HOMEWARD_PUBLIC_URL.rstrip("/") + reverse("portal:course", args=[course.pk])


def _send_invitations(ids: list[int]) -> None:
    rows = Invitation._base_manager.filter(pk__in=ids).select_related("course", "worker")
    for invitation in rows:
        course, worker = invitation.course, invitation.worker
        values = {
            "name": worker.name,
            "course": course.title,
            "starts": f"{course.starts_on.month}月{course.starts_on.day}日",
            "link": course_link(course),
        }
        with translation.override(settings.LANGUAGE_CODE):  # the worker reads Chinese
            text = (
                _(
                    "[Homeward] %(name)s, a course for you: %(course)s, starting %(starts)s. "
                    "See it and enrol: %(link)s"
                )
                % values
            )
        key = f"course-invite-{invitation.pk}"
        send(
            OutgoingMessage(
                channel="inapp",
                key=f"{key}:inapp",
                text=text,
                worker_id=worker.pk,
                region=worker.region_id,
            )
        )
        if not (worker.consents_to_contact and worker.phone):
            outcome = Invitation.Sms.NOT_WANTED
        elif quiet_until("sms", timezone.now()) is not None:
            outcome = Invitation.Sms.QUIET
        else:
            result = send(
                OutgoingMessage(
                    channel="sms",
                    phone=worker.phone,
                    key=f"{key}:sms",
                    template=INVITATION_TEMPLATE,
                    params=tuple(values.values()),
                    text=text,
                    worker_id=worker.pk,
                    region=worker.region_id,
                )
            )
            outcome = Invitation.Sms.SENT if result.accepted else Invitation.Sms.FAILED
        Invitation._base_manager.filter(pk=invitation.pk).update(sms=outcome)
