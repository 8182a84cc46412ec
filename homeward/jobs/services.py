"""The writes of a posting: created or changed (`save_posting`, the one path for the staff page
and the employer portal alike), and the moves of its status. Each checks the current state and
writes one audit row.

A refused move raises `PostingStateError` (its message is for people) and is audited as refused.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.employers.services import check_writer

from .models import Posting, Status


class PostingStateError(ValueError):
    """The posting cannot make this move from its current status."""


def save_posting(form, *, by, request=None, on_behalf: str = "", drafts_only: bool = False):
    """Create or change the posting of a valid posting form (staff's or an employer's).

    `by` is the staff user, or None with `on_behalf` naming who else ("employer:12"), kept in the
    audit row. An edit saves only the form's fields, so a status moved meanwhile stays moved;
    it is refused once the posting is filled or closed (`drafts_only`: once it is published, as
    employers may change only what awaits review). A published posting's matches are
    recomputed after the commit.
    """
    posting = form.save(commit=False)
    adding = posting.pk is None
    action = "jobs.posting.created" if adding else "jobs.posting.changed"
    who = {"by": on_behalf} if on_behalf else {}
    check_writer(by, "jobs.write.refused", request=request, obj=None if adding else posting)
    try:
        with transaction.atomic():
            if adding:
                posting.save()
            else:
                current = Posting._base_manager.select_for_update().get(pk=posting.pk)
                if not current.is_editable or (drafts_only and current.status != Status.DRAFT):
                    raise PostingStateError(
                        _("This posting is %(status)s and cannot be changed.")
                        % {"status": current.get_status_display()}
                    )
                fields = [name for name in form._meta.fields if name in form.cleaned_data]
                posting.save(update_fields=[*fields, "updated_at"])
                posting.status = current.status
            log_action(
                action,
                request=request,
                actor=by,
                obj=posting,
                detail={**who, "fields": form.changed_data},
            )
            if posting.is_open:
                refresh_matches_later(posting, by=by)
    except PostingStateError as error:
        log_action(
            action,
            request=request,
            actor=by,
            obj=posting,
            result=Result.REFUSED,
            detail={**who, "reason": str(error)},
        )
        raise
    return posting


def publish_posting(posting: Posting, *, by, request=None) -> Posting:
    moved = _move(posting, Status.PUBLISHED, "jobs.posting.published", by=by, request=request)
    refresh_matches_later(moved, by=by)
    return moved


def refresh_matches_later(posting: Posting, *, by=None) -> None:
    """Recompute the posting's matched workers in the background once this transaction commits
    (a background job: the posting's page shows "匹配计算中" and its progress meanwhile)."""
    from homeward.matching.tasks import refresh_later

    refresh_later(posting, by=by)


def close_posting(posting: Posting, *, by, request=None, on_behalf: str = "") -> Posting:
    """Close the posting. `by` is the staff user, or None with `on_behalf` naming who else
    (e.g. "employer:12", an employer user on the portal), kept in the audit row."""
    return _move(
        posting, Status.CLOSED, "jobs.posting.closed", by=by, request=request, on_behalf=on_behalf
    )


def mark_filled(posting: Posting, *, by, request=None) -> Posting:
    return _move(posting, Status.FILLED, "jobs.posting.filled", by=by, request=request)


def _move(
    posting: Posting, target: Status, action: str, *, by, request, on_behalf: str = ""
) -> Posting:
    who = {"by": on_behalf} if on_behalf else {}
    try:
        with transaction.atomic():
            # Lock the row so two clicks cannot both move it; save() still checks the area.
            current = Posting._base_manager.select_for_update().get(pk=posting.pk)
            _check_move(current, target)
            before = current.status
            current.status = target
            fields = ["status", "updated_at"]
            if target == Status.PUBLISHED:
                current.published_at = timezone.now()
                fields.append("published_at")
            current.save(update_fields=fields)
            log_action(
                action,
                request=request,
                actor=by,
                obj=current,
                detail={"from": before, "to": str(target), **who},
            )
    except PostingStateError as error:
        log_action(
            action,
            request=request,
            actor=by,
            obj=posting,
            result=Result.REFUSED,
            detail={"from": posting.status, "to": str(target), "reason": str(error), **who},
        )
        raise
    posting.status, posting.published_at = current.status, current.published_at
    posting.updated_at = current.updated_at
    return posting


def _check_move(posting: Posting, target: Status) -> None:
    if not posting.can_become(target):
        raise PostingStateError(
            _("This posting is %(status)s and cannot become %(target)s.")
            % {"status": posting.get_status_display(), "target": target.label}
        )
    if target == Status.PUBLISHED:
        if posting.employer.is_blacklisted:
            raise PostingStateError(
                _("The employer is on the arrears blacklist; its jobs cannot be published.")
            )
        if posting.ends_on is not None and posting.ends_on < timezone.localdate():
            raise PostingStateError(_("The posting has already ended; change its end date."))
