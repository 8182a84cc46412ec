"""Push campaigns: composing, previewing, sending and measuring them.

The flow. Staff compose a campaign (`create_campaign`, `update_campaign`) and look at its
`preview`; `start_campaign` then writes one `Delivery` per person of the audience in bulk —
queued, or skipped with the reason — and enqueues the batch tasks. Each batch
(`dispatch_batch`) claims a few due rows at a time, marks them `sending` and commits *before*
calling the gateway, checks the person again (opted out since? weekly cap?), picks their jobs,
renders the text, sends at the channel's pace and records the outcome.

Never twice to one person for one campaign: the database holds one delivery per campaign and
person; a row is claimed by one batch at a time (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL;
SQLite has one writer at a time); every send carries the key ``campaign-<id>:worker-<id>``. A
worker process that dies mid-send leaves its rows `sending`: once their lease has run out they
are sent again with the same key when the channel's gateway deduplicates by key (the outbox, the
webhook), and marked failed with an unknown outcome otherwise, rather than risk a second SMS.

Pace: messages a second per channel (CAMPAIGN_RATES), reserved in `SendingPace` so that every
worker process shares one budget. Quiet hours: no SMS between 21:00 and 08:00 Beijing time; a
batch that meets them puts its rows back and runs again at 08:00. Retries: a send the gateway
refused is tried again after CAMPAIGN_RETRY_SECONDS, doubling, up to CAMPAIGN_MAX_ATTEMPTS.
"""

from __future__ import annotations

import json
import logging
import math
import re
import secrets
import string
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.services import log_action
from homeward.core.bulk import FastInsert, batches, converter
from homeward.crypto import mask_phone
from homeward.jobs.models import Posting
from homeward.matching.core import WorkerTable, match
from homeward.matching.services import WORKER_FIELDS, job_pool, worker_record
from homeward.outreach import gateways
from homeward.outreach.gateways import OutgoingMessage, SendResult
from homeward.placements.models import Application
from homeward.placements.models import Status as ApplicationStatus
from homeward.scoping import area_of, covers, unscoped
from homeward.workers.models import Worker
from homeward.workers.names import family_name

from .models import Campaign, Delivery, SendingPace

logger = logging.getLogger(__name__)

BEIJING = ZoneInfo("Asia/Shanghai")
DEFAULT_TEMPLATE = "{name}，为您推荐：{jobs}。详情：{link} 回T退订"
FIELDS = ("name", "jobs", "link")
FILTER_FIELDS = ("status", "intention", "occupation", "low_income", "need")
JOB_PUSH = "job_push"  # the SMS provider's template: params (name, jobs, link)
TOP_JOBS = 3
MAX_POSTINGS = 50  # jobs one "matched workers" campaign may name
SAMPLES = 5
TOKEN_BYTES = 9  # 12 URL-safe characters, 72 random bits
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,24}")
KEY_PATTERN = re.compile(r"campaign-(\d+):worker-(\d+)")
CHUNK = 100  # rows one claim takes: short, so a claimed row never waits long for its send
INSERT_BATCH = 5000
CAP_DAYS = 7
UNKNOWN_OUTCOME = "unknown outcome: the sender stopped mid-send and this gateway cannot deduplicate"
WAGE_UNITS = {"month": "元/月", "day": "元/天", "piece": "元/件"}

QUEUED, SENDING, SENT, DELIVERED, FAILED, SKIPPED = (
    Delivery.Status.QUEUED,
    Delivery.Status.SENDING,
    Delivery.Status.SENT,
    Delivery.Status.DELIVERED,
    Delivery.Status.FAILED,
    Delivery.Status.SKIPPED,
)
# Messages that count against the weekly cap: those out, and those on their way out.
COUNTED = (SENDING, SENT, DELIVERED)
Skip = Delivery.SkipReason


class CampaignStateError(ValueError):
    """The campaign cannot do this from its current status (the message is for people)."""


# The message: template, salutation, jobs, link.


def template_problems(text: str, channel: str) -> list[str]:
    """What is wrong with a message template, in words for staff (empty: nothing)."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return [_("Braces may only enclose {name}, {jobs} or {link}.")]
    problems = []
    for _literal, name, spec, conversion in parts:
        if name is not None and (name not in FIELDS or spec or conversion):
            problems.append(_("Braces may only enclose {name}, {jobs} or {link}."))
            break
    if "{link}" not in text:
        problems.append(_("The message must contain {link}, each person's own link."))
    if channel == "sms" and "退订" not in text:
        problems.append(_("An SMS must say how to opt out, e.g. 回T退订."))
    return problems


def salutation(name: str, gender: str) -> str:
    """张师傅 / 张女士 / 欧阳师傅: short and polite; a name in Latin letters stays whole."""
    name = (name or "").strip()
    if not name or not ("\u4e00" <= name[0] <= "\u9fff"):
        return name or "您好"
    return family_name(name) + ("女士" if gender == "female" else "师傅")


def job_line(posting: Posting) -> str:
    """电焊工 4000-6000元/月."""
    low, high = int(posting.wage_min), int(posting.wage_max)
    wage = f"{low}" if low == high else f"{low}-{high}"
    return f"{posting.title[:12]} {wage}{WAGE_UNITS.get(posting.wage_unit, '元')}"


def short_link(token: str) -> str:
    return settings.HOMEWARD_PUBLIC_URL.rstrip("/") + reverse("short-link", args=[token])


def link_prefix() -> str:
    """The personal links' common start: a link is this and its token."""
    return short_link("X")[:-1]


def render_message(template: str, *, name: str, gender: str, postings, token: str, prefix=None):
    """(text, provider template params) of one person's message."""
    values = {
        "name": salutation(name, gender),
        "jobs": "；".join(dict.fromkeys(job_line(p) for p in postings)),  # no line twice
        "link": (prefix or link_prefix()) + token,
    }
    return template.format_map(values), (values["name"], values["jobs"], values["link"])


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def message_key(campaign_id: int, worker_id: int) -> str:
    return f"campaign-{campaign_id}:worker-{worker_id}"


# The audience.


def clean_filter(data: dict) -> dict:
    return {k: str(data[k]) for k in FILTER_FIELDS if data.get(k)}


def open_postings(ids) -> dict[int, Posting]:
    """The postings among `ids` still on offer (published postings are public)."""
    with unscoped():
        return Posting.objects.on_offer(timezone.localdate()).filter(pk__in=list(ids)).in_bulk()


def matched_jobs(campaign: Campaign) -> dict[int, list[int]]:
    """For a "matched" campaign: worker id → its open postings that matched them, best first."""
    from homeward.matching.models import PostingMatches

    with unscoped():
        chosen = list(campaign.postings.values_list("pk", flat=True))
        offered = open_postings(chosen)
        # The stored matches of these postings span their city; the audience query below keeps
        # only the workers of the campaign's area.
        stored = PostingMatches._base_manager.filter(posting_id__in=list(offered))
        scored: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for posting_id, matches in stored.values_list("posting_id", "matches"):
            for match_ in matches:
                scored[match_["id"]].append((-float(match_["score"]), posting_id))
    return {w: [p for _s, p in sorted(pairs)[:TOP_JOBS]] for w, pairs in scored.items()}


def audience(campaign: Campaign, jobs: dict[int, list[int]] | None = None):
    """The campaign's people: always inside its area, whatever area is current."""
    people = Worker.objects.in_area(campaign.region_id)
    if campaign.audience == Campaign.Audience.MATCHED:
        if jobs is None:
            jobs = matched_jobs(campaign)
        return people.filter(pk__in=list(jobs))
    return people.filtered(**clean_filter(campaign.audience_filter))


def _recent_counts(worker_ids, *, now, campaign_id=None) -> dict[int, int]:
    """Campaign messages each person got (or is getting) in the last CAP_DAYS days."""
    rows = Delivery._base_manager.filter(
        worker_id__in=worker_ids, status__in=COUNTED, claimed_at__gte=now - timedelta(CAP_DAYS)
    )
    if campaign_id is not None:
        rows = rows.exclude(campaign_id=campaign_id)
    return dict(rows.values_list("worker_id").annotate(n=Count("pk")).values_list("worker_id", "n"))


def skip_reason(*, channel: str, consents: bool, has_phone: bool, recent: int) -> str:
    if not consents:
        return Skip.OPTED_OUT
    if channel == "sms" and not has_phone:
        return Skip.NO_PHONE
    if recent >= settings.CAMPAIGN_WEEKLY_CAP:
        return Skip.WEEKLY_CAP
    return ""


@dataclass
class Candidate:
    id: int
    region_id: str
    skip: str
    posting_ids: list[int]


def candidates(campaign: Campaign, *, now=None) -> list[Candidate]:
    """Every person of the audience, with the reason they would be skipped (or "")."""
    now = now or timezone.now()
    jobs = matched_jobs(campaign) if campaign.audience == Campaign.Audience.MATCHED else {}
    people = audience(campaign, jobs).annotate(
        has_phone=ExpressionWrapper(~Q(phone=""), output_field=BooleanField())
    )
    rows = list(
        people.order_by("pk").values_list("pk", "region_id", "consents_to_contact", "has_phone")
    )
    recent = _recent_counts(audience(campaign, jobs).values("pk"), now=now, campaign_id=campaign.pk)
    return [
        Candidate(
            pk,
            region,
            skip_reason(
                channel=campaign.channel,
                consents=consents,
                has_phone=bool(has_phone),
                recent=recent.get(pk, 0),
            ),
            jobs.get(pk, []),
        )
        for pk, region, consents, has_phone in rows
    ]


@dataclass
class Sample:
    worker: Worker
    phone: str  # masked
    text: str
    note: str = ""


@dataclass
class Preview:
    audience: int
    will_send: int
    skipped: list[tuple[str, str, int]]  # (reason, its label, how many)
    samples: list[Sample] = field(default_factory=list)


def preview(campaign: Campaign, *, samples: int = SAMPLES) -> Preview:
    """How many would get the message, how many not and why, and a few real messages."""
    people = candidates(campaign)
    reasons = Counter(c.skip for c in people if c.skip)
    labels = dict(Skip.choices)
    eligible = [c for c in people if not c.skip][:samples]
    workers = Worker.objects.in_area(campaign.region_id).in_bulk([c.id for c in eligible])
    jobs = _jobs_for(campaign, [(c.id, c.posting_ids) for c in eligible])
    shown = []
    for c in eligible:
        worker = workers[c.id]
        postings = jobs.get(c.id, [])
        text, _params = render_message(
            campaign.template,
            name=worker.name,
            gender=worker.gender,
            postings=postings,
            token="X" * 12,
        )
        note = "" if postings else _("No open job matches: this person would be skipped.")
        shown.append(Sample(worker, mask_phone(worker.phone), text, note))
    return Preview(
        audience=len(people),
        will_send=len(people) - sum(reasons.values()),
        skipped=[(r, str(labels[r]), n) for r, n in reasons.most_common()],
        samples=shown,
    )


def _jobs_for(campaign, pairs, *, values_by_id=None) -> dict[int, list]:
    """worker id → the open postings for their message, best first (at most TOP_JOBS).

    A "matched" campaign names the chosen jobs each person matched (still on offer); a
    "filter" campaign names each person's own best open jobs, computed now for the whole chunk
    in one scan per province.
    """
    if campaign.audience == Campaign.Audience.MATCHED:
        offered = open_postings({p for _w, ids in pairs for p in ids})
        return {w: [offered[p] for p in ids if p in offered] for w, ids in pairs}
    if values_by_id is None:
        with unscoped():
            values_by_id = {
                v["id"]: v
                for v in Worker.objects.filter(pk__in=[w for w, _ids in pairs]).values(
                    *WORKER_FIELDS
                )
            }
    by_province: dict[str, list[dict]] = defaultdict(list)
    for worker_id, _ids in pairs:
        if worker_id in values_by_id:
            values = values_by_id[worker_id]
            by_province[values["region_id"][:2]].append(values)
    chosen: dict[int, list[int]] = {}
    for province, people in by_province.items():
        pool = job_pool(province)
        if pool is None:
            continue
        records = [worker_record(v) for v in people]
        result = match(
            WorkerTable.from_records(records), pool.all_jobs, k=TOP_JOBS, by_job=False, threads=1
        )
        for i, values in enumerate(people):
            chosen[values["id"]] = [m.id for m in result.jobs_for_worker(i)]
    offered = open_postings({p for ids in chosen.values() for p in ids})
    return {w: [offered[p] for p in chosen.get(w, []) if p in offered] for w, _ids in pairs}


# Writing: create, edit, start, cancel.


def create_campaign(*, by, region_code: str, data: dict, postings=(), request=None) -> Campaign:
    """A new draft campaign in `region_code`, which must lie inside the author's area."""
    if not covers(area_of(by), region_code):
        raise CampaignStateError(_("The campaign's area must lie inside your own."))
    with transaction.atomic():
        campaign = Campaign(region_id=region_code, created_by=by, **data)
        campaign.save()
        campaign.postings.set(postings)
        log_action("campaigns.campaign.created", request=request, actor=by, obj=campaign)
    return campaign


def update_campaign(campaign: Campaign, *, by, data: dict, postings=(), request=None):
    """Change a draft; its area (`region_id`) too, inside the author's area."""
    if "region_id" in data and not covers(area_of(by), data["region_id"]):
        raise CampaignStateError(_("The campaign's area must lie inside your own."))
    with transaction.atomic():
        current = Campaign._base_manager.select_for_update().get(pk=campaign.pk)
        if current.status != Campaign.Status.DRAFT:
            raise CampaignStateError(_("Only a draft can be changed."))
        for name, value in data.items():
            setattr(current, name, value)
        current.save(update_fields=[*data, "updated_at"])
        current.postings.set(postings)
        log_action("campaigns.campaign.changed", request=request, actor=by, obj=current)
    return current


def start_campaign(campaign: Campaign, *, by=None, request=None, enqueue: bool = True) -> dict:
    """Draft → sending: one delivery per person (queued or skipped), then the batch tasks.

    The rows go in with one prepared INSERT per few thousand (COPY on PostgreSQL), in the same
    transaction as the status change; the tasks are enqueued once it commits.
    """
    now = timezone.now()
    with transaction.atomic():
        current = Campaign._base_manager.select_for_update().get(pk=campaign.pk)
        if current.status != Campaign.Status.DRAFT:
            raise CampaignStateError(_("This campaign has already been sent or cancelled."))
        people = candidates(current, now=now)
        _insert_deliveries(current, people)
        queued = sum(1 for c in people if not c.skip)
        skipped = Counter(c.skip for c in people if c.skip)
        current.status = Campaign.Status.SENDING if queued else Campaign.Status.DONE
        current.started_at = now
        current.finished_at = None if queued else now
        current.watch_token = uuid.uuid4().hex if queued else ""
        current.save(update_fields=["status", "started_at", "finished_at", "watch_token"])
        log_action(
            "campaigns.campaign.started",
            request=request,
            actor=by,
            obj=current,
            detail={"queued": queued, "skipped": dict(skipped)},
        )
        if queued and enqueue:
            token = current.watch_token
            transaction.on_commit(lambda: enqueue_batches(current.pk, queued, token))
    campaign.status, campaign.started_at = current.status, current.started_at
    return {"queued": queued, "skipped": sum(skipped.values())}


def _insert_deliveries(campaign: Campaign, people: list[Candidate]) -> None:
    insert = FastInsert(Delivery, skip={"id"})
    base = {"campaign_id": campaign.pk, "text": "", "attempts": 0, "error": ""}
    for chunk in batches(people, INSERT_BATCH):
        insert.write(
            [
                insert.row(
                    {
                        **base,
                        "worker_id": c.id,
                        "region_id": c.region_id,
                        "status": SKIPPED if c.skip else QUEUED,
                        "skip_reason": c.skip,
                        "token": new_token(),
                        "posting_ids": json.dumps(c.posting_ids),
                    }
                )
                for c in chunk
            ]
        )


def enqueue_batches(campaign_id: int, queued: int, watch_token: str) -> None:
    """Enough batch tasks for `queued` rows, and the campaign's watchdog."""
    from .tasks import send_batch, watch_campaign

    now = timezone.now()
    with unscoped():
        channel = Campaign._base_manager.values_list("channel", flat=True).get(pk=campaign_id)
    held = quiet_until(channel, now)
    for _n in range(math.ceil(queued / settings.CAMPAIGN_BATCH_SIZE)):
        later(send_batch, campaign_id, run_after=held)
    later(
        watch_campaign,
        campaign_id,
        watch_token,
        run_after=now + timedelta(seconds=settings.CAMPAIGN_WATCH_SECONDS),
    )


def later(task, *args, run_after: datetime | None = None):
    """Enqueue `task`, after `run_after` if given; a backend that cannot defer (the immediate
    one, in tests) gets nothing for a deferred task: the test runs it when it means to."""
    if run_after is None:
        return task.enqueue(*args)
    if not task.get_backend().supports_defer:
        return None
    return task.using(run_after=run_after).enqueue(*args)


def cancel_campaign(campaign: Campaign, *, by, request=None) -> int:
    """Stop a draft or a sending campaign; the messages not yet sent are skipped."""
    with transaction.atomic():
        current = Campaign._base_manager.select_for_update().get(pk=campaign.pk)
        if current.status not in (Campaign.Status.DRAFT, Campaign.Status.SENDING):
            raise CampaignStateError(_("This campaign has already finished."))
        stopped = Delivery._base_manager.filter(campaign=current, status=QUEUED).update(
            status=SKIPPED, skip_reason=Skip.CANCELLED
        )
        current.status = Campaign.Status.CANCELLED
        current.finished_at = timezone.now()
        current.save(update_fields=["status", "finished_at"])
        log_action(
            "campaigns.campaign.cancelled",
            request=request,
            actor=by,
            obj=current,
            detail={"unsent": stopped},
        )
    campaign.status = current.status
    return stopped


# Sending.


def quiet_until(channel: str, now: datetime) -> datetime | None:
    """When an SMS due at `now` may go, if `now` is in the quiet hours (Beijing time)."""
    hours = settings.CAMPAIGN_QUIET_HOURS
    if channel != "sms" or not hours:
        return None
    start, end = hours
    local = now.astimezone(BEIJING)
    if local.hour >= start:
        day = local.date() + timedelta(days=1)
    elif local.hour < end:
        day = local.date()
    else:
        return None
    return datetime.combine(day, clock_time(end), tzinfo=BEIJING)


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
    from .tasks import send_batch

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
        claimed = 0
        while claimed < size:
            now = timezone.now()
            held = quiet_until(campaign.channel, now)
            if held is not None:
                outcome.deferred += 1
                if follow_up:
                    later(send_batch, campaign_id, run_after=held)
                break
            rows = claim(campaign, min(CHUNK, size - claimed), now)
            if not rows:
                break
            claimed += len(rows)
            outcome.add(send_chunk(campaign, rows, gateway=gateway, dedupes=dedupes, pacer=pacer))
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
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Delivery._base_manager.filter(pk__in=ids, status=QUEUED).update(
            status=SENDING, claimed_at=now
        )
    return list(Delivery._base_manager.filter(pk__in=ids, status=SENDING, claimed_at=now))


PERSON_FIELDS = ("name", "gender", "consents_to_contact", "phone")
RESULT_FIELDS = [
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
]


def send_chunk(campaign, rows: list[Delivery], *, gateway, dedupes: bool, pacer: Pacer):
    """Check, render, send and record the claimed `rows`.

    With a deduplicating gateway the outcomes are written together at the end (a crash before
    that only means sending again, which the key makes harmless); otherwise each is written as
    soon as the gateway answers, so that as few as possible end with an unknown outcome.
    """
    outcome = Outcome()
    fields = {*WORKER_FIELDS, *PERSON_FIELDS}
    if campaign.channel == "inapp":
        fields.discard("phone")  # in-app messages need no number: no need to decrypt it
    people = {
        v["id"]: v
        for v in Worker._base_manager.filter(pk__in=[r.worker_id for r in rows]).values(*fields)
    }
    now = timezone.now()
    recent = _recent_counts([r.worker_id for r in rows], now=now, campaign_id=campaign.pk)
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
    jobs = _jobs_for(campaign, [(r.worker_id, r.posting_ids) for r in live], values_by_id=people)
    sendable = []
    for row in live:
        if not jobs.get(row.worker_id):
            _skip(row, Skip.NO_JOB)
            done.append(row)
        else:
            sendable.append(row)
    outcome.skipped = len(done)
    pacer.reserve(len(sendable))
    prefix = link_prefix()
    delivered = []
    # A deduplicating gateway that takes many messages at once (the outbox) gets the chunk in
    # one call: its keys make the whole call safe to repeat after a crash.
    bulk, pending = dedupes and hasattr(gateway, "send_many"), []
    for index, row in enumerate(sendable):
        now = timezone.now()
        held = quiet_until(campaign.channel, now)
        if held is not None:
            outcome.deferred += 1
            _release(sendable[index:], held)
            break
        person, postings = people[row.worker_id], jobs[row.worker_id]
        text, params = render_message(
            campaign.template,
            name=person["name"],
            gender=person["gender"],
            postings=postings,
            token=row.token,
            prefix=prefix,
        )
        row.text, row.posting_ids = text, [p.pk for p in postings]
        message = OutgoingMessage(
            channel=campaign.channel,
            text=text,
            phone=person.get("phone", "") if campaign.channel != "inapp" else "",
            worker_id=row.worker_id,
            key=message_key(campaign.pk, row.worker_id),
            region=row.region_id,
            template=JOB_PUSH,
            params=params,
        )
        pacer.wait()
        if bulk:  # sent together below, one call for the chunk
            pending.append((row, message, now))
            continue
        try:
            result = gateway.send(message)
        except Exception as error:  # a gateway should not raise; if it does, the outcome is open
            logger.exception("campaign %s: the gateway raised", campaign.pk)
            result = None if not dedupes else SendResult(accepted=False, error=repr(error)[:300])
        claimed_at = row.claimed_at
        _record(row, result, now=now, outcome=outcome)
        if result is not None and result.accepted and result.delivered:
            delivered.append(row.pk)
        if dedupes:
            done.append(row)
        else:
            _write_one(row, claimed_at, delivered)
            delivered = []
    if pending:
        try:
            results = gateway.send_many([message for _row, message, _now in pending])
        except Exception as error:  # the keys make a second try harmless
            logger.exception("campaign %s: the gateway raised", campaign.pk)
            results = [SendResult(accepted=False, error=repr(error)[:300])] * len(pending)
        for (row, _message, sent_at), result in zip(pending, results, strict=True):
            _record(row, result, now=sent_at, outcome=outcome)
            if result.accepted and result.delivered:
                delivered.append(row.pk)
            done.append(row)
    _write(done, delivered)
    return outcome


def _skip(row: Delivery, reason: str) -> None:
    row.status, row.skip_reason, row.claimed_at = SKIPPED, reason, None


def _release(rows: list[Delivery], at: datetime) -> None:
    """Put claimed rows back in the queue, due at `at` (the end of the quiet hours)."""
    Delivery._base_manager.filter(pk__in=[r.pk for r in rows], status=SENDING).update(
        status=QUEUED, next_attempt_at=at, claimed_at=None
    )


def _record(row: Delivery, result: SendResult | None, *, now, outcome: Outcome) -> None:
    row.attempts += 1
    if result is None:
        row.status, row.error = FAILED, UNKNOWN_OUTCOME
        outcome.failed += 1
    elif result.accepted:
        row.status, row.sent_at, row.error = SENT, now, ""
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


def _write(rows: list[Delivery], delivered: list[int], sent: list[int] = ()) -> None:
    """Store the outcomes of `rows`; `delivered` ones (the outbox's) are delivered already."""
    if rows:
        _update_rows(rows)
    now = timezone.now()
    if delivered:
        Delivery._base_manager.filter(pk__in=delivered, status=SENT).update(
            status=DELIVERED, delivered_at=now
        )
    # A provider's receipt may come before the send was recorded: it left `delivered_at`.
    ids = [*sent, *(r.pk for r in rows if r.status == SENT)]
    if ids:
        Delivery._base_manager.filter(pk__in=ids, status=SENT, delivered_at__isnull=False).update(
            status=DELIVERED
        )


def _update_rows(rows: list[Delivery]) -> None:
    """Each row's RESULT_FIELDS, by one prepared UPDATE run for every row (`bulk_update` builds
    a CASE per field and row: 7 ms a row here, against a few µs)."""
    ops = connection.ops
    fields = [Delivery._meta.get_field(name) for name in RESULT_FIELDS]
    adapt = [converter(f, ops) for f in fields]
    table = ops.quote_name(Delivery._meta.db_table)
    columns = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in fields)
    params = []
    for row in rows:
        values = []
        for f, convert in zip(fields, adapt, strict=True):
            value = getattr(row, f.attname)
            if f.name == "posting_ids":
                value = json.dumps(value)
            elif convert is not None and value is not None:
                value = convert(value)
            values.append(value)
        params.append((*values, row.pk))
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {columns} WHERE id = %s", params)


def _write_one(row: Delivery, claimed_at, delivered: list[int]) -> None:
    """Store one outcome at once, unless the row was taken from this process meanwhile (its
    lease ran out and it was marked failed): then the first word stands."""
    Delivery._base_manager.filter(pk=row.pk, status=SENDING, claimed_at=claimed_at).update(
        **{name: getattr(row, name) for name in RESULT_FIELDS}
    )
    _write([], delivered, sent=[row.pk] if row.status == SENT else [])


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
    from .tasks import watch_campaign

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


# Receipts and clicks.


def record_delivery_report(
    *,
    key: str = "",
    provider_message_id: str = "",
    delivered: bool,
    at: datetime | None = None,
    error: str = "",
) -> int:
    """A provider's word on one message, found by our key or by its id; returns the number of
    deliveries it changed (0 for a report already recorded, or about no campaign message).

    Delivered: the delivery becomes delivered (even one queued for a retry, or failed for an
    unknown outcome — the person has it, so it is not sent again). Not delivered: a sent
    delivery becomes failed; a delivered one stays delivered.
    """
    rows = Delivery._base_manager.all()
    if matched := KEY_PATTERN.fullmatch(key or ""):
        rows = rows.filter(campaign_id=int(matched[1]), worker_id=int(matched[2]))
    elif provider_message_id:
        rows = rows.filter(provider_message_id=provider_message_id)
    else:
        return 0
    at = at or timezone.now()
    if delivered:
        fresh = rows.filter(delivered_at__isnull=True)
        changed = fresh.filter(status__in=(SENT, FAILED, QUEUED)).update(
            status=DELIVERED, delivered_at=at, error=""
        )
        # Sent but not yet recorded as such: the batch promotes it when it records the send.
        return changed + fresh.filter(status=SENDING).update(delivered_at=at)
    return rows.filter(status=SENT).update(status=FAILED, error=(error or "not delivered")[:300])


def delivery_for_token(token: str) -> Delivery | None:
    """The sent delivery whose personal link carries `token` (for the portal), else None."""
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    # The link is opened by anyone holding it, outside any area: the token is the key.
    return (
        Delivery._base_manager.select_related("campaign")
        .filter(token=token, sent_at__isnull=False)
        .first()
    )


def postings_of(delivery: Delivery) -> list[Posting]:
    """The jobs the delivery's message named that are still on offer, in its order."""
    offered = open_postings(delivery.posting_ids)
    return [offered[p] for p in delivery.posting_ids if p in offered]


def record_click(token: str) -> Delivery | None:
    """The personal link was opened: the first time counts as the funnel's "clicked"."""
    delivery = delivery_for_token(token)
    if delivery is not None and delivery.clicked_at is None:
        now = timezone.now()
        Delivery._base_manager.filter(pk=delivery.pk, clicked_at__isnull=True).update(
            clicked_at=now
        )
        delivery.clicked_at = now
    return delivery


# The funnel.

STEPS = ("sent", "delivered", "clicked", "applied", "hired")


def _delivery_counts():
    return {
        "audience": Count("pk"),
        "sent": Count("pk", filter=Q(sent_at__isnull=False)),
        "delivered": Count("pk", filter=Q(delivered_at__isnull=False)),
        "clicked": Count("pk", filter=Q(clicked_at__isnull=False)),
        "waiting": Count("pk", filter=Q(status__in=(QUEUED, SENDING))),
        "failed": Count("pk", filter=Q(status=FAILED)),
        "skipped": Count("pk", filter=Q(status=SKIPPED)),
    }


def _application_counts():
    return {
        "applied": Count("worker", distinct=True),
        "hired": Count("worker", filter=Q(status=ApplicationStatus.HIRED), distinct=True),
    }


def filter_labels(campaign: Campaign) -> list[str]:
    """The campaign's registry filter in words: 返乡待业、需要培训."""
    from homeward.workers.forms import WorkerFilter

    words = []
    for name, value in clean_filter(campaign.audience_filter).items():
        choices = dict(WorkerFilter.base_fields[name].choices)
        words.append(f"{WorkerFilter.base_fields[name].label}: {choices.get(value, value)}")
    return words


def steps(counts: dict) -> list[dict]:
    """The funnel's steps with counts, the rate from the step before and from sent, bar width."""
    top = max(counts.get("sent", 0), 1)
    out, before = [], None
    labels = {
        "sent": _("sent"),
        "delivered": _("delivered"),
        "clicked": _("opened the link"),
        "applied": _("applied"),
        "hired": _("hired"),
    }
    for name in STEPS:
        n = counts.get(name, 0) or 0
        width = round(BAR_WIDTH * min(n / top, 1.0), 1)
        out.append(
            {
                "name": name,
                "label": labels[name],
                "count": n,
                # Of the step before (None for the first), and of those sent, in per cent.
                "rate": None if before is None else _percent(n, before),
                "of_sent": _percent(n, top),
                "width": width,
                "text_x": 126 + width,
                "y": BAR_STEP * len(out),
            }
        )
        before = n
    return out


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "0.0"


BAR_WIDTH, BAR_STEP = 360, 34
CHART_HEIGHT = BAR_STEP * len(STEPS)


def campaign_funnel(campaign: Campaign) -> dict:
    """Counts of one campaign's deliveries, its funnel and why people were skipped.

    Read through the scoped managers: a page shows what the viewer's area holds (all of it, for
    the staff of the campaign's area).
    """
    deliveries = Delivery.objects.filter(campaign=campaign)
    counts = deliveries.aggregate(**_delivery_counts())
    counts.update(Application.objects.filter(campaign=campaign).aggregate(**_application_counts()))
    labels = dict(Skip.choices)
    skipped = (
        deliveries.filter(status=SKIPPED)
        .values_list("skip_reason")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    failures = (
        deliveries.filter(status=FAILED)
        .values_list("error")
        .annotate(n=Count("pk"))
        .order_by("-n")[:5]
    )
    return {
        "counts": counts,
        "steps": steps(counts),
        "skipped": [(r, str(labels.get(r, r)), n) for r, n in skipped],
        "failures": list(failures),
    }


def channel_funnels(campaigns) -> list[dict]:
    """The funnel of each channel over `campaigns` (a queryset of the viewer's campaigns)."""
    ids = campaigns.values("pk")
    by_channel = {
        row["campaign__channel"]: row
        for row in Delivery.objects.filter(campaign__in=ids)
        .values("campaign__channel")
        .annotate(**_delivery_counts())
    }
    for row in (
        Application.objects.filter(campaign__in=ids)
        .values("campaign__channel")
        .annotate(**_application_counts())
    ):
        by_channel.setdefault(row["campaign__channel"], {}).update(row)
    labels = dict(Campaign._meta.get_field("channel").choices)
    return [
        {
            "code": channel,
            "channel": labels.get(channel, channel),
            "counts": row,
            "steps": steps(row),
        }
        for channel, row in sorted(by_channel.items())
    ]
