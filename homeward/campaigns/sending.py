"""Sending a campaign: the batch task that claims due deliveries, checks, renders, sends, records.

Each batch (`dispatch_batch`, run by the `send_batch` task) claims a few due rows at a time,
marks them `sending` and commits *before* calling the gateway, checks the person again (opted out
since? weekly cap?), picks their jobs, renders the text, sends at the channel's pace and records
the outcome.

Never twice to one person for one campaign: the database holds one delivery per campaign and
person; a row is claimed by one batch at a time (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL;
SQLite has one writer at a time); every send carries the key ``campaign-<id>:worker-<id>``. On
the outbox with no pace to keep, a chunk is instead one transaction (`lock_due`): its rows are
locked, not marked, and go from queued to delivered with their messages in one commit, so each
row is written once and a dead worker leaves them queued. A
worker process that dies mid-send leaves its rows `sending`: once their lease has run out they
are sent again with the same key when the channel's gateway deduplicates by key (the outbox, the
webhook), and marked failed with an unknown outcome otherwise, rather than risk a second SMS.
The `watch_campaign` task comes back every CAMPAIGN_WATCH_SECONDS while the campaign is sending,
to pick up what a killed worker left behind, and stops when it is done.

Pace: messages a second per channel (CAMPAIGN_RATES), reserved in `SendingPace` so that every
worker process shares one budget. Quiet hours: no SMS between 21:00 and 08:00 Beijing time; a
batch that meets them puts its rows back and runs again at 08:00. Retries: a send the gateway
refused is tried again after CAMPAIGN_RETRY_SECONDS, doubling, up to CAMPAIGN_MAX_ATTEMPTS.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import ExpressionWrapper, F, Q, TextField
from django.utils import timezone
from django_tasks import task

from homeward.core.bulk import converter
from homeward.crypto import decrypt, is_current
from homeward.matching.services import WORKER_FIELDS
from homeward.outreach import gateways
from homeward.outreach.gateways import OutgoingMessage, SendResult
from homeward.outreach.quiet import quiet_until
from homeward.scoping import unscoped
from homeward.workers.models import Worker

from .audience import JobCache, Skip, jobs_for, many_ids, recent_counts, skip_reason
from .models import Campaign, Delivery, SendingPace
from .text import Template, link_prefix, message_key, provider_template, render_message

logger = logging.getLogger(__name__)

# Rows one claim takes. Without deduplication a worker killed mid-chunk leaves its claimed rows
# with an unknown outcome (failed rather than risk a second SMS): short chunks lose few. With a
# deduplicating gateway such rows are simply sent again under their keys, so a chunk may be the
# whole batch, and the per-chunk work (queries, a matching scan, one outbox insert) is shared.
# A batch's chunks share its job cache (the postings on offer, the provinces' pools).
CHUNK = 100
DEDUPED_CHUNK = 5000
UNKNOWN_OUTCOME = "unknown outcome: the sender stopped mid-send and this gateway cannot deduplicate"
QUEUED, SENDING, SENT, DELIVERED, FAILED, SKIPPED = (
    Delivery.Status.QUEUED,
    Delivery.Status.SENDING,
    Delivery.Status.SENT,
    Delivery.Status.DELIVERED,
    Delivery.Status.FAILED,
    Delivery.Status.SKIPPED,
)


@task()
def send_batch(campaign_id: int) -> dict:
    return dispatch_batch(campaign_id)


@task()
def watch_campaign(campaign_id: int, token: str) -> str:
    return watch(campaign_id, token)


def gateway_dedupes(channel: str) -> bool:
    """Whether the channel's gateway delivers a message with a given key at most once.

    A gateway says so with a `dedupes_by_key` attribute; without one, the outbox (unique key) and
    the webhook (Idempotency-Key header) are taken to, and any other gateway not to.
    """
    name = gateways.gateway_name(channel)
    declared = getattr(gateways.GATEWAYS.get(name), "dedupes_by_key", None)
    if declared is None:
        return name in ("outbox", "webhook")
    return bool(declared)


class Pacer:
    """Spaces a channel's messages to its rate, across worker processes: each chunk reserves
    its slots in `SendingPace` under a row lock, then sends one message per slot."""

    def __init__(self, channel: str):
        self.channel = channel
        self.rate = float(settings.CAMPAIGN_RATES.get(channel) or 0)
        self.due = 0.0

    def reserve(self, count: int) -> None:
        if not self.rate or not count:
            return
        SendingPace.objects.get_or_create(channel=self.channel)
        with transaction.atomic():
            pace = SendingPace.objects.select_for_update().get(channel=self.channel)
            now = timezone.now()
            start = max(now, pace.next_slot)
            pace.next_slot = start + timedelta(seconds=count / self.rate)
            pace.save(update_fields=["next_slot"])
        self.due = time.monotonic() + (start - now).total_seconds()

    def wait(self) -> None:
        if not self.rate:
            return
        delay = self.due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self.due = max(self.due, time.monotonic() - 1 / self.rate) + 1 / self.rate


@dataclass
class Outcome:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0
    recovered: int = 0
    retry_at: datetime | None = None

    def add(self, other: Outcome) -> None:
        for name in ("sent", "retry", "failed", "skipped", "deferred", "recovered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.retry_at and (self.retry_at is None or other.retry_at < self.retry_at):
            self.retry_at = other.retry_at

    def as_dict(self) -> dict:
        return {
            "sent": self.sent,
            "retry": self.retry,
            "failed": self.failed,
            "skipped": self.skipped,
            "deferred": self.deferred,
            "recovered": self.recovered,
        }


def dispatch_batch(campaign_id: int, *, size: int | None = None, follow_up: bool = True) -> dict:
    """One batch of a sending campaign: up to `size` due messages, claimed a chunk at a time."""
    size = size or settings.CAMPAIGN_BATCH_SIZE
    outcome = Outcome()
    with unscoped():
        campaign = Campaign._base_manager.filter(pk=campaign_id).first()
        if campaign is None or campaign.status != Campaign.Status.SENDING:
            return outcome.as_dict()
        gateway = gateways.get_gateway(gateways.gateway_name(campaign.channel))
        dedupes = gateway_dedupes(campaign.channel)
        pacer = Pacer(campaign.channel)
        outcome.recovered = recover_abandoned(campaign, dedupes=dedupes)
        chunk = DEDUPED_CHUNK if dedupes else CHUNK
        cache, prefix = JobCache(), link_prefix()
        # The outbox stores a chunk's messages in this database: with no pace to keep, the whole
        # chunk is one transaction over rows it locks, with no `sending` mark written first.
        locked = dedupes and hasattr(gateway, "send_many") and not pacer.rate
        claimed = 0
        while claimed < size:
            now = timezone.now()
            held = quiet_until(campaign.channel, now)
            if held is not None:
                outcome.deferred += 1
                if follow_up:
                    later(send_batch, campaign_id, run_after=held)
                break
            limit = min(chunk, size - claimed)
            send = partial(
                send_chunk,
                campaign,
                gateway=gateway,
                dedupes=dedupes,
                pacer=pacer,
                cache=cache,
                prefix=prefix,
                locked=locked,
            )
            if locked:
                with transaction.atomic():
                    rows = lock_due(campaign, limit, now)
                    sent = send(rows) if rows else None
            else:
                rows = claim(campaign, limit, now)
                sent = send(rows) if rows else None
            if not rows:
                break
            claimed += len(rows)
            outcome.add(sent)
            if not Campaign._base_manager.filter(
                pk=campaign_id, status=Campaign.Status.SENDING
            ).exists():
                break  # cancelled meanwhile
        if follow_up and outcome.retry_at is not None:
            later(send_batch, campaign_id, run_after=outcome.retry_at)
        finish_if_done(campaign_id)
    return outcome.as_dict()


def recover_abandoned(campaign: Campaign, *, dedupes: bool, now=None) -> int:
    """Rows left `sending` past their lease by a worker that died: again (same key), or failed."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.CAMPAIGN_LEASE_SECONDS)
    stale = Delivery._base_manager.filter(
        campaign=campaign, status=SENDING, claimed_at__lt=now - lease
    )
    if dedupes:
        return stale.update(status=QUEUED, next_attempt_at=now, claimed_at=None)
    return stale.update(status=FAILED, error=UNKNOWN_OUTCOME)


def claim(campaign: Campaign, limit: int, now: datetime) -> list[Delivery]:
    """Take up to `limit` due rows of the campaign for this process, committed as `sending`."""
    with transaction.atomic():
        due = (
            Delivery._base_manager.filter(campaign=campaign, status=QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("pk")
            .select_for_update(skip_locked=True)  # PostgreSQL; SQLite has one writer anyway
        )
        rows = list(due[:limit])
        if not rows:
            return []
        ids = [row.pk for row in rows]
        taken = Delivery._base_manager.filter(pk__in=many_ids(ids), status=QUEUED).update(
            status=SENDING, claimed_at=now
        )
    if taken == len(rows):  # every row read is ours (locked on PostgreSQL, one writer on SQLite)
        for row in rows:
            row.status, row.claimed_at = SENDING, now
        return rows
    return list(Delivery._base_manager.filter(pk__in=many_ids(ids), status=SENDING, claimed_at=now))


PERSON_FIELDS = ("name", "gender", "consents_to_contact", "phone")
RESULT_FIELDS = (
    "status",
    "skip_reason",
    "text",
    "posting_ids",
    "attempts",
    "next_attempt_at",
    "claimed_at",
    "provider_message_id",
    "error",
    "sent_at",
)
# A row sent leaves its reason, next attempt and claim as they were: fewer columns (and no
# index on the claim) to write. Delivered at once (the outbox): with the time.
SENT_FIELDS = tuple(
    n for n in RESULT_FIELDS if n not in ("skip_reason", "next_attempt_at", "claimed_at")
)
DELIVERED_FIELDS = (*SENT_FIELDS, "delivered_at")
# What a locked row is read with: what its outcome writes (and keeps as it was).
LOADED = (*RESULT_FIELDS, "delivered_at")


class DueRow:
    """A delivery as a chunk handles it: the columns it reads and writes, without a model
    instance (building 1,000 `Delivery` objects cost more than the query that read them)."""

    __slots__ = ("pk", "worker_id", "region_id", "token", *LOADED)

    def __init__(self, values):
        (self.pk, self.worker_id, self.region_id, self.token, *rest) = values
        for name, value in zip(LOADED, rest, strict=True):
            setattr(self, name, value)


def lock_due(campaign: Campaign, limit: int, now: datetime) -> list[DueRow]:
    """Up to `limit` due rows of the campaign, locked for the caller's transaction and not
    marked: what is stored with them commits or rolls back together, so a worker that dies
    leaves them queued, as if never taken (PostgreSQL skips rows another batch holds; SQLite's
    transactions are IMMEDIATE, one writer at a time)."""
    due = (
        Delivery._base_manager.filter(campaign=campaign, status=QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .select_for_update(skip_locked=True)
        .values_list("pk", "worker_id", "region_id", "token", *LOADED)
    )
    rows = [DueRow(values) for values in due[:limit]]
    for row in rows:
        row.claimed_at = now  # the weekly cap counts a message from when it was taken
    return rows


def send_chunk(
    campaign,
    rows: list[Delivery] | list[DueRow],
    *,
    gateway,
    dedupes: bool,
    pacer: Pacer,
    cache: JobCache | None = None,
    prefix: str | None = None,
    locked: bool = False,
):
    """Check, render, send and record the claimed `rows` (`locked`: taken by `lock_due`, inside
    the caller's transaction, their claim time still to be written).

    With a deduplicating gateway the outcomes are written together at the end (a crash before
    that only means sending again, which the key makes harmless); otherwise each is written as
    soon as the gateway answers, so that as few as possible end with an unknown outcome.
    """
    outcome = Outcome()
    # A deduplicating gateway that takes many messages at once (the outbox) gets the chunk in
    # one call: its keys make the whole call safe to repeat after a crash.
    bulk = dedupes and hasattr(gateway, "send_many")
    sealed = bulk and getattr(gateway, "takes_sealed_phone", False)
    people = _people(rows, campaign.channel, sealed=sealed)
    now = timezone.now()
    recent = recent_counts([r.worker_id for r in rows], now=now, campaign_id=campaign.pk)
    live, done = [], []
    for row in rows:
        person = people.get(row.worker_id)
        reason = Skip.OPTED_OUT
        if person is not None:
            reason = skip_reason(
                channel=campaign.channel,
                consents=person["consents_to_contact"],
                has_phone=bool(person.get("phone")),
                recent=recent.get(row.worker_id, 0),
            )
        if reason:
            _skip(row, reason)
            done.append(row)
        else:
            live.append(row)
    prefix, lines, template = prefix or link_prefix(), {}, Template(campaign.template)
    sendable = []
    if template.names_jobs:
        jobs = jobs_for(
            campaign, [(r.worker_id, r.posting_ids) for r in live], values_by_id=people, cache=cache
        )
        for row in live:
            if not jobs.get(row.worker_id):
                _skip(row, Skip.NO_JOB)
                done.append(row)
            else:
                sendable.append(row)
    else:  # a message naming no jobs (a subsidy invitation): nobody is skipped for want of one
        jobs, sendable = {row.worker_id: [] for row in live}, live
    outcome.skipped = len(done)
    pacer.reserve(len(sendable))
    sms_template = provider_template(campaign)
    if bulk:
        return _send_together(
            campaign,
            sendable,
            done,
            people,
            jobs,
            gateway=gateway,
            pacer=pacer,
            prefix=prefix,
            sealed=sealed,
            locked=locked,
            outcome=outcome,
            template=template,
            sms_template=sms_template,
        )
    for index, row in enumerate(sendable):
        now = timezone.now()
        held = quiet_until(campaign.channel, now)
        if held is not None:
            outcome.deferred += 1
            _release(sendable[index:], held)
            break
        person, postings = people[row.worker_id], jobs[row.worker_id]
        text, params = render_message(
            template,
            name=person["name"],
            gender=person["gender"],
            postings=postings,
            token=row.token,
            prefix=prefix,
            lines=lines,
        )
        row.text, row.posting_ids = text, [p.pk for p in postings]
        message = OutgoingMessage(
            channel=campaign.channel,
            text=text,
            phone=person.get("phone", "") if campaign.channel != "inapp" else "",
            worker_id=row.worker_id,
            key=message_key(campaign.pk, row.worker_id),
            region=row.region_id,
            template=sms_template,
            params=params,
        )
        pacer.wait()
        try:
            result = gateway.send(message)
        except Exception as error:  # a gateway should not raise; if it does, the outcome is open
            logger.exception("campaign %s: the gateway raised", campaign.pk)
            result = None if not dedupes else SendResult(accepted=False, error=repr(error)[:300])
        claimed_at = row.claimed_at
        _record(row, result, now=now, outcome=outcome)
        if dedupes:
            done.append(row)
        else:
            _write_one(row, claimed_at)
    _write(done, claim=locked)
    return outcome


def _send_together(
    campaign, sendable, done, people, jobs, *, gateway, pacer, prefix, sealed, locked, outcome,
    template, sms_template,
):  # fmt: skip
    """The chunk's messages in one call to a gateway that takes many and deduplicates them
    (the outbox), and their outcomes, in one transaction: one commit, not two; a crash before
    it leaves the rows as they were (queued, or `sending` until their lease runs out), sent
    again under the same keys. With no pace to keep the chunk goes at one moment, so the quiet
    hours are looked at once; a gateway that keeps the text (`keeps_text`) leaves the
    delivery's copy blank."""
    keep_text = not getattr(gateway, "keeps_text", False)
    lines, messages, times = {}, [], []
    channel, phoned = campaign.channel, campaign.channel != "inapp"
    for index, row in enumerate(sendable):
        if pacer.rate or not index:  # at a pace, each message has its own moment
            now = timezone.now()
            held = quiet_until(channel, now)
            if held is not None:
                outcome.deferred += 1
                _release(sendable[index:], held)
                sendable = sendable[:index]
                break
        person, postings = people[row.worker_id], jobs[row.worker_id]
        text, params = render_message(
            template,
            name=person["name"],
            gender=person["gender"],
            postings=postings,
            token=row.token,
            prefix=prefix,
            lines=lines,
        )
        row.posting_ids = [p.pk for p in postings]
        if keep_text:
            row.text = text
        phone = {}
        if phoned and sealed and person.get("phone_sealed"):
            phone = {"sealed_phone": person["phone_sealed"], "phone_hash": person["phone_hash"]}
        elif phoned:
            phone = {"phone": person.get("phone", "")}
        messages.append(
            OutgoingMessage(
                channel=channel,
                text=text,
                worker_id=row.worker_id,
                key=message_key(campaign.pk, row.worker_id),
                region=row.region_id,
                template=sms_template,
                params=params,
                **phone,
            )
        )
        times.append(now)
        pacer.wait()
    if not messages:
        _write(done, claim=locked)
        return outcome
    with transaction.atomic():
        try:
            with transaction.atomic():  # a failed call leaves the outer transaction usable
                results = gateway.send_many(messages)
        except Exception as error:  # the keys make a second try harmless
            logger.exception("campaign %s: the gateway raised", campaign.pk)
            results = [SendResult(accepted=False, error=repr(error)[:300])] * len(messages)
        for row, result, sent_at in zip(sendable, results, times, strict=True):
            _record(row, result, now=sent_at, outcome=outcome)
            done.append(row)
        _write(done, claim=locked)
    return outcome


def _people(rows, channel: str, *, sealed: bool = False) -> dict[int, dict]:
    """The chunk's people (what matching, the checks and the message need), by id.

    With `sealed` the phone number is read as stored: under the current key it goes on sealed
    with its lookup hash as `phone_sealed` (no decrypting here, no encrypting in the outbox);
    a number under an older key is decrypted, to be sealed again under the current one."""
    fields = {*WORKER_FIELDS, *PERSON_FIELDS}
    if channel == "inapp":
        fields.discard("phone")  # in-app messages need no number: no need to decrypt it
    ids = many_ids(r.worker_id for r in rows)
    if not sealed or channel == "inapp":
        people = Worker._base_manager.filter(pk__in=ids).values(*fields)
        return {v["id"]: v for v in people}
    fields.discard("phone")
    raw = ExpressionWrapper(F("phone"), output_field=TextField())  # no decrypting converter
    people = {
        v["id"]: v
        for v in Worker._base_manager.filter(pk__in=ids).values(
            *fields, "phone_hash", phone_sealed=raw
        )
    }
    for person in people.values():
        stored = person["phone_sealed"]
        if stored and not is_current(stored):
            person["phone"], person["phone_sealed"] = decrypt(stored), ""
        else:
            person["phone"] = stored  # a number there is (the checks look at it), sealed
    return people


def _skip(row: Delivery, reason: str) -> None:
    row.status, row.skip_reason, row.claimed_at = SKIPPED, reason, None


def _release(rows: list[Delivery], at: datetime) -> None:
    """Put claimed rows back in the queue, due at `at` (the end of the quiet hours)."""
    mine = many_ids(r.pk for r in rows)  # claimed (`sending`) or locked (`queued`) by this batch
    Delivery._base_manager.filter(pk__in=mine, status__in=[SENDING, QUEUED]).update(
        status=QUEUED, next_attempt_at=at, claimed_at=None
    )


def _record(row: Delivery, result: SendResult | None, *, now, outcome: Outcome) -> None:
    row.attempts += 1
    if result is None:
        row.status, row.error = FAILED, UNKNOWN_OUTCOME
        outcome.failed += 1
    elif result.accepted:
        row.status, row.sent_at, row.error = SENT, now, ""
        if result.delivered:  # the outbox: storing it was the delivery
            row.status, row.delivered_at = DELIVERED, now
        row.provider_message_id = result.provider_message_id[:100]
        outcome.sent += 1
    elif row.attempts >= settings.CAMPAIGN_MAX_ATTEMPTS:
        row.status, row.error = FAILED, (result.error or "refused")[:300]
        outcome.failed += 1
    else:
        delay = settings.CAMPAIGN_RETRY_SECONDS * 2 ** (row.attempts - 1)
        row.status, row.error = QUEUED, (result.error or "refused")[:300]
        row.next_attempt_at, row.claimed_at = now + timedelta(seconds=delay), None
        outcome.retry += 1
        if outcome.retry_at is None or row.next_attempt_at < outcome.retry_at:
            outcome.retry_at = row.next_attempt_at


def _write(rows: list[Delivery], sent: list[int] = (), *, claim: bool = False) -> None:
    """Store the outcomes of `rows` (those the gateway delivered at once with their time; with
    `claim`, the time they were taken too: rows locked rather than claimed)."""
    if rows:
        # One transaction: outside one, SQLite commits each row of an executemany on its own.
        shapes = defaultdict(list)
        for row in rows:
            shapes[_fields_of(row, claim)].append(row)
        with transaction.atomic():
            for names, same in shapes.items():
                _update_rows(same, names)
    # A provider's receipt may come before the send was recorded: it left `delivered_at`.
    ids = [*sent, *(r.pk for r in rows if r.status == SENT)]
    if ids:
        Delivery._base_manager.filter(
            pk__in=many_ids(ids), status=SENT, delivered_at__isnull=False
        ).update(status=DELIVERED)


def _fields_of(row: Delivery, claim: bool = False) -> tuple[str, ...]:
    if row.status == DELIVERED:
        return (*DELIVERED_FIELDS, "claimed_at") if claim else DELIVERED_FIELDS
    if row.status == SENT:
        return (*SENT_FIELDS, "claimed_at") if claim else SENT_FIELDS
    return RESULT_FIELDS


UPDATE_ROWS = 5000


def _update_rows(rows: list[Delivery], names) -> None:
    """Each row's fields `names`: on SQLite one prepared UPDATE run for every row, on PostgreSQL
    one UPDATE … FROM unnest(…) for up to UPDATE_ROWS rows (`bulk_update` builds a CASE per
    field and row: 7 ms a row here, against a few µs)."""
    if not rows:
        return
    ops = connection.ops
    fields = [Delivery._meta.get_field(name) for name in names]
    adapt = [converter(f, ops) for f in fields]
    table = ops.quote_name(Delivery._meta.db_table)
    columns = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in fields)
    by_column = []
    for f, convert in zip(fields, adapt, strict=True):
        column = [getattr(row, f.attname) for row in rows]
        if f.name == "posting_ids":
            convert = json.dumps
        if convert is not None:
            column = _converted(column, convert)
        by_column.append(column)
    ids = [row.pk for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite runs a prepared statement for each row in C, a few µs a row.
            cursor.executemany(
                f"UPDATE {table} SET {columns} WHERE id = %s",
                list(zip(*by_column, ids, strict=True)),
            )
            return
        # PostgreSQL: a statement for many rows, its values one array a column: the driver
        # parses a short statement (with a placeholder for each value, parsing the text of a
        # 1,000-row statement cost more than running it). A column with one value for every
        # row (the status, the time, the error of a chunk delivered at once) is one parameter.
        quote = ops.quote_name
        for start in range(0, len(ids), UPDATE_ROWS):
            sets, arrays, unnested, values, varying = [], [], [], [], []
            for f, whole in zip(fields, by_column, strict=True):
                column = whole[start : start + UPDATE_ROWS]
                name, kind = quote(f.column), f.db_type(connection)
                if column.count(column[0]) == len(column):
                    sets.append(f"{name} = CAST(%s AS {kind})")
                    values.append(column[0])
                    continue
                # JSON goes as text (an array of jsonb would be parsed twice), cast back per row.
                json_ = kind == "jsonb"
                arrays.append(f"CAST(%s AS {'text' if json_ else kind}[])")
                varying.append(column)
                unnested.append(name)
                sets.append(f"{name} = CAST(v.{name} AS jsonb)" if json_ else f"{name} = v.{name}")
            arrays.append("CAST(%s AS bigint[])")
            unnested.append("id")
            cursor.execute(
                f"UPDATE {table} AS d SET {', '.join(sets)} FROM unnest({', '.join(arrays)}) "
                f"AS v({', '.join(unnested)}) WHERE d.id = v.id",
                [*values, *varying, ids[start : start + UPDATE_ROWS]],
            )


def _converted(column: list, convert) -> list:
    """`convert` of each value but None, once for each distinct value (a chunk's rows share a
    few: the time it was sent, the same few jobs)."""
    seen, out = {}, []
    for value in column:
        if value is None:
            out.append(None)
            continue
        key = tuple(value) if isinstance(value, list) else value
        if (done := seen.get(key)) is None:
            done = seen[key] = convert(value)
        out.append(done)
    return out


def _write_one(row: Delivery, claimed_at) -> None:
    """Store one outcome at once, unless the row was taken from this process meanwhile (its
    lease ran out and it was marked failed): then the first word stands."""
    names = _fields_of(row)
    Delivery._base_manager.filter(pk=row.pk, status=SENDING, claimed_at=claimed_at).update(
        **{name: getattr(row, name) for name in names}
    )
    _write([], sent=[row.pk] if row.status == SENT else [])


def finish_if_done(campaign_id: int) -> bool:
    """Sending → done once no delivery is queued or on its way."""
    with unscoped():
        if Delivery._base_manager.filter(
            campaign_id=campaign_id, status__in=(QUEUED, SENDING)
        ).exists():
            return False
        return bool(
            Campaign._base_manager.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
                status=Campaign.Status.DONE, finished_at=timezone.now(), watch_token=""
            )
        )


def watch(campaign_id: int, token: str) -> str:
    """The watchdog's round: hand over to its successor first, then send what is left behind.

    Batch tasks killed with their worker leave rows `sending` (recovered once their lease has
    run out) or never come back for the rows they would have claimed; the watchdog sends those.
    Only the task holding the campaign's current `watch_token` acts, so there is one chain.
    """
    with unscoped():
        successor = uuid.uuid4().hex
        with transaction.atomic():
            handed = Campaign._base_manager.filter(
                pk=campaign_id, status=Campaign.Status.SENDING, watch_token=token
            ).update(watch_token=successor)
            if not handed:
                return "stopped"
            later(
                watch_campaign,
                campaign_id,
                successor,
                run_after=timezone.now() + timedelta(seconds=settings.CAMPAIGN_WATCH_SECONDS),
            )
    dispatch_batch(campaign_id)
    return "watching"


def later(task, *args, run_after: datetime | None = None):
    """Enqueue `task`, after `run_after` if given; a backend that cannot defer (the immediate
    one, in tests) gets nothing for a deferred task: the test runs it when it means to."""
    if run_after is None:
        return task.enqueue(*args)
    if not task.get_backend().supports_defer:
        return None
    return task.using(run_after=run_after).enqueue(*args)
