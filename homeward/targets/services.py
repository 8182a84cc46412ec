"""The writes of targets and checklists, one named function each: a target saved, the seeds
loaded, the day's snapshots, a unit's progress update with its attachments, a notice of
supervision (督办) and its reply, the weekly digest.

Each is atomic and audited (`targets.*`); staff callers are checked by
`accounts.writers.writer_of` against the record's area (leaders read only: refused and
audited), and a refusal the person can act on is a Chinese `TargetError`, audited before it is
raised (outside the transaction, so its audit row stays).

Who writes what:
- a target: staff of its area or above (`save_target`);
- a duty's update: staff of the duty's area or above (the unit itself, or the office above on
  its behalf);
- a notice of supervision: staff of the *item's* area or above — the office that keeps the
  checklist, or its superiors — never a town for its own duty;
- the reply: staff of the duty's area, not the one who issued the notice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.models import Role, User
from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.regions.models import Region
from homeward.scoping import area_of, area_scope, covers, unscoped

from . import figures, seeds
from . import progress as core
from .models import (
    ATTACHMENT_BYTES,
    Attachment,
    ChecklistItem,
    Duty,
    ProgressUpdate,
    Snapshot,
    StaffMessage,
    Supervision,
    Target,
)

MAX_FILES = 5


class TargetError(ValueError):
    """A write refused for a reason the person can act on; `field` is the form field concerned."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _refuse(message: str, action: str, *, by, request=None, obj=None, field=None, **detail):
    log_action(
        action, request=request, actor=by, obj=obj, result=Result.REFUSED, detail=detail or None
    )
    raise TargetError(message, field=field)


def _check_writer(by, code: str, action: str, *, request=None, obj=None) -> None:
    if not writer_of(by, code, action, obj=obj, request=request):
        raise TargetError(_("This record belongs to another area."))


# Targets ----------------------------------------------------------------------------------------


def save_target(form, *, by, request=None) -> Target:
    """Create or change the target of a valid `TargetForm`."""
    target = form.save(commit=False)
    adding = target.pk is None
    _check_writer(by, target.region_id, "targets.write.refused", request=request, obj=target)
    if not figures.known(target.source, target.metric):
        raise TargetError(_("Choose a figure the platform counts."), field="metric")
    with area_scope(target.region_id), transaction.atomic():
        if adding:
            target.created_by = by
        target.save()
        log_action(
            "targets.target.created" if adding else "targets.target.changed",
            request=request,
            actor=by,
            obj=target,
            detail={"fields": sorted(form.changed_data)},
        )
    return target


def seed_targets(year: int, *, by=None) -> int:
    """The documents' targets for `year` (once: a target seeded before is left as it is)."""
    created = 0
    with unscoped(), transaction.atomic():
        for area, programme, document, rows in seeds.TARGETS:
            for key, title, source, metric, goal, unit, (first, last), words in rows:
                seed_key = f"{area}:{year}:{key}"
                if Target.objects.filter(key=seed_key).exists():
                    continue
                end = dt.date(year, last, 1) + dt.timedelta(days=31)
                target = Target.objects.create(
                    key=seed_key,
                    title=title,
                    programme=programme,
                    region_id=area,
                    source=source,
                    metric=metric,
                    goal=Decimal(goal),
                    unit=unit,
                    starts_on=dt.date(year, first, 1),
                    ends_on=end.replace(day=1) - dt.timedelta(days=1),
                    basis=f"{document}：{words}",
                    created_by=by,
                )
                created += 1
                log_action("targets.target.seeded", actor=by, obj=target, detail={"key": seed_key})
    return created


def _owner_areas(unit: str, area: str) -> list[tuple[str, str]]:
    """The (area, unit) rows a unit named by the document stands for."""
    if unit in (seeds.TOWNS, seeds.STREETS):
        towns = Region.tree.filter(parent_id=area, level="town").order_by("code")
        if unit == seeds.STREETS:
            towns = towns.filter(name__endswith="街道")
        return [(t.code, t.name) for t in towns]
    return [(area, unit)]


def seed_checklist(year: int, *, area: str = seeds.XIANGXIANG, by=None) -> int:
    """湘乡's 13-item work checklist for `year` with each item's units (once)."""
    created = 0
    with unscoped(), transaction.atomic():
        for number, text, deadline, units, evidence in seeds.ITEMS:
            if ChecklistItem.objects.filter(
                region_id=area, checklist=seeds.CHECKLIST, year=year, number=number
            ).exists():
                continue
            when = core.deadline_of(deadline, year)
            item = ChecklistItem.objects.create(
                region_id=area,
                checklist=seeds.CHECKLIST,
                year=year,
                number=number,
                text=text,
                owner_units="、".join(units),
                deadline_text=deadline,
                deadline_kind=when.kind,
                starts_on=when.starts_on if when.kind == core.WINDOW else None,
                due_on=when.due_on,
                evidence=evidence,
            )
            Duty.objects.bulk_create(
                [
                    Duty(item=item, region_id=code, unit=name)
                    for unit in units
                    for code, name in _owner_areas(unit, area)
                ],
                ignore_conflicts=True,
            )
            created += 1
            log_action("targets.item.seeded", actor=by, obj=item, detail={"number": number})
    return created


def take_snapshots(on: dt.date | None = None) -> int:
    """Each target's progress counted on `on` (today), kept once a day: counting again the same
    day replaces that day's row, so the command may run as often as wanted."""
    on = on or timezone.localdate()
    written = 0
    with unscoped():
        targets = list(Target.objects.filter(starts_on__lte=on))
    for target in targets:
        with area_scope(target.region_id), transaction.atomic():
            result = figures.progress_of(target, on)
            Snapshot.objects.update_or_create(
                target=target,
                on=on,
                defaults={
                    "actual": result.actual,
                    "expected": result.expected,
                    "state": result.state,
                },
            )
            written += 1
    with unscoped():
        log_action("targets.snapshots.taken", detail={"on": on.isoformat(), "targets": written})
    return written


# Checklists -------------------------------------------------------------------------------------


def attachment_type(head: bytes, name: str) -> str | None:
    """The file's type by its first bytes: JPEG, PNG, PDF, or an Office document (a zip with
    the right name). Never by the name alone, never by what the browser said."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        lower = name.lower()
        if lower.endswith(".docx"):
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if lower.endswith(".xlsx"):
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def _read_files(files, action, *, by, request, duty) -> list[tuple[str, str, bytes]]:
    if len(files) > MAX_FILES:
        _refuse(
            _("At most %(n)s files with one update.") % {"n": MAX_FILES},
            action,
            by=by,
            request=request,
            obj=duty,
            field="files",
        )
    read = []
    for upload in files:
        name = (getattr(upload, "name", "") or "attachment")[-100:]
        if upload.size > ATTACHMENT_BYTES:
            _refuse(
                _("The file “%(name)s” is larger than 5 MB.") % {"name": name},
                action,
                by=by,
                request=request,
                obj=duty,
                field="files",
                reason="size",
            )
        content = upload.read(ATTACHMENT_BYTES + 1)
        kind = attachment_type(content[:8], name)
        if not content or len(content) > ATTACHMENT_BYTES or kind is None:
            _refuse(
                _(
                    "The file “%(name)s” should be a photo (JPG, PNG), a PDF, "
                    "or a Word or Excel document."
                )
                % {"name": name},
                action,
                by=by,
                request=request,
                obj=duty,
                field="files",
                reason="type",
            )
        read.append((name, kind, content))
    return read


def record_update(
    duty: Duty, *, text: str, files=(), marks_done: bool = False, by, request=None
) -> ProgressUpdate:
    """A unit's progress on its duty, with its files; `marks_done` closes the duty (the item's
    evidence must be among the files handed in, now or before)."""
    action = "targets.update.refused"
    _check_writer(by, duty.region_id, action, request=request, obj=duty)
    text = (text or "").strip()
    if not text:
        _refuse(_("Say what was done."), action, by=by, request=request, obj=duty, field="text")
    read = _read_files(list(files), action, by=by, request=request, duty=duty)
    if marks_done and duty.item.evidence and not read:
        handed_in = Attachment._base_manager.filter(update__duty=duty).exists()
        if not handed_in:
            _refuse(
                _("Hand in the evidence required (%(evidence)s) to mark the work done.")
                % {"evidence": duty.item.evidence},
                action,
                by=by,
                request=request,
                obj=duty,
                field="files",
            )
    today = timezone.localdate()
    with area_scope(duty.region_id), transaction.atomic():
        locked = Duty.objects.select_for_update().get(pk=duty.pk)
        update = ProgressUpdate.objects.create(
            duty=locked, text=text[:2000], marks_done=marks_done, by=by
        )
        Attachment.objects.bulk_create(
            [
                Attachment(update=update, filename=name, content_type=kind, size=len(content),
                           content=content)
                for name, kind, content in read
            ]
        )  # fmt: skip
        if marks_done and locked.done_on is None:
            locked.done_on = today
            locked.save(update_fields=["done_on"])
            duty.done_on = today
        log_action(
            "targets.update.recorded",
            request=request,
            actor=by,
            obj=locked,
            detail={"update": update.pk, "files": len(read), "done": marks_done},
        )
    return update


def log_attachment_read(attachment: Attachment, *, by=None, request=None) -> None:
    """An attachment opened: it may show people, so the read is audited."""
    log_action(
        "targets.attachment.opened",
        request=request,
        actor=by,
        obj=attachment.update.duty,
        detail={"attachment": attachment.pk},
    )


def issue_supervision(duty: Duty, *, text: str, reply_by: dt.date, by, request=None) -> Supervision:
    """A notice of supervision (督办) to the unit, from the office keeping the checklist or above."""
    action = "targets.supervision.refused"
    _check_writer(by, duty.region_id, action, request=request, obj=duty)
    if by is not None and not covers(area_of(by) or "", duty.item.region_id):
        _refuse(
            _("Notices of supervision come from the office that keeps the checklist, or above."),
            action,
            by=by,
            request=request,
            obj=duty,
        )
    text = (text or "").strip()
    if not text:
        _refuse(_("Write the notice."), action, by=by, request=request, obj=duty, field="text")
    if reply_by < timezone.localdate():
        _refuse(
            _("The reply cannot be due before today."),
            action,
            by=by,
            request=request,
            obj=duty,
            field="reply_by",
        )
    with area_scope(duty.region_id), transaction.atomic():
        notice = Supervision.objects.create(
            duty=duty, text=text[:2000], reply_by=reply_by, issued_by=by
        )
        log_action(
            "targets.supervision.issued",
            request=request,
            actor=by,
            obj=duty,
            detail={"supervision": notice.pk, "reply_by": reply_by.isoformat()},
        )
    return notice


def reply_supervision(notice: Supervision, *, text: str, by, request=None) -> Supervision:
    action = "targets.reply.refused"
    duty = notice.duty
    _check_writer(by, duty.region_id, action, request=request, obj=duty)
    if by is not None and by.pk == notice.issued_by_id:
        _refuse(
            _("The unit answers the notice, not the office that issued it."),
            action,
            by=by,
            request=request,
            obj=duty,
        )
    text = (text or "").strip()
    if not text:
        _refuse(_("Write the reply."), action, by=by, request=request, obj=duty, field="reply")
    with area_scope(duty.region_id), transaction.atomic():
        locked = Supervision.objects.select_for_update().get(pk=notice.pk)
        if locked.replied_at is not None:
            _refuse(
                _("This notice has been answered already."), action, by=by, request=request,
                obj=duty,
            )  # fmt: skip
        locked.reply, locked.replied_by, locked.replied_at = text[:2000], by, timezone.now()
        locked.save(update_fields=["reply", "replied_by", "replied_at"])
        log_action(
            "targets.supervision.replied",
            request=request,
            actor=by,
            obj=duty,
            detail={"supervision": locked.pk},
        )
    return locked


# The weekly digest ------------------------------------------------------------------------------


def _digest_lines(duties, notices, today) -> list[str]:
    lines = []
    for duty in duties:
        state = core.item_state(duty.item.due_on, today, duty.done_on, duty.item.starts_on)
        if state == core.OVERDUE:
            lines.append(
                _("Overdue: item %(n)s (%(unit)s), due %(due)s.")
                % {"n": duty.item.number, "unit": duty.unit, "due": duty.item.due_on}
            )
        elif state == core.DUE_SOON:
            lines.append(
                _("Due soon: item %(n)s (%(unit)s), due %(due)s.")
                % {"n": duty.item.number, "unit": duty.unit, "due": duty.item.due_on}
            )
    for notice in notices:
        lines.append(
            _("Notice of supervision on item %(n)s awaits your reply by %(due)s.")
            % {"n": notice.duty.item.number, "due": notice.reply_by}
        )
    return lines


def send_digest(on: dt.date | None = None) -> int:
    """One in-app message a week to each staff user of a unit with work overdue, due within two
    weeks, or a notice of supervision unanswered: keyed by week and user, so running it again
    in the same week sends nothing new. Returns the messages written this time."""
    today = on or timezone.localdate()
    week = core.week_of(today)
    written = 0
    with unscoped():
        duties = defaultdict(list)
        for duty in Duty.objects.filter(done_on__isnull=True).select_related("item"):
            state = core.item_state(duty.item.due_on, today, None, duty.item.starts_on)
            if state in (core.OVERDUE, core.DUE_SOON):
                duties[duty.region_id].append(duty)
        notices = defaultdict(list)
        for notice in Supervision.objects.filter(replied_at__isnull=True).select_related(
            "duty__item"
        ):
            notices[notice.duty.region_id].append(notice)
        areas = set(duties) | set(notices)
        users = User.objects.filter(region_id__in=areas, is_active=True).exclude(role=Role.LEADER)
        for user in users.order_by("pk"):
            lines = _digest_lines(duties[user.region_id], notices[user.region_id], today)
            key = f"targets-digest:{week.isoformat()}:{user.pk}"
            if not lines or StaffMessage.objects.filter(key=key).exists():
                continue
            try:
                with transaction.atomic():
                    StaffMessage.objects.create(
                        recipient=user,
                        region_id=user.region_id,
                        key=key,
                        subject=_("Work checklist: week of %(week)s") % {"week": week},
                        text="\n".join(lines),
                    )
            except IntegrityError:  # another run wrote it meanwhile
                continue
            written += 1
        log_action("targets.digest.sent", detail={"week": week.isoformat(), "messages": written})
    return written
