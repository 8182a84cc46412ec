"""Account workflows that must be audited: disabling unused accounts, unlocking.

The second factor's workflows are in `second_factor.py`.
"""

from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from homeward.audit.services import log_action

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
