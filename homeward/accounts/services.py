"""Account workflows that must be audited: disabling unused accounts, unlocking, 2FA enrolment."""

import base64
from datetime import timedelta

import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from homeward.audit.services import log_action

from .models import User


def second_factor_secret(device) -> str:
    """The TOTP key as people type it into an authenticator app (base32)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def second_factor_qr_svg(device) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


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
    """Lift a lockout after failed sign-ins before its cool-off ends (S3)."""
    axes_reset(username=user.username)
    log_action("accounts.user.unlocked", request=request, actor=by, obj=user)


def reset_second_factor(user: User, *, by, request=None) -> None:
    """Forget a user's authenticator so they enrol a new one at their next sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    log_action("accounts.second_factor.reset", request=request, actor=by, obj=user)
