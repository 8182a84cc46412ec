"""One-time SMS codes for signing in to the portal (`request_code`, then `check_code`):
rate-limited, expiring, single use, locked after too many wrong guesses. Every refusal says why
in plain Chinese. The portal calls these; the codes belong to no page.

Limits (settings, defaults below):
- a phone gets one code a minute, 5 an hour and 10 a day; one address asks for 30 an hour;
- a code lives 5 minutes, serves once, and dies after 5 wrong guesses;
- 10 wrong guesses for a phone within an hour lock it for 30 minutes (no codes, no sign-in).
Only keyed hashes of the phone and the code are stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import phone as phone_codes
from homeward.crypto import PHONE, lookup_hash, mask_phone
from homeward.outreach.gateways import OutgoingMessage, send

from .models import SignInCode

CODE_DIGITS = 6


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, "PORTAL_SIGNIN_LIMITS", {}).get(name, default))


def limits() -> dict[str, int]:
    return {
        "ttl_seconds": _limit("ttl_seconds", 300),
        "resend_seconds": _limit("resend_seconds", 60),
        "per_phone_hour": _limit("per_phone_hour", 5),
        "per_phone_day": _limit("per_phone_day", 10),
        "per_ip_hour": _limit("per_ip_hour", 30),
        "attempts_per_code": _limit("attempts_per_code", 5),
        "lock_after_failures": _limit("lock_after_failures", 10),
        "lock_minutes": _limit("lock_minutes", 30),
    }


class CodeRefused(Exception):
    """The code was not sent, or not accepted; str(error) says why, for the person."""


def parse_phone(raw: str) -> str:
    try:
        return phone_codes.parse(raw)
    except phone_codes.InvalidPhone:
        raise CodeRefused(_("Enter an 11-digit mobile number.")) from None


def _code_hash(phone_hash: str, code: str) -> str:
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, f"signin:{phone_hash}:{code}".encode(), hashlib.sha256).hexdigest()


def _locked_until(phone_hash: str, now):
    """When a lock on this phone ends, or None: too many wrong guesses within the last hour."""
    lim = limits()
    recent = SignInCode.objects.filter(
        phone_hash=phone_hash, created_at__gte=now - timedelta(hours=1)
    )
    failures = recent.aggregate(n=Sum("failed_attempts"))["n"] or 0
    if failures < lim["lock_after_failures"]:
        return None
    last = recent.filter(failed_attempts__gt=0).order_by("-created_at").first()
    until = (last.created_at if last else now) + timedelta(minutes=lim["lock_minutes"])
    return until if until > now else None


def _check_limits(phone_hash: str, now, ip: str | None) -> None:
    lim = limits()
    if _locked_until(phone_hash, now):
        raise CodeRefused(
            _("Too many wrong codes. Try again in %(minutes)s minutes.")
            % {"minutes": lim["lock_minutes"]}
        )
    sent = SignInCode.objects.filter(phone_hash=phone_hash)
    last = sent.order_by("-created_at").first()
    if last and (now - last.created_at).total_seconds() < lim["resend_seconds"]:
        wait = lim["resend_seconds"] - int((now - last.created_at).total_seconds())
        raise CodeRefused(
            _("A code was just sent. Ask again in %(seconds)s seconds.") % {"seconds": max(wait, 1)}
        )
    if sent.filter(created_at__gte=now - timedelta(hours=1)).count() >= lim["per_phone_hour"]:
        raise CodeRefused(_("Too many codes for this number in the last hour. Try later."))
    if sent.filter(created_at__gte=now - timedelta(days=1)).count() >= lim["per_phone_day"]:
        raise CodeRefused(_("Too many codes for this number today. Try again tomorrow."))
    if ip and (
        SignInCode.objects.filter(ip=ip, created_at__gte=now - timedelta(hours=1)).count()
        >= lim["per_ip_hour"]
    ):
        raise CodeRefused(_("Too many codes asked from this network. Try later."))


def request_code(
    raw_phone: str,
    audience: str,
    *,
    ip: str | None = None,
    region: str | None = None,
    request=None,
    send_message: bool = True,
) -> SignInCode:
    """Send a new code to the phone, or raise CodeRefused saying why not (too soon, too many).

    With `send_message=False` nothing is sent, but the limits apply and a code row is kept that
    no code matches: for numbers that must not learn they are unknown (the employer portal).
    """
    number = parse_phone(raw_phone)
    phone_hash = lookup_hash(PHONE, number)
    now = timezone.now()
    lim = limits()
    _check_limits(phone_hash, now, ip)
    if not send_message:
        return SignInCode.objects.create(
            phone_hash=phone_hash,
            audience=audience,
            code_hash=secrets.token_hex(32),  # the hash of no code
            created_at=now,
            expires_at=now + timedelta(seconds=lim["ttl_seconds"]),
            ip=ip,
        )

    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    row = SignInCode.objects.create(
        phone_hash=phone_hash,
        audience=audience,
        code_hash=_code_hash(phone_hash, code),
        created_at=now,
        expires_at=now + timedelta(seconds=lim["ttl_seconds"]),
        ip=ip,
    )
    minutes = max(lim["ttl_seconds"] // 60, 1)
    text = _(
        "[Homeward] Your sign-in code is %(code)s, valid for %(minutes)s minutes. "
        "Do not tell anyone, staff included."
    ) % {"code": code, "minutes": minutes}
    result = send(
        OutgoingMessage(
            channel="sms",
            phone=number,
            text=text,
            key=f"signin:{row.pk}",
            region=region or _region_of_phone(number) or settings.HOMEWARD_SERVICE_AREA or None,
            template="signin_code",
            params=(code, str(minutes)),
        )
    )
    if not result.accepted:
        # Nothing reached the phone: the attempt does not count against the person.
        SignInCode.objects.filter(pk=row.pk).delete()
        log_action(
            "portal.signin.code_failed",
            request=request,
            result=Result.FAILED,
            object_repr=mask_phone(number),
            detail={"audience": audience, "error": result.error[:200]},
        )
        raise CodeRefused(_("The text message could not be sent. Try again in a minute."))
    log_action(
        "portal.signin.code_sent",
        request=request,
        object_repr=mask_phone(number),
        detail={"audience": audience},
    )
    return row


def _region_of_phone(number: str) -> str | None:
    """The village of a registered person with this phone: their area's outbox keeps the code."""
    from homeward.crypto import hash_filter
    from homeward.workers.models import Worker

    rows = Worker._base_manager.filter(**hash_filter(Worker, "phone", number))
    return rows.values_list("region_id", flat=True).first()


def check_code(raw_phone: str, audience: str, code: str, *, request=None) -> str:
    """The phone number when `code` is its newest live code; otherwise CodeRefused.

    A wrong guess is counted (and kept, whatever happens after); the right code is used up.
    """
    number = parse_phone(raw_phone)
    phone_hash = lookup_hash(PHONE, number)
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    now = timezone.now()
    lim = limits()
    masked = mask_phone(number)
    if _locked_until(phone_hash, now):
        log_action(
            "portal.signin.locked",
            request=request,
            result=Result.REFUSED,
            object_repr=masked,
            detail={"audience": audience},
        )
        raise CodeRefused(
            _("Too many wrong codes. Try again in %(minutes)s minutes.")
            % {"minutes": lim["lock_minutes"]}
        )
    with transaction.atomic():
        row = (
            SignInCode.objects.select_for_update()
            .filter(phone_hash=phone_hash, audience=audience, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if row is None or row.expires_at <= now or row.failed_attempts >= lim["attempts_per_code"]:
            refusal = _("The code has expired or was used. Ask for a new one.")
            wrong = False
        elif not hmac.compare_digest(row.code_hash, _code_hash(phone_hash, code)):
            row.failed_attempts += 1
            row.save(update_fields=["failed_attempts"])
            left = lim["attempts_per_code"] - row.failed_attempts
            refusal = (
                _("Wrong code. %(left)s tries left.") % {"left": left}
                if left > 0
                else _("Wrong code. Ask for a new one.")
            )
            wrong = True
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            # Any older code still outstanding for this phone dies with it.
            SignInCode.objects.filter(
                phone_hash=phone_hash, used_at__isnull=True, created_at__lt=row.created_at
            ).update(used_at=now)
            refusal = None
    if refusal is not None:
        log_action(
            "portal.signin.failed",
            request=request,
            result=Result.FAILED,
            object_repr=masked,
            detail={"audience": audience, "reason": "wrong" if wrong else "expired"},
        )
        raise CodeRefused(refusal)
    log_action(
        "portal.signin.ok", request=request, object_repr=masked, detail={"audience": audience}
    )
    return number


__all__ = ["CodeRefused", "check_code", "limits", "parse_phone", "request_code"]
