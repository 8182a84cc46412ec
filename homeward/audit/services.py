"""Writing and keeping the audit trail. Every audited write in Homeward calls `log_action`.

No row holds a full ID or mobile number (S12): `AuditEvent.save`, the one way a row is written,
masks them (see the model).
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from homeward.scoping import region_of

from .models import MINIMUM_RETENTION_DAYS, AuditEvent, Result


def client_address(request) -> str | None:
    if request is None:
        return None
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def log_action(
    action: str,
    *,
    request=None,
    actor=None,
    obj=None,
    result: str = Result.OK,
    region_code: str | None = None,
    detail: dict | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one audit row. `action` is a dotted code such as `accounts.login.failed`."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not actor.is_authenticated:
        actor = None
    if region_code is None:
        region_code = region_of(obj)
    if region_code is None and actor is not None:
        region_code = actor.region_id or ""
    event = AuditEvent(
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        action=action,
        result=result,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=object_repr if object_repr is not None else str(obj or ""),
        region_code=region_code or "",
        ip=client_address(request),
        detail=detail or {},
    )
    event.save(force_insert=True)  # save() goes through the base manager: writing needs no area
    return event


def purge_audit(now=None) -> int:
    """Delete audit rows older than the retention period (never younger than 184 days)."""
    days = max(settings.AUDIT_RETENTION_DAYS, MINIMUM_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE at < %s", [cutoff])  # noqa: S608
        return cursor.rowcount
