"""The open API's writes: clients and their tokens, the rate limit, idempotent writes, and the
one write of its own (a worker's status, through the registry's `record_status`).

Hires go through `placements.services.hire`, the same function the staff pages and the employer
portal call; this module only wraps it in the idempotency record.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.workers.models import Source, Worker
from homeward.workers.services import record_status

from .models import ApiClient, IdempotencyRecord, Scope, new_token, token_hash

WINDOW = timedelta(minutes=1)


class ClientError(ValueError):
    """A client may not be made or changed so; the message is for the person who tried."""


def parse_scopes(text: str) -> list[str]:
    """The scopes written "a, b c" or "a,b" as a sorted list; unknown ones refused."""
    scopes = sorted({s for s in text.replace(",", " ").split() if s})
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        raise ClientError(
            _("Unknown scope: %(scopes)s. Known: %(known)s")
            % {"scopes": ", ".join(unknown), "known": ", ".join(Scope.values)}
        )
    return scopes


@transaction.atomic
def create_client(
    *, title: str, region_id: str, scopes: list[str], rate_limit: int = 120, by=None, request=None
) -> tuple[ApiClient, str]:
    """A new client and its token: the token is returned once and only its hash is kept."""
    token = new_token()
    client = ApiClient(
        title=title[:100],
        region_id=region_id,
        scopes=",".join(parse_scopes(",".join(scopes))),
        rate_limit=rate_limit,
        token_hash=token_hash(token),
        token_start=token[:8],
        created_by=by,
    )
    client.full_clean(exclude=["token_hash", "token_start", "created_by"])
    client.save()
    log_action(
        "api.apiclient.created",
        request=request,
        actor=by,
        obj=client,
        detail={"scopes": client.scopes, "rate_limit": rate_limit},
    )
    return client, token


@transaction.atomic
def revoke_client(client: ApiClient, *, by=None, request=None) -> bool:
    """Revoke the client's token at once; False when it was revoked already."""
    revoked = ApiClient._base_manager.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        log_action("api.apiclient.revoked", request=request, actor=by, obj=client)
    return bool(revoked)


def authenticate(token: str, *, request=None) -> ApiClient | None:
    """The active client holding `token`; an unknown or revoked token is audited and refused.

    Read past the area (as sign-in reads users): the client is what gives the request its area.
    """
    client = ApiClient._base_manager.filter(token_hash=token_hash(token or "")).first()
    if client is None or not client.is_active:
        log_action(
            "api.token.refused",
            request=request,
            obj=client,
            result=Result.REFUSED,
            region_code=client.region_id if client else "",
            detail={"revoked": client is not None},
        )
        return None
    return client


def count_request(client: ApiClient, now=None) -> int | None:
    """Count one request in the client's fixed one-minute window; None when it may go ahead,
    else the seconds until the window ends (the 429's Retry-After). Conditional UPDATEs, so
    concurrent requests cannot both take the last place on either database."""
    now = now or timezone.now()
    window = now.replace(second=0, microsecond=0)
    rows = ApiClient._base_manager.filter(pk=client.pk)
    for _attempt in range(2):
        if rows.filter(window_start=window, window_count__lt=F("rate_limit")).update(
            window_count=F("window_count") + 1, last_used_at=now
        ):
            return None
        if rows.exclude(window_start=window).update(
            window_start=window, window_count=1, last_used_at=now
        ):
            return None
        # Another request opened this window between the two updates: try the first again.
    return max(1, int((window + WINDOW - now).total_seconds()))


# ---- idempotent writes ----


class Replay(Exception):  # noqa: N818 - not an error: the stored answer
    def __init__(self, status_code: int, response: dict):
        self.status_code, self.response = status_code, response


class KeyConflict(Exception):  # noqa: N818
    def __init__(self, message: str):
        self.message = message


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    """What "the same request" means: the method, the path and the body's JSON (key order and
    spacing aside) — or its bytes when it is no JSON."""
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True).encode()
    except ValueError:
        canonical = body
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


def reserve_key(client: ApiClient, key: str, fingerprint: str) -> IdempotencyRecord:
    """The key's record, new and unanswered; raises Replay with the stored answer for the same
    request, KeyConflict for another request under the key or one still being answered."""
    for _attempt in range(2):
        found = IdempotencyRecord.objects.filter(client=client, key=key).first()
        if found is not None:
            if found.request_hash != fingerprint:
                raise KeyConflict(
                    _("This Idempotency-Key was used for a different request; use a new key.")
                )
            if found.status_code is None:
                raise KeyConflict(
                    _("A request with this Idempotency-Key is still being processed; retry later.")
                )
            raise Replay(found.status_code, found.response)
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    client=client, key=key, request_hash=fingerprint
                )
        except IntegrityError:  # the same key at the same moment: read the other one's record
            continue
    raise KeyConflict(
        _("A request with this Idempotency-Key is still being processed; retry later.")
    )


def keep_answer(record: IdempotencyRecord, status_code: int, response: dict) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        status_code=status_code, response=response
    )


def release_key(record: IdempotencyRecord) -> None:
    """A refused write leaves nothing behind, its key included: the client may try again."""
    IdempotencyRecord.objects.filter(pk=record.pk).delete()


# ---- the API's own write ----


@transaction.atomic
def update_worker_status(
    worker: Worker,
    *,
    status: str,
    occurred_on: date,
    work_scope: str = "",
    work_place: str = "",
    client: ApiClient,
    request=None,
) -> bool:
    """Record the status a partner system reports (the registry's `record_status`), audited;
    False when nothing changed."""
    event = record_status(
        worker,
        status=status,
        occurred_on=occurred_on,
        source=Source.API,
        work_scope=work_scope,
        work_place=work_place,
        note=(_("Reported through the open API by %(client)s") % {"client": client.title})[:200],
    )
    if event is not None:
        log_action(
            "workers.worker.updated",
            request=request,
            obj=worker,
            detail={"fields": ["status"], "api_client": client.pk, "status": status},
        )
    return event is not None
