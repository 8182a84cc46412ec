"""Message gateways: one small interface, `send(message) -> SendResult`, and the registry.

`send()` routes by channel: ``"inapp"`` always goes to the outbox (it is the portal's inbox);
``"sms"`` goes to the gateway named by HOMEWARD_SMS_GATEWAY and ``"wechat"`` to the one named by
HOMEWARD_WECHAT_GATEWAY, each defaulting to HOMEWARD_MESSAGE_GATEWAY (itself ``"outbox"``). The
gateways:

- ``"outbox"`` (the default, the embedded mode): each message is stored as an `OutboxMessage`;
  staff read it on the outbox page, and tests and the portal sign-in read codes from it.
- ``"webhook"``: each message is POSTed as JSON ``{"channel", "to", "text", "key"}`` to
  HOMEWARD_WEBHOOK_URL, signed with HMAC-SHA256 of the body under HOMEWARD_WEBHOOK_SECRET in the
  ``X-Homeward-Signature: sha256=<hex>`` header; whatever sits behind the URL (an SMS provider's
  adapter, a WeChat bridge) delivers it. A non-2xx answer, a timeout or a refused connection is
  ``accepted=False`` with the error; nothing is retried here.
- ``"tencent"``: Tencent Cloud SMS through its official SDK (`tencent.py`); it sends the
  provider-approved template mapped from `OutgoingMessage.template` with `params`, not `text`.

A gateway never raises for a delivery failure: callers look at `SendResult.accepted`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from homeward.crypto import PHONE, decrypt, encrypt, lookup_hash, normalize_phone
from homeward.scoping import area_scope

logger = logging.getLogger(__name__)

CHANNELS = ("sms", "wechat", "inapp")
SIGNATURE_HEADER = "X-Homeward-Signature"
DEFAULT_TIMEOUT = 5.0  # seconds


@dataclass(frozen=True)
class OutgoingMessage:
    """A message to one person: by phone (sms, wechat) or by worker id (inapp, or any channel).

    `key` is the idempotency key (e.g. ``"campaign-12:worker-345"`` or ``"signin:<nonce>"``): a
    gateway delivers a message with a given non-blank key at most once. `region` is the region
    code the message belongs to (the recipient's village, or the sender's area); the outbox needs
    it, and takes the worker's village when it is missing and a worker is named.

    `template` is our code for the kind of message (``"signin_code"``, ``"job_push"``) and
    `params` its parameters in order: SMS providers in China send only templates approved in
    advance, so a provider gateway sends those and ignores `text`; the outbox keeps `text`.

    `sealed_phone` is the number as an `EncryptedField` stores it, under the current key, with
    `phone_hash` its lookup hash (the worker's own columns): for a gateway that stores the number
    as it is (`takes_sealed_phone`, the outbox) the caller need not decrypt it nor the gateway
    encrypt it again. Such a message has no plain `phone`.
    """

    channel: str
    text: str
    phone: str = ""
    worker_id: int | None = None
    key: str = ""
    region: str | None = None
    template: str = ""
    params: tuple[str, ...] = ()
    sealed_phone: str = ""
    phone_hash: str = ""

    def __post_init__(self):
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}; one of {CHANNELS}")
        if isinstance(self.params, str):
            raise ValueError("params is a sequence of the template's parameters, not one string")
        object.__setattr__(self, "params", tuple(str(param) for param in self.params))
        object.__setattr__(self, "phone", normalize_phone(self.phone) if self.phone else "")
        if self.sealed_phone and (self.phone or not self.phone_hash):
            raise ValueError("a sealed phone comes with its lookup hash and without the number")
        if not (self.phone or self.sealed_phone) and self.worker_id is None:
            raise ValueError("a message needs a recipient: a phone number or a worker id")
        if self.channel == "sms" and not (self.phone or self.sealed_phone):
            raise ValueError("an SMS needs a phone number")

    @property
    def to(self) -> str:
        """The recipient as a provider sees it: the phone number, else ``worker:<id>``."""
        return self.phone or f"worker:{self.worker_id}"


@dataclass(frozen=True)
class SendResult:
    """What a gateway did with a message.

    `accepted`: the gateway took it (a provider queued it, the outbox stored it). `delivered`:
    the gateway knows it reached the person, which only the outbox can say at once (its storage is
    the delivery); providers tell later, by delivery receipts (`views.py`).
    """

    accepted: bool
    provider_message_id: str = ""
    error: str = ""
    delivered: bool = False


class Gateway(Protocol):
    def send(self, message: OutgoingMessage) -> SendResult: ...


class OutboxGateway:
    """Stores each message in the outbox (`OutboxMessage`); a repeated key stores nothing new."""

    def send(self, message: OutgoingMessage) -> SendResult:
        from .models import OutboxMessage

        if message.key:
            # The key is unique across the whole outbox, so the check looks across every area
            # (it reads the id only); the row itself stays behind the scoped manager.
            existing = _by_key(message.key)
            if pk := existing.first():
                return _stored(pk)
        region = message.region or _region_of_worker(message.worker_id)
        if not region:
            return SendResult(accepted=False, error="no region for the outbox message")
        row = OutboxMessage(
            region_id=region,
            channel=message.channel,
            recipient_phone=_plain_phone(message),
            worker_id=message.worker_id,
            text=message.text,
            key=message.key,
            template=message.template,
        )
        # Sending is a system action (the portal's anonymous sign-in sends codes too), so the row
        # is written in the area of its own region, the narrowest scope that admits it.
        try:
            with area_scope(region), transaction.atomic():
                row.save()
        except IntegrityError:
            pk = _by_key(message.key)
            if message.key and (found := pk.first()):
                return _stored(found)
            raise
        return _stored(row.pk)

    dedupes_by_key = True
    # The outbox stores a sealed phone as it is (`OutgoingMessage.sealed_phone`), and the text
    # of every message: a campaign need not keep a copy (`Delivery.text_as_sent` reads it here).
    takes_sealed_phone = True
    keeps_text = True

    def send_many(self, messages: list[OutgoingMessage]) -> list[SendResult]:
        """Store many messages at once: one prepared ``INSERT … ON CONFLICT DO NOTHING
        RETURNING id, key`` per 500 keyed messages (a key stored before, or by a concurrent
        sender meanwhile, inserts nothing and is looked up after), values encrypted and hashed
        here, past the ORM's per-value compiling. The answers are in the order of `messages`; a
        repeated key stores nothing new."""
        from .models import OutboxMessage

        regions = _regions_of_workers(
            {m.worker_id for m in messages if not m.region and m.worker_id is not None}
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        keyed: dict[str, tuple] = {}
        plain, answers = [], []
        for message in messages:
            region = message.region or regions.get(message.worker_id)
            if not region:
                answers.append((message, None))
                continue
            if message.key:
                if message.key not in keyed:
                    keyed[message.key] = _outbox_row(message, region, now)
                answers.append((message, None))
            else:
                row = OutboxMessage(
                    region_id=region,
                    channel=message.channel,
                    recipient_phone=_plain_phone(message),
                    worker_id=message.worker_id,
                    text=message.text,
                    template=message.template,
                )
                plain.append(row)
                answers.append((message, row))
        # A system action like `send`: each row carries its own region (ScopedModel.save's
        # check does not run for bulk inserts; the callers name the recipient's region).
        found: dict[str, int] = {}
        with transaction.atomic():
            rows = list(keyed.values())
            for start in range(0, len(rows), INSERT_ROWS):
                found.update(_insert_new(rows[start : start + INSERT_ROWS]))
            OutboxMessage._base_manager.bulk_create(plain)
        found.update(_keys_stored(set(keyed) - set(found)))  # stored before: their first id
        results = []
        for message, row in answers:
            if message.key and message.key in found:
                results.append(_stored(found[message.key]))
            elif row is not None and row.pk is not None:
                results.append(_stored(row.pk))
            elif not (message.region or regions.get(message.worker_id)):
                results.append(SendResult(accepted=False, error="no region for the outbox message"))
            else:
                results.append(SendResult(accepted=False, error="not stored"))
        return results


# Keyed outbox rows one INSERT takes: 9 values each, far below SQLite's 32,766 parameters.
INSERT_ROWS = 500
OUTBOX_COLUMNS = (
    "region_id",
    "channel",
    "recipient_phone",
    "recipient_phone_hash",
    "worker_id",
    "text",
    "key",
    "template",
    "created_at",
)


def _outbox_row(message: OutgoingMessage, region: str, created_at) -> tuple:
    """The outbox row of `message` as the table stores it: the phone (normalised by the
    message) encrypted and hashed as `EncryptedField` and `LookupHashField` would, or as sealed
    already."""
    phone = message.phone
    if message.sealed_phone:
        sealed, hashed = message.sealed_phone, message.phone_hash
    else:
        sealed, hashed = (encrypt(phone) if phone else ""), lookup_hash(PHONE, phone)
    return (
        region,
        message.channel,
        sealed,
        hashed,
        message.worker_id,
        message.text,
        message.key,
        message.template,
        created_at,
    )


def _plain_phone(message: OutgoingMessage) -> str:
    """The number for a row saved through the model (whose field encrypts it)."""
    return message.phone or (decrypt(message.sealed_phone) if message.sealed_phone else "")


def _insert_new(rows: list[tuple]) -> list[tuple[str, int]]:
    """Insert `rows`, skipping those whose key is stored already; (key, id) of those inserted."""
    from .models import OutboxMessage

    quote = connection.ops.quote_name
    table = quote(OutboxMessage._meta.db_table)
    columns = ", ".join(quote(c) for c in OUTBOX_COLUMNS)
    returning = f"ON CONFLICT DO NOTHING RETURNING {quote('key')}, {quote('id')}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array a column: the driver parses a short statement (the text of one with a
            # placeholder for each value took it longer to parse than the server to run).
            by_column = {f.column: f for f in OutboxMessage._meta.concrete_fields}
            arrays = ", ".join(
                f"CAST(%s AS {by_column[c].db_type(connection)}[])" for c in OUTBOX_COLUMNS
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) {returning}",
                [list(column) for column in zip(*rows, strict=True)],
            )
            return cursor.fetchall()
        one = "(" + ", ".join(["%s"] * len(OUTBOX_COLUMNS)) + ")"
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(rows))} {returning}",
            [value for row in rows for value in row],
        )
        return cursor.fetchall()


def _keys_stored(keys: set[str]) -> list[tuple[str, int]]:
    from .models import OutboxMessage

    rows, keys = [], sorted(k for k in keys if k)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows += (
            OutboxMessage._base_manager.filter(key__in=chunk)
            .exclude(key="")
            .values_list("key", "pk")
        )
    return rows


def _regions_of_workers(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    from homeward.workers.models import Worker

    return dict(Worker._base_manager.filter(pk__in=ids).values_list("pk", "region_id"))


def _stored(pk: int) -> SendResult:
    # The outbox is where the person reads the message (the portal's inbox, the embedded mode's
    # SMS), so a stored message is a delivered one.
    return SendResult(accepted=True, provider_message_id=f"outbox:{pk}", delivered=True)


def _by_key(key: str):
    """Ids of the outbox rows with this key. The `key <> ''` term is what lets SQLite use the
    partial unique index (its planner does not infer it from `key = ?`); without it each send
    scanned the whole outbox, quadratic over a campaign."""
    from .models import OutboxMessage

    return OutboxMessage._base_manager.filter(key=key).exclude(key="").values_list("pk", flat=True)


def _region_of_worker(worker_id: int | None) -> str | None:
    if worker_id is None:
        return None
    from homeward.workers.models import Worker

    return Worker._base_manager.filter(pk=worker_id).values_list("region_id", flat=True).first()


def sign(body: bytes, secret: str) -> str:
    """The signature header's value for `body`: ``sha256=<hex HMAC-SHA256 under secret>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookGateway:
    """POSTs each message as signed JSON to a URL; non-2xx or no answer in time is a failure."""

    def __init__(self, url: str | None = None, secret: str | None = None, timeout=None):
        self.url = url if url is not None else getattr(settings, "HOMEWARD_WEBHOOK_URL", "")
        self.secret = (
            secret if secret is not None else getattr(settings, "HOMEWARD_WEBHOOK_SECRET", "")
        )
        self.timeout = float(
            timeout
            if timeout is not None
            else getattr(settings, "HOMEWARD_WEBHOOK_TIMEOUT", DEFAULT_TIMEOUT)
        )
        if not self.url or not self.url.startswith(("http://", "https://")):
            raise ImproperlyConfigured("HOMEWARD_WEBHOOK_URL must be an http(s) URL")
        if not self.secret:
            raise ImproperlyConfigured("HOMEWARD_WEBHOOK_SECRET must be set for the webhook")

    def body(self, message: OutgoingMessage) -> bytes:
        payload = {"channel": message.channel, "to": message.to, "text": message.text}
        payload["key"] = message.key
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()

    def send(self, message: OutgoingMessage) -> SendResult:
        body = self.body(message)
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                SIGNATURE_HEADER: sign(body, self.secret),
                "Idempotency-Key": message.key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            return self._failed(message, f"HTTP {error.code} {error.reason}")
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            return self._failed(message, f"no answer: {reason}")
        if not 200 <= status < 300:
            return self._failed(message, f"HTTP {status}")
        return SendResult(accepted=True, provider_message_id=_message_id(answer))

    def _failed(self, message: OutgoingMessage, error: str) -> SendResult:
        logger.warning("webhook refused %s message key=%s: %s", message.channel, message.key, error)
        return SendResult(accepted=False, error=error)


def _message_id(answer: bytes) -> str:
    """The provider's id from a JSON answer ``{"id": ...}`` or ``{"message_id": ...}``, if any."""
    try:
        data = json.loads(answer or b"null")
    except ValueError:
        return ""
    if isinstance(data, dict):
        return str(data.get("id") or data.get("message_id") or "")
    return ""


def _tencent() -> Gateway:
    # Imported when chosen: the SDK (and requests) load only where Tencent sends the SMS.
    from .tencent import TencentSmsGateway

    return TencentSmsGateway()


GATEWAYS: dict[str, Callable[[], Gateway]] = {
    "outbox": OutboxGateway,
    "webhook": WebhookGateway,
    "tencent": _tencent,
}
CHANNEL_SETTINGS = {"sms": "HOMEWARD_SMS_GATEWAY", "wechat": "HOMEWARD_WECHAT_GATEWAY"}


def get_gateway(name: str | None = None) -> Gateway:
    """The gateway named by `name` or by the HOMEWARD_MESSAGE_GATEWAY setting ("outbox")."""
    name = name or getattr(settings, "HOMEWARD_MESSAGE_GATEWAY", "outbox") or "outbox"
    try:
        make = GATEWAYS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"message gateway {name!r} is not one of {sorted(GATEWAYS)}"
        ) from None
    return make()


def gateway_name(channel: str) -> str:
    """The name of the gateway that sends messages of `channel`.

    In-app messages are the portal's inbox, which is the outbox, whatever else is configured.
    """
    if channel == "inapp":
        return "outbox"
    own = getattr(settings, CHANNEL_SETTINGS[channel], "")
    return own or getattr(settings, "HOMEWARD_MESSAGE_GATEWAY", "outbox") or "outbox"


def send(message: OutgoingMessage) -> SendResult:
    """Send `message` through the gateway of its channel."""
    return get_gateway(gateway_name(message.channel)).send(message)
