"""Account workflows that must be audited: disabling unused accounts, unlocking, and the
personal-data permission's four-eyes grant (request → an administrator above approves).

The second factor's workflows are in `second_factor.py`.
"""

from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.scoping import NOWHERE, WHOLE_COUNTRY, area_of, covers

from .lockout import lockout_username
from .models import User
from .second_factor import clear_second_factor_lock


def disable_inactive_accounts(*, now=None) -> list[str]:
    """Disable every account unused for ACCOUNT_INACTIVE_DAYS (SECURITY.md S1).

    An account that never signed in counts from the day it was created.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ACCOUNT_INACTIVE_DAYS)
    stale = User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    disabled = []
    with transaction.atomic():
        for user in stale.select_for_update():
            user.is_active = False
            user.save(update_fields=["is_active"])
            log_action(
                "accounts.user.disabled_inactive",
                obj=user,
                detail={"last_login": user.last_login.isoformat() if user.last_login else None},
            )
            disabled.append(user.username)
    return disabled


def unlock_user(user: User, *, by, request=None) -> None:
    """Lift a lockout after failed sign-ins or wrong second-step codes before it ends (S3)."""
    axes_reset(username=lockout_username(user.username))
    clear_second_factor_lock(user)
    log_action("accounts.user.unlocked", request=request, actor=by, obj=user)


# The personal-data permission, four eyes (issue 10) ------------------------------------------


class GrantRefused(Exception):
    """A request or decision about the personal-data permission that is not allowed; str(error)
    says why, for the administrator."""


def _refuse(code: str, message: str, *, by, obj, request, reason: str) -> GrantRefused:
    log_action(
        code, request=request, actor=by, obj=obj, result=Result.REFUSED, detail={"reason": reason}
    )
    return GrantRefused(message)


def _administers(admin, code: str | None) -> bool:
    area = area_of(admin)
    return admin.is_area_admin and area is not NOWHERE and code is not None and covers(area, code)


def is_level_above(approver, requester) -> bool:
    """True when `approver` administers an area strictly above `requester`'s (a superuser is above
    everyone; between two superusers, the other one)."""
    if not approver.is_active or not approver.is_area_admin or approver.pk == requester.pk:
        return False
    mine, theirs = area_of(approver), area_of(requester)
    if mine == WHOLE_COUNTRY:
        return True
    if mine is NOWHERE or not theirs:  # no area, or a superuser asked: only a superuser is above
        return False
    return mine != theirs and covers(mine, theirs)


def made_by(maker: User, user: User, *, depth: int = 12) -> bool:
    """True when `maker` created `user`'s account, or an account that did, and so on up the
    chain: read from the audit trail's `accounts.user.created` rows (append-only, kept 184 days).
    Four eyes fails if one admin asks from an account of their own making and approves above it."""
    from homeward.audit.models import AuditEvent
    from homeward.scoping import unscoped

    seen, current = set(), user.pk
    with unscoped():
        for _step in range(depth):
            creator = (
                AuditEvent.objects.filter(
                    action="accounts.user.created",
                    object_type="accounts.user",
                    object_id=str(current),
                )
                .values_list("actor_id", flat=True)
                .first()
            )
            if creator is None or creator in seen:
                return False
            if creator == maker.pk:
                return True
            seen.add(creator)
            current = creator
    return False


def check_personal_data_request(user: User, *, by: User, request=None) -> None:
    """Raise GrantRefused when `by` may not ask for `user`'s permission (the form shows why)."""
    from .models import PersonalDataGrant

    if not _administers(by, user.region_id):
        raise _refuse(
            "accounts.personal_data.request_refused",
            _("You can only ask for users of your own area."),
            by=by,
            obj=user,
            request=request,
            reason="area",
        )
    if user.may_see_personal_data:
        raise GrantRefused(_("This user may already see full personal data."))
    pending = PersonalDataGrant.objects.filter(user=user, status=PersonalDataGrant.Status.PENDING)
    if pending.exists():
        raise GrantRefused(_("A request for this user is already waiting for approval."))


def request_personal_data(user: User, *, by: User, reason: str, request=None):
    """An area administrator asks that `user` (of their area, themselves included) may see full
    personal data; an administrator of a level above them decides (`approve_personal_data`)."""
    from .models import PersonalDataGrant

    reason = " ".join((reason or "").split())[:200]
    if not reason:
        raise GrantRefused(_("Say why this person needs full ID and phone numbers."))
    check_personal_data_request(user, by=by, request=request)
    try:
        with transaction.atomic():
            grant = PersonalDataGrant.objects.create(
                user=user, region_id=user.region_id, reason=reason, requested_by=by
            )
            log_action(
                "accounts.personal_data.requested",
                request=request,
                actor=by,
                obj=user,
                detail={"grant": grant.pk, "reason": reason},
            )
    except IntegrityError:  # a second request for the same user, at the same moment
        raise GrantRefused(_("A request for this user is already waiting for approval.")) from None
    return grant


def _decide(grant, *, by: User, approve: bool, request=None) -> None:
    from .models import PersonalDataGrant

    verb = "approve" if approve else "refuse"
    grant = PersonalDataGrant.objects.select_related("user", "requested_by").get(pk=grant.pk)
    if grant.status != PersonalDataGrant.Status.PENDING:
        raise GrantRefused(_("This request has already been decided."))
    if by.pk in (grant.requested_by_id, grant.user_id):
        raise _refuse(
            f"accounts.personal_data.{verb}_refused",
            _(
                "Another administrator must decide this: no one grants it to themselves or decides "
                "their own request."
            ),
            by=by,
            obj=grant.user,
            request=request,
            reason="own",
        )
    if made_by(by, grant.requested_by) or made_by(by, grant.user):
        raise _refuse(
            f"accounts.personal_data.{verb}_refused",
            _(
                "Another administrator must decide this: the account that asked, or the one it "
                "is for, was made by you or by an account you made."
            ),
            by=by,
            obj=grant.user,
            request=request,
            reason="made",
        )
    if not is_level_above(by, grant.requested_by) or not _administers(by, grant.region_id):
        raise _refuse(
            f"accounts.personal_data.{verb}_refused",
            _("Only an administrator of the level above the one who asked may decide this."),
            by=by,
            obj=grant.user,
            request=request,
            reason="level",
        )
    with transaction.atomic():
        grant = PersonalDataGrant.objects.select_for_update().get(pk=grant.pk)
        if grant.status != PersonalDataGrant.Status.PENDING:
            raise GrantRefused(_("This request has already been decided."))
        grant.status = (
            PersonalDataGrant.Status.APPROVED if approve else PersonalDataGrant.Status.REFUSED
        )
        grant.decided_by, grant.decided_at = by, timezone.now()
        grant.save(update_fields=["status", "decided_by", "decided_at"])
        if approve:
            User.objects.filter(pk=grant.user_id).update(may_see_personal_data=True)
        log_action(
            "accounts.personal_data.approved" if approve else "accounts.personal_data.refused",
            request=request,
            actor=by,
            obj=grant.user,
            detail={"grant": grant.pk, "requested_by": grant.requested_by.username},
        )


def approve_personal_data(grant, *, by: User, request=None) -> None:
    """Four eyes: an administrator above the one who asked, neither them nor the user, approves;
    the user may see full personal data from their next page on."""
    _decide(grant, by=by, approve=True, request=request)


def refuse_personal_data(grant, *, by: User, request=None) -> None:
    _decide(grant, by=by, approve=False, request=request)


def withdraw_personal_data(user: User, *, by: User, request=None) -> None:
    """Take the permission away: any administrator of the user's area, no second person needed."""
    if not _administers(by, user.region_id):
        raise _refuse(
            "accounts.personal_data.withdraw_refused",
            _("You can only change users of your own area."),
            by=by,
            obj=user,
            request=request,
            reason="area",
        )
    with transaction.atomic():
        if User.objects.filter(pk=user.pk, may_see_personal_data=True).update(
            may_see_personal_data=False
        ):
            log_action("accounts.personal_data.withdrawn", request=request, actor=by, obj=user)
    user.may_see_personal_data = False
