"""The writes of retention follow-ups: scheduling them after a hire (called after commit from
`placements.services.hire`, and by `homeward followups schedule` for past hires), and recording
a result once — by staff, the worker on the portal or the employer.

A leaver's status goes to the registry through `workers.services.record_status`; the later
milestones of the same hire are closed as "left" by the same answer (nobody is retained at six
months who left at one).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.services import log_action
from homeward.employers.services import check_writer
from homeward.placements.models import Application, Status
from homeward.scoping import area_scope, unscoped
from homeward.workers.models import EmploymentStatus, Worker
from homeward.workers.models import Source as WorkerSource
from homeward.workers.services import record_status

from .models import MILESTONE_MONTHS, FollowUp, LeftReason, Result, Via
from .rates import add_months

DEFAULT_MONTHS = (1, 3, 6)
OVERDUE_DAYS = 14  # a follow-up not answered two weeks after it fell due is overdue


class FollowUpError(ValueError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def milestones() -> tuple[int, ...]:
    months = tuple(getattr(settings, "HOMEWARD_FOLLOWUP_MONTHS", DEFAULT_MONTHS))
    low, high = MILESTONE_MONTHS
    return tuple(sorted({m for m in months if low <= m <= high}))


def schedule_followups(application_id: int) -> int:
    """The follow-ups of a hired application, one per milestone; returns how many were new.

    Idempotent (unique application × milestone): a second call, or the command after the
    hire's own call, creates nothing."""
    with unscoped():
        application = (
            Application._base_manager.select_related("posting", "worker")
            .filter(pk=application_id, status=Status.HIRED)
            .first()
        )
    if application is None or application.hired_on is None:
        return 0
    created = 0
    with area_scope(application.region_id):
        have = set(
            FollowUp.objects.filter(application=application).values_list("months", flat=True)
        )
        for months in milestones():
            if months in have:
                continue
            try:
                with transaction.atomic():
                    FollowUp(
                        application=application,
                        worker_id=application.worker_id,
                        employer_id=application.posting.employer_id,
                        region_id=application.region_id,
                        months=months,
                        due_on=add_months(application.hired_on, months),
                    ).save()
                created += 1
            except IntegrityError:  # made meanwhile by the other caller
                continue
    return created


def schedule_missing() -> tuple[int, int]:
    """Follow-ups for every past hire that lacks one: (hires looked at, follow-ups created)."""
    wanted = len(milestones())
    with unscoped():
        from django.db.models import Count

        hires = (
            Application._base_manager.filter(status=Status.HIRED, hired_on__isnull=False)
            .annotate(n=Count("followups"))
            .filter(n__lt=wanted)
            .values_list("pk", flat=True)
        )
        ids = list(hires)
    return len(ids), sum(schedule_followups(pk) for pk in ids)


def record_followup(
    followup: FollowUp,
    *,
    result: str,
    via: str,
    left_on: date | None = None,
    reason: str = "",
    note: str = "",
    by=None,
    request=None,
) -> FollowUp:
    """Record the result of a follow-up once; a second answer is refused."""
    if via == Via.STAFF:
        check_writer(by, "followups.write.refused", request=request, obj=followup)
    today = timezone.localdate()
    if result not in (Result.EMPLOYED, Result.LEFT):
        raise FollowUpError(_("Say whether the person still works there."), field="result")
    if followup.due_on > today:
        raise FollowUpError(
            _("This follow-up is due on %(day)s; it cannot be answered before.")
            % {"day": followup.due_on}
        )
    if result == Result.LEFT:
        if left_on is None:
            raise FollowUpError(_("Give the day the person left."), field="left_on")
        hired_on = Application._base_manager.get(pk=followup.application_id).hired_on
        if not hired_on <= left_on <= today:
            raise FollowUpError(
                _("The day they left must be from the hire date (%(hired)s) to today.")
                % {"hired": hired_on},
                field="left_on",
            )
        if reason not in LeftReason.values:
            raise FollowUpError(_("Choose why the person left."), field="reason")
    else:
        left_on, reason = None, ""
    with area_scope(followup.region_id), transaction.atomic():
        current = FollowUp.objects.select_for_update().get(pk=followup.pk)
        if current.result:
            raise FollowUpError(
                _("This follow-up was already recorded (%(result)s); it is not recorded twice.")
                % {"result": current.get_result_display()}
            )
        _set(current, result, via, left_on, reason, note, by)
        closed = []
        if result == Result.LEFT:
            later = FollowUp.objects.select_for_update().filter(
                application_id=current.application_id, months__gt=current.months, result=""
            )
            for other in later:
                _set(other, result, Via.EARLIER, left_on, reason, "", by)
                closed.append(other.pk)
            worker = Worker.objects.get(pk=current.worker_id)
            record_status(
                worker,
                status=EmploymentStatus.UNEMPLOYED,
                occurred_on=left_on,
                source={
                    Via.WORKER: WorkerSource.PORTAL,
                    Via.EMPLOYER: WorkerSource.EMPLOYER,
                }.get(via, WorkerSource.STAFF),
                by=by,
                note=_("Left the job (follow-up): %(reason)s")
                % {"reason": LeftReason(reason).label},
            )
        log_action(
            "followups.followup.recorded",
            request=request,
            actor=by,
            obj=current,
            region_code=current.region_id,
            detail={"result": result, "via": via, "reason": reason, "closed": closed},
        )
    return current


def _set(followup, result, via, left_on, reason, note, by) -> None:
    followup.result, followup.recorded_via = result, via
    followup.left_on, followup.reason, followup.note = left_on, reason, note[:200]
    followup.recorded_by = by
    followup.recorded_at = timezone.now()
    followup.save(
        update_fields=[
            "result",
            "recorded_via",
            "left_on",
            "reason",
            "note",
            "recorded_by",
            "recorded_at",
        ]
    )


def notify_due(today: date | None = None) -> int:
    """An in-app message for the latest follow-up due and not answered of each hire, once (its
    key), with the link to the portal's one-tap answer; returns how many hires were told. Run by
    `homeward followups notify` (daily)."""
    from django.urls import reverse
    from django.utils import translation

    from homeward.outreach.gateways import OutgoingMessage, send

    today = today or timezone.localdate()
    link = settings.HOMEWARD_PUBLIC_URL.rstrip("/") + reverse("portal:followups")
    with unscoped():
        rows = list(
            FollowUp._base_manager.filter(result="", due_on__lte=today).select_related(
                "worker", "employer"
            )
        )
    told = set()
    for followup in sorted(rows, key=lambda f: -f.months):  # one message a hire: its latest
        if followup.application_id in told:
            continue
        told.add(followup.application_id)
        with translation.override(settings.LANGUAGE_CODE):  # the worker reads Chinese
            text = _(
                "[Homeward] %(name)s, you started at %(employer)s %(months)s months ago: do "
                "you still work there? Answer with one tap: %(link)s"
            ) % {
                "name": followup.worker.name,
                "employer": followup.employer.name,
                "months": followup.months,
                "link": link,
            }
        send(
            OutgoingMessage(
                channel="inapp",
                key=f"followup-{followup.pk}:inapp",
                text=text,
                worker_id=followup.worker_id,
                region=followup.region_id,
            )
        )
    return len(told)
