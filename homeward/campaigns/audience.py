"""Who a campaign reaches, who of them would be skipped and why, and the jobs each is sent.

The audience is always inside the campaign's area: the workers of a registry filter, or the
stored matched workers of chosen open postings. A person is skipped when they opted out, have no
mobile number (SMS), already had CAMPAIGN_WEEKLY_CAP campaign messages in the last 7 days, or no
open job fits them. `preview` shows the counts and a few real messages before anything is sent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.crypto import mask_phone
from homeward.jobs.models import Posting
from homeward.matching.core import WorkerTable, match
from homeward.matching.services import WORKER_FIELDS, job_pool, worker_record
from homeward.regions.codes import province_of
from homeward.scoping import unscoped
from homeward.workers.filters import describe
from homeward.workers.models import Worker

from .models import Campaign, Delivery
from .text import render_message, template_problems

FILTER_FIELDS = ("status", "intention", "occupation", "low_income", "need")
TOP_JOBS = 3
MAX_POSTINGS = 50  # jobs one "matched workers" campaign may name
SAMPLES = 5
SAMPLE_LOOKUP = 4  # a preview's samples are looked for among SAMPLES × this many people
DRAFT_LOOKUP = 20  # people the editor's sample is looked for among
CAP_DAYS = 7
# Messages that count against the weekly cap: those out, and those on their way out.
COUNTED = (Delivery.Status.SENDING, Delivery.Status.SENT, Delivery.Status.DELIVERED)
Skip = Delivery.SkipReason


def clean_filter(data: dict) -> dict:
    return {k: str(data[k]) for k in FILTER_FIELDS if data.get(k)}


def open_postings(ids) -> dict[int, Posting]:
    """The postings among `ids` still on offer (published postings are public)."""
    with unscoped():
        return Posting.objects.on_offer(timezone.localdate()).filter(pk__in=list(ids)).in_bulk()


def matched_jobs(campaign: Campaign) -> dict[int, list[int]]:
    """For a "matched" campaign: worker id → its open postings that matched them, best first."""
    with unscoped():
        chosen = list(campaign.postings.values_list("pk", flat=True))
        offered = open_postings(chosen)
    return _stored_matches(list(offered))


def _stored_matches(posting_ids: list[int]) -> dict[int, list[int]]:
    """Worker id → which of these postings matched them (best first, at most TOP_JOBS)."""
    from homeward.matching.models import PostingMatches

    with unscoped():
        # The stored matches of these postings span their city; the audience query keeps only
        # the workers of the campaign's area.
        stored = PostingMatches._base_manager.filter(posting_id__in=posting_ids)
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


def many_ids(ids):
    """`ids` for an ``__in`` filter of a chunk (a thousand ids): on PostgreSQL one array
    parameter (``SELECT unnest(…)``) rather than a placeholder each, which the driver parses
    again for every statement of that length."""
    if isinstance(ids, QuerySet):  # a subquery already
        return ids
    ids = list(ids)
    if connection.vendor != "postgresql" or len(ids) < 50:
        return ids
    return RawSQL("SELECT unnest(CAST(%s AS bigint[]))", [ids])


def recent_counts(worker_ids, *, now, campaign_id=None) -> dict[int, int]:
    """Campaign messages each person got (or is getting) in the last CAP_DAYS days."""
    rows = Delivery._base_manager.filter(
        worker_id__in=many_ids(worker_ids),
        status__in=COUNTED,
        claimed_at__gte=now - timedelta(CAP_DAYS),
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
    recent = recent_counts(audience(campaign, jobs).values("pk"), now=now, campaign_id=campaign.pk)
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
    # Samples among the first few who would get the message, those with an open job that fits
    # them first: a sample of people who will be skipped for want of a job says little.
    eligible = [c for c in people if not c.skip][: samples * SAMPLE_LOOKUP]
    jobs = jobs_for(campaign, [(c.id, c.posting_ids) for c in eligible])
    eligible = sorted(eligible, key=lambda c: not jobs.get(c.id))[:samples]
    workers = Worker.objects.in_area(campaign.region_id).in_bulk([c.id for c in eligible])
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


SMS_LENGTH, SMS_PART_LENGTH = 70, 67  # characters of one SMS; of each part of a long one


@dataclass
class Draft:
    """A template being written, rendered for one sample person of the author's area."""

    problems: list[str]
    name: str = ""
    phone: str = ""  # masked
    text: str = ""
    note: str = ""  # e.g. the sample person has no open job and would be skipped

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def sms_parts(self) -> int:
        if self.length <= SMS_LENGTH:
            return 1
        return -(-self.length // SMS_PART_LENGTH)


def draft_sample(*, area: str, template: str, channel: str, audience_kind: str, posting_ids):
    """The template rendered for a real person of `area` with real job names (as they would
    read it; their phone masked), or what is wrong with the template.

    Matched workers: the first of the chosen open postings' matches in the area, with those
    jobs. A registry filter: among the first DRAFT_LOOKUP people of the area who may be
    contacted, the first with an open job that fits them, with their own best open jobs (or the
    first of them, noted as skipped). Postings are read through the scoped manager: the author's area's only.
    """
    problems = template_problems(template, channel)
    if problems:
        return Draft(problems)
    people = Worker.objects.in_area(area).filter(consents_to_contact=True).order_by("pk")
    chosen = []
    if audience_kind == Campaign.Audience.MATCHED:
        wanted = [int(p) for p in posting_ids if str(p).isdigit()][:MAX_POSTINGS]
        offered = Posting.objects.on_offer(timezone.localdate()).in_bulk(wanted)
        chosen = [offered[p] for p in wanted if p in offered]
        matched = [w for w, jobs in _stored_matches(list(offered)).items() if jobs]
        worker = people.filter(pk__in=matched).first()
        postings = chosen[:TOP_JOBS]
    else:
        # The first of a few people who would get the message (someone with an open job that
        # fits them), so the sample does not read "为您推荐：。"; one matching scan for them all.
        sample = list(people[:DRAFT_LOOKUP])
        campaign = Campaign(audience=Campaign.Audience.FILTER, region_id=area)
        found = jobs_for(campaign, [(w.pk, []) for w in sample])
        worker = next((w for w in sample if found.get(w.pk)), sample[0] if sample else None)
        postings = found.get(worker.pk, []) if worker else []
    if worker is None:
        return Draft([_("No one in your area to show the message for yet.")])
    text, _params = render_message(
        template, name=worker.name, gender=worker.gender, postings=postings, token="X" * 12
    )
    note = "" if postings else _("No open job matches: this person would be skipped.")
    return Draft([], name=worker.name, phone=mask_phone(worker.phone), text=text, note=note)


class JobCache:
    """The postings on offer and the provinces' job pools, read once for a batch of chunks.

    A batch lasts seconds: a posting closed meanwhile is still named, as it would have been had
    its chunk been rendered a moment earlier.
    """

    def __init__(self):
        self.offered: dict[int, Posting | None] = {}
        self.pools: dict[str, object] = {}

    def postings(self, ids) -> dict[int, Posting]:
        ids = set(ids)
        if missing := ids - self.offered.keys():
            found = open_postings(missing)
            self.offered.update({p: found.get(p) for p in missing})
        return {p: self.offered[p] for p in ids if self.offered[p] is not None}

    def pool(self, province: str):
        if province not in self.pools:
            self.pools[province] = job_pool(province)
        return self.pools[province]


def jobs_for(campaign, pairs, *, values_by_id=None, cache: JobCache | None = None):
    """worker id → the open postings for their message, best first (at most TOP_JOBS).

    A "matched" campaign names the chosen jobs each person matched (still on offer); a
    "filter" campaign names each person's own best open jobs, computed now for the whole chunk
    in one scan per province.
    """
    cache = cache or JobCache()
    if campaign.audience == Campaign.Audience.MATCHED:
        offered = cache.postings({p for _w, ids in pairs for p in ids})
        return {w: [offered[p] for p in ids if p in offered] for w, ids in pairs}
    if values_by_id is None:
        with unscoped():
            values_by_id = {
                v["id"]: v
                for v in Worker.objects.filter(pk__in=many_ids(w for w, _ids in pairs)).values(
                    *WORKER_FIELDS
                )
            }
    by_province: dict[str, list[dict]] = defaultdict(list)
    for worker_id, _ids in pairs:
        if worker_id in values_by_id:
            values = values_by_id[worker_id]
            by_province[province_of(values["region_id"])].append(values)
    chosen: dict[int, list[int]] = {}
    for province, people in by_province.items():
        pool = cache.pool(province)
        if pool is None:
            continue
        skipped: list = []  # a person whose record matching cannot encode gets no jobs
        workers = WorkerTable.from_records([worker_record(v) for v in people], skipped=skipped)
        left_out = {worker_id for worker_id, _reason in skipped}
        people = [v for v in people if v["id"] not in left_out]
        if not people:
            continue
        result = match(workers, pool.all_jobs, k=TOP_JOBS, by_job=False, threads=1)
        # The ranking's job positions, best first: the ids only (a message names no reasons,
        # and wording them is most of the cost of `result.jobs_for_worker`).
        ranked, job_ids = result.by_worker.index, result.jobs.ids
        for i, values in enumerate(people):
            chosen[values["id"]] = [int(job_ids[j]) for j in ranked[i] if j >= 0]
    offered = cache.postings({p for ids in chosen.values() for p in ids})
    return {w: [offered[p] for p in chosen.get(w, []) if p in offered] for w, _ids in pairs}


def filter_labels(campaign: Campaign) -> list[str]:
    """The campaign's registry filter in words: 就业状态：返乡待业；服务需求：技能培训."""
    return describe(clean_filter(campaign.audience_filter))
