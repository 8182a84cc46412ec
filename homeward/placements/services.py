"""Every write of an application goes through these functions: atomic, audited, state-checked.

Callers say who acts in `by`, a short label kept in the application's history ("worker",
"employer:<employer user id>", "staff:<username>"); staff callers also pass `actor` (their
User) for the audit row. Applications live in the worker's village, so the writes run in that
area whoever makes them (a worker on the portal, an employer of another county, staff).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from homeward.audit.services import log_action
from homeward.codes import bounds
from homeward.core.bounds import range_message
from homeward.followups.services import schedule_followups
from homeward.jobs.models import UNDER_MINIMUM_AGE, Posting
from homeward.outreach.gateways import OutgoingMessage, send
from homeward.outreach.quiet import quiet_until
from homeward.regions.codes import same_at
from homeward.scoping import area_scope, unscoped
from homeward.workers.models import EmploymentStatus, Worker, WorkScope
from homeward.workers.models import Source as WorkerSource
from homeward.workers.services import record_status
from homeward.workers.vocab import MINIMUM_WORKING_AGE

from .models import Application, ApplicationEvent, Source, Status

logger = logging.getLogger(__name__)
LONGEST_CONTRACT_MONTHS = bounds.CONTRACT_MONTHS[1]
HIRED_TEMPLATE = "hire_notice"  # the SMS provider's template: params (name, employer, job, date)


class ApplicationError(ValueError):
    """A move the application may not make; the message is for the person who tried."""


def apply(
    worker: Worker,
    posting: Posting,
    *,
    source: str = Source.PORTAL,
    campaign_id: int | None = None,
    note: str = "",
    by: str = "worker",
    actor=None,
    request=None,
) -> tuple[Application, bool]:
    """The worker applies to the posting. Returns the application and whether it is new.

    Applying twice returns the first application unchanged; an application the worker withdrew
    is opened again. Postings no longer on offer and people under 16 are refused.
    """
    if not posting.is_on_offer(timezone.localdate()):
        raise ApplicationError(_("This job is no longer taking applications."))
    if worker.age_on(timezone.localdate()) < MINIMUM_WORKING_AGE:
        raise ApplicationError(str(UNDER_MINIMUM_AGE))
    with area_scope(worker.region_id), transaction.atomic():
        existing = Application.objects.select_for_update().filter(worker=worker, posting=posting)
        application = existing.first()
        if application is not None and application.status != Status.WITHDRAWN:
            return application, False
        if application is not None:
            application.status = Status.APPLIED
            application.applied_at = timezone.now()
            application.note = note[:200]
            application.save(update_fields=["status", "applied_at", "note", "updated_at"])
        else:
            application = Application(
                worker=worker,
                posting=posting,
                region_id=worker.region_id,
                source=source,
                campaign_id=campaign_id,
                note=note[:200],
            )
            try:
                with transaction.atomic():
                    application.save()
            except IntegrityError:  # the same tap twice at once: the other one won
                return Application.objects.get(worker=worker, posting=posting), False
        _event(application, Status.APPLIED, by)
        log_action(
            "placements.application.created",
            request=request,
            actor=actor,
            obj=application,
            detail={"by": by, "posting": posting.pk, "source": source, "campaign": campaign_id},
        )
    return application, True


def invite_to_interview(
    application: Application,
    *,
    at: datetime,
    place: str = "",
    by: str,
    actor=None,
    request=None,
) -> Application:
    _check_day(at, _("Interview time"))
    return _move(
        application,
        Status.INTERVIEW,
        by=by,
        actor=actor,
        request=request,
        fields={"interview_at": at, "interview_place": place[:200]},
    )


def hire(
    application: Application,
    *,
    hired_on: date,
    contract_months: int,
    by: str,
    actor=None,
    request=None,
) -> Application:
    """Hired on `hired_on` with a contract of `contract_months`; the worker's status follows.

    One durable transaction: the application, its history, the worker's status event and the
    audit row are written together or not at all (a hire without the status, or the status
    without the hire, would be half a change). The worker is told once it has committed.
    """
    if hired_on is None:
        raise ApplicationError(_("Give the hire date."))
    _check_day(hired_on, _("Hire date"))
    if not contract_months or not 1 <= contract_months <= LONGEST_CONTRACT_MONTHS:
        raise ApplicationError(_("Give the contract length in months (1 to 120)."))
    fields = {"hired_on": hired_on, "contract_months": contract_months}
    with area_scope(application.region_id), transaction.atomic(durable=True):
        current = _locked(application, Status.HIRED)
        _set(current, Status.HIRED, fields)
        _event(current, Status.HIRED, by)
        posting = Posting._base_manager.select_related("employer").get(pk=current.posting_id)
        worker = Worker._base_manager.get(pk=current.worker_id)
        with area_scope(worker.region_id):
            record_status(
                worker,
                # The monitoring survey's definition: local work is inside one's own town (乡镇).
                status=EmploymentStatus.LOCAL_EMPLOYED
                if same_at(worker.region_id, posting.region_id, "town")
                else EmploymentStatus.OUT_MIGRANT,
                occurred_on=hired_on,
                source=WorkerSource.EMPLOYER,
                work_scope=_scope(worker.region_id, posting.region_id),
                work_place=posting.employer.name[:200],
                note=_("Hired through Homeward: %(job)s") % {"job": posting.title[:100]},
            )
        _log(current, Status.HIRED, by=by, actor=actor, request=request, fields=fields)
        transaction.on_commit(partial(tell_hired, current.pk), robust=True)
        transaction.on_commit(partial(schedule_followups, current.pk), robust=True)
    return current


def _check_day(day, field: str) -> None:
    """Interviews and hires happen around now (codes.bounds.event_window)."""
    window = bounds.event_window(timezone.localdate())
    if day is None or not bounds.within(day, window):
        raise ApplicationError(str(range_message(field, *window)))


def tell_hired(application_id: int) -> None:
    """The hired worker's message: in the portal's inbox at once, by SMS unless they opted out.

    Run after the hire has committed; each message's key makes a second call send nothing. The
    SMS keeps the quiet hours (no SMS 21:00–08:00 Beijing time, `outreach.quiet`): a hire
    recorded at night is texted at 08:00 by the `send_hired_sms` task.
    """
    application, text, params = _hire_message(application_id)
    worker = application.worker
    send(
        OutgoingMessage(
            channel="inapp",
            key=f"hired-{application.pk}:inapp",
            text=text,
            worker_id=worker.pk,
            region=worker.region_id,
        )
    )
    if worker.consents_to_contact and worker.phone:
        send_hired_sms_now_or_later(application, text, params)


def send_hired_sms(application_id: int) -> str:
    """The hire's SMS, run by the task at the end of the quiet hours: "sent", "later" (still
    quiet: deferred again), "not wanted" (the worker opted out or has no number meanwhile)."""
    application, text, params = _hire_message(application_id)
    worker = application.worker
    if not (worker.consents_to_contact and worker.phone):
        return "not wanted"
    return send_hired_sms_now_or_later(application, text, params)


def send_hired_sms_now_or_later(application: Application, text: str, params) -> str:
    held = quiet_until("sms", timezone.now())
    if held is not None:
        from .tasks import hired_sms

        if not hired_sms.get_backend().supports_defer:
            # The immediate backend (tests, a shell) cannot wait: not at night rather than now.
            logger.warning(
                "hire SMS of application %s not deferred: no deferring backend", application.pk
            )
            return "not deferred"
        hired_sms.using(run_after=held).enqueue(application.pk)
        return "later"
    worker = application.worker
    send(
        OutgoingMessage(
            channel="sms",
            phone=worker.phone,
            key=f"hired-{application.pk}:sms",
            template=HIRED_TEMPLATE,
            params=params,
            text=text,
            worker_id=worker.pk,
            region=worker.region_id,
        )
    )
    return "sent"


def _hire_message(application_id: int) -> tuple[Application, str, tuple[str, ...]]:
    """The application (with its worker and employer), the message's text and SMS params."""
    with unscoped():
        application = Application._base_manager.select_related("worker", "posting__employer").get(
            pk=application_id
        )
    worker, posting = application.worker, application.posting
    values = {
        "name": worker.name,
        "employer": posting.employer.name,
        "job": posting.title,
        "date": f"{application.hired_on.month}月{application.hired_on.day}日",
    }
    with translation.override(settings.LANGUAGE_CODE):  # the worker reads Chinese
        text = (
            _(
                "[Homeward] %(name)s, congratulations: %(employer)s has hired you as %(job)s, "
                "starting on %(date)s."
            )
            % values
        )
    params = (values["name"], values["employer"], values["job"], values["date"])
    return application, text, params


def reject(
    application: Application, *, reason: str = "", by: str, actor=None, request=None
) -> Application:
    return _move(
        application,
        Status.NOT_HIRED,
        by=by,
        actor=actor,
        request=request,
        fields={"reason": reason[:200]},
    )


def withdraw(application: Application, *, by: str = "worker", request=None) -> Application:
    return _move(application, Status.WITHDRAWN, by=by, request=request, fields={})


def _move(application, target, *, by, actor=None, request=None, fields) -> Application:
    with area_scope(application.region_id), transaction.atomic():
        current = _locked(application, target)
        _set(current, target, fields)
        _event(current, target, by, note=fields.get("reason", ""))
        _log(current, target, by=by, actor=actor, request=request, fields=fields)
    return current


def _locked(application: Application, target: str) -> Application:
    """The application, locked for this transaction, if it may move to `target`."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if not current.may_move_to(target):
        raise ApplicationError(
            _("This application is already “%(status)s”.")
            % {"status": current.get_status_display()}
        )
    return current


def _set(current: Application, target: str, fields: dict) -> None:
    current.status = target
    for name, value in fields.items():
        setattr(current, name, value)
    changed = ["status", *fields, "updated_at"]
    if target != Status.INTERVIEW:
        current.decided_at = timezone.now()
        changed.append("decided_at")
    current.save(update_fields=changed)


def _log(current: Application, target: str, *, by, actor, request, fields) -> None:
    log_action(
        f"placements.application.{target}",
        request=request,
        actor=actor,
        obj=current,
        detail={"by": by, **{k: str(v) for k, v in fields.items()}},
    )


def _event(application: Application, status: str, by: str, note: str = "") -> None:
    ApplicationEvent.objects.create(
        application=application,
        region_id=application.region_id,
        status=status,
        by=by[:100],
        note=note[:200],
    )


# Where work is, seen from home: the smallest region the two places share.
SCOPES = (
    ("town", WorkScope.IN_TOWN),
    ("county", WorkScope.IN_COUNTY),
    ("city", WorkScope.IN_CITY),
    ("province", WorkScope.IN_PROVINCE),
)


def _scope(home: str, work: str) -> str:
    return next(
        (scope for level, scope in SCOPES if same_at(home, work, level)),
        WorkScope.OUT_OF_PROVINCE,
    )
