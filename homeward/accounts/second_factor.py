"""The staff second factor (SECURITY.md S5): an authenticator app (TOTP) and recovery codes.

- Enrolment (`enrol_authenticator`): the user scans a key and types the app's current code; the
  device is confirmed and RECOVERY_CODE_COUNT one-time recovery codes are issued, shown once.
- Verification (`verify_second_factor`): the app's 6 digits, or a recovery code. An app code
  serves once: django-otp's `last_t` refuses a code at or before the last accepted time step, so
  a replayed code is refused (and told apart from a wrong one). A recovery code is deleted when
  used (`accounts.otp.recovery_used`); it belongs to one user and is useless for any other.
- Wrong codes are counted per user on the authenticator device (django-otp's throttling fields).
  The first `lock_after - 1` in a row cost nothing, so a typo followed by the right code signs
  in. The `lock_after`-th locks the second step for `lock_minutes` (audited,
  `accounts.second_factor.locked`); each further wrong code after a lock doubles the wait, up
  to `max_lock_hours`. A success, or an area admin's unlock, starts the count again.

Why not django-otp's own back-off: with OTP_TOTP_THROTTLE_FACTOR = 1 it refused every attempt
for 2^(n-1) seconds after n wrong codes, with the same "wrong or expired" message, so the right
code a second after a typo was turned away as wrong (and audited as a failure); the wait had no
upper bound (20 wrong codes: six days) and nothing lifted it short of resetting the
authenticator. Settings turn it off (throttle factors 0); the counting it does is kept.

Recovery codes: django-otp's StaticToken keeps its token in plain text, so what is stored here is
a keyed hash of the code (HMAC with FIELD_HASH_KEY, bound to the user); the codes themselves
exist only in the response that shows them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.audit.models import Result
from homeward.audit.services import log_action

APP_CODE = "app"
RECOVERY_CODE = "recovery"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/i/l: a code copied from paper must not be misread. 31 symbols × 10 ≈ 49 bits.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 10


def limits() -> dict[str, int]:
    configured = getattr(settings, "SECOND_FACTOR_LIMITS", {})
    return {
        "lock_after": int(configured.get("lock_after", 5)),
        "lock_minutes": int(configured.get("lock_minutes", 15)),
        "max_lock_hours": int(configured.get("max_lock_hours", 24)),
    }


class CodeRefused(Exception):
    """The code was not accepted; str(error) says why, for the person."""


@dataclass(frozen=True)
class Verified:
    device: TOTPDevice | StaticDevice  # for django_otp.login
    recovery_codes_left: int | None  # None when the app's code was used


# Codes as people type them.


def parse_code(raw: str) -> tuple[str | None, str]:
    """(APP_CODE, "123456"), (RECOVERY_CODE, "abcde23456") or (None, raw).

    Full-width digits from a Chinese input method, spaces and dashes are forgiven.
    """
    compact = re.sub(r"[\s\-_]", "", unicodedata.normalize("NFKC", raw or "")).lower()
    if re.fullmatch(r"\d{6}", compact):
        return APP_CODE, compact
    if len(compact) == RECOVERY_LENGTH and all(ch in RECOVERY_ALPHABET for ch in compact):
        return RECOVERY_CODE, compact
    return None, raw


def format_recovery_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _recovery_hash(user, code: str) -> str:
    """What is stored for a recovery code: 80 bits of a keyed hash, to fit StaticToken.token."""
    digest = hmac.new(
        settings.FIELD_HASH_KEY.encode(), f"recovery:{user.pk}:{code}".encode(), hashlib.sha256
    ).digest()
    return base64.b32encode(digest[:10]).decode().lower()


# The authenticator app.


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def pending_authenticator(user) -> TOTPDevice:
    """The device being enrolled: its key is shown until the user confirms a code from it."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    return device


def authenticator_secret(device) -> str:
    """The TOTP key as people type it into an authenticator app (base32)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def authenticator_qr_svg(device) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


def locked_until(device, now=None):
    """When the lock on this device's second step ends, or None if it is not locked."""
    lim = limits()
    failures = device.throttling_failure_count
    if failures < lim["lock_after"] or device.throttling_failure_timestamp is None:
        return None
    doublings = min(failures - lim["lock_after"], 16)
    minutes = min(lim["lock_minutes"] * 2**doublings, lim["max_lock_hours"] * 60)
    until = device.throttling_failure_timestamp + timedelta(minutes=minutes)
    return until if until > (now or timezone.now()) else None


def _lock_message(until, now) -> str:
    minutes = max(math.ceil((until - now).total_seconds() / 60), 1)
    return ngettext(
        "Too many wrong codes: the second step is locked. Wait %(minutes)d minute "
        "(until %(time)s) and try again, or ask your area administrator to unlock your account.",
        "Too many wrong codes: the second step is locked. Wait %(minutes)d minutes "
        "(until %(time)s) and try again, or ask your area administrator to unlock your account.",
        minutes,
    ) % {"minutes": minutes, "time": timezone.localtime(until).strftime("%H:%M")}


def _wrong_message(kind: str, reason: str, device) -> str:
    if reason == "reused":
        text = _(
            "This code has already been used. Wait for the next code in your app "
            "(it changes every 30 seconds)."
        )
    elif kind == RECOVERY_CODE:
        text = _("That recovery code is wrong or has already been used.")
    else:
        text = _("That code is wrong. Check that your phone's clock is right and try again.")
    lim = limits()
    left = lim["lock_after"] - device.throttling_failure_count
    if left > 0:
        warning = ngettext(
            "After %(left)d more wrong code the second step is locked for %(minutes)d minutes.",
            "After %(left)d more wrong codes the second step is locked for %(minutes)d minutes.",
            left,
        ) % {"left": left, "minutes": lim["lock_minutes"]}
        # Chinese sentences follow each other without a space.
        text = _("%(problem)s %(warning)s") % {"problem": text, "warning": warning}
    return text


def _is_spent(device, code: str) -> bool:
    """The code is the app's, but at or before the last time step already accepted (a replay)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.verify(int(code), device.tolerance, 0)


def _refuse(
    user, device, *, kind: str, reason: str, was_locked, now, request, step: str
) -> CodeRefused:
    """Audit a refused code (one row) and return the error to raise."""
    detail = {"code": kind, "step": step, "failures": device.throttling_failure_count}
    if was_locked:
        log_action(
            "accounts.second_factor.refused",
            request=request,
            actor=user,
            obj=user,
            result=Result.REFUSED,
            detail={**detail, "reason": "locked", "until": was_locked.isoformat()},
        )
        return CodeRefused(_lock_message(was_locked, now))
    until = locked_until(device, now)
    if until is not None:
        log_action(
            "accounts.second_factor.locked",
            request=request,
            actor=user,
            obj=user,
            result=Result.REFUSED,
            detail={**detail, "reason": reason, "until": until.isoformat()},
        )
        return CodeRefused(_lock_message(until, now))
    log_action(
        "accounts.second_factor.failed",
        request=request,
        actor=user,
        obj=user,
        result=Result.FAILED,
        detail={**detail, "reason": reason},
    )
    return CodeRefused(_wrong_message(kind, reason, device))


def verify_second_factor(user, code: str, *, request=None) -> Verified:
    """Check the app's code or a recovery code for the second step; CodeRefused says why not.

    The device row is locked for the check, so two requests with one code cannot both pass.
    """
    kind, code = parse_code(code)
    if kind is None:
        raise CodeRefused(_("Enter the 6 digits from your authenticator app, or a recovery code."))
    now = timezone.now()
    refused = verified = None
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise CodeRefused(_("Set up your authenticator app first."))
        was_locked = locked_until(device, now)
        if was_locked:
            refused = {"reason": "locked"}
        elif kind == APP_CODE:
            if device.verify_token(code):
                verified = Verified(device=device, recovery_codes_left=None)
            else:
                refused = {"reason": "reused" if _is_spent(device, code) else "wrong"}
        else:
            static = StaticDevice.objects.select_for_update().filter(user=user).first()
            if static is not None and static.verify_token(_recovery_hash(user, code)):
                device.throttle_reset(commit=True)
                left = static.token_set.count()
                verified = Verified(device=static, recovery_codes_left=left)
            else:
                device.throttle_increment(commit=True)
                refused = {"reason": "wrong"}
    if refused is not None:
        raise _refuse(
            user,
            device,
            kind=kind,
            reason=refused["reason"],
            was_locked=was_locked,
            now=now,
            request=request,
            step="verify",
        )
    if verified.recovery_codes_left is None:
        log_action("accounts.second_factor.verified", request=request, actor=user, obj=user)
    else:
        log_action(
            "accounts.otp.recovery_used",
            request=request,
            actor=user,
            obj=user,
            detail={"left": verified.recovery_codes_left},
        )
    return verified


def enrol_authenticator(user, code: str, *, request=None) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with its current code and issue recovery codes.

    Returns the device and the recovery codes in plain text, to be shown once and never stored.
    """
    kind, code = parse_code(code)
    if kind != APP_CODE:
        raise CodeRefused(_("Enter the 6 digits shown in your authenticator app."))
    now = timezone.now()
    refused, codes = None, []
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise CodeRefused(_("Your authenticator app is already set up."))
        was_locked = locked_until(device, now)
        if was_locked:
            refused = "locked"
        elif device.verify_token(code):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _issue_recovery_codes(user)
        else:
            refused = "wrong"
    if refused is not None:
        raise _refuse(
            user,
            device,
            kind=kind,
            reason=refused,
            was_locked=was_locked,
            now=now,
            request=request,
            step="enrolment",
        )
    log_action(
        "accounts.second_factor.enrolled",
        request=request,
        actor=user,
        obj=user,
        detail={"recovery_codes": len(codes)},
    )
    return device, codes


# Recovery codes.


def _issue_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones (inside a transaction)."""
    static, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "recovery"})
    static.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _position in range(RECOVERY_LENGTH))
        for _number in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=static, token=_recovery_hash(user, code)) for code in codes
    )
    return [format_recovery_code(code) for code in codes]


def regenerate_recovery_codes(user, *, request=None) -> list[str]:
    """New recovery codes for an enrolled user; the old ones stop working."""
    with transaction.atomic():
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise CodeRefused(_("Set up your authenticator app first."))
        before = recovery_codes_left(user)
        codes = _issue_recovery_codes(user)
        log_action(
            "accounts.otp.recovery_regenerated",
            request=request,
            actor=user,
            obj=user,
            detail={"invalidated": before, "issued": len(codes)},
        )
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


# What area admins do for others.


def clear_second_factor_lock(user) -> None:
    """Forget the wrong codes counted against this user (an admin's unlock)."""
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    StaticDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def reset_second_factor(user, *, by, request=None) -> None:
    """Forget a user's authenticator and recovery codes: they enrol anew at their next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        log_action("accounts.second_factor.reset", request=request, actor=by, obj=user)
