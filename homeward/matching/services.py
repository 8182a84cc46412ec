"""The matching engine on the database: records from the registry and the job board in,
recommendations and referrals out.

Published postings are public (they are there to be handed to workers), so a worker's
recommendations draw on the open postings of their whole province. A posting's matched workers
are computed over the workers of its city and stored; pages show only those inside the viewer's
area (the scoped Worker manager drops the rest).

A stored value the encoder cannot take (features.py: an age, a date, an amount out of range)
leaves that one record out of matching: it is logged by id and field, and kept per province
(postings) or city (workers) in the cache for the staff home's "left out of matching" queue
(`left_out`), while everyone else's matching goes on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from homeward.audit.services import log_action
from homeward.jobs.models import Posting
from homeward.regions.codes import city_of, province_of
from homeward.regions.models import Region
from homeward.scoping import area_scope, covers, limit_to_area, unscoped
from homeward.workers import occupations
from homeward.workers.models import Worker

from . import weights
from .core import JobPool, JobTable, WorkerPool, WorkerTable, match
from .models import PostingMatches, Referral

logger = logging.getLogger(__name__)

WORKER_TOP = 10
POSTING_TOP = 50
ALL_WORK_TYPES = ["full_time", "seasonal", "gig", "public_welfare"]
# How far a person will go when they have not said (portal), from their stated intention.
SCOPE_BY_INTENTION = {
    "local": "county",
    "start_business": "county",
    "go_out": "anywhere",
    "undecided": "city",
    "": "city",
}
WORKER_FIELDS = (
    "id",
    "birth_date",
    "education",
    "region_id",
    "work_region_id",
    "occupation_text",
    "occupation",
    "training_wish",
    "skills",
    "expected_wage",
    "intention",
    "low_income",
    "willing_scope",
    "wanted_work_types",
    "wanted_benefits",
    "available_from",
)
POSTING_FIELDS = (
    "id",
    "title",
    "occupation",
    "region_id",
    "wage_min",
    "wage_max",
    "wage_unit",
    "headcount",
    "age_min",
    "age_max",
    "education_min",
    "skills",
    "benefits",
    "work_type",
    "starts_on",
)


def _occupations(w: dict) -> list[str]:
    """The trade as written, else the catalogue name chosen for it (staff may pick only that)."""
    if w.get("occupation_text"):
        return [w["occupation_text"]]
    code = w.get("occupation")
    return [occupations.name(code)] if code and code != "other" else []


def worker_record(w: dict) -> dict:
    return {
        "id": w["id"],
        "birth_date": w["birth_date"],
        "education": w["education"] or "none",
        "home_region": w["region_id"],
        "current_region": None,
        "occupations": _occupations(w),
        # a training wish names a trade the person wants to learn (matching.relevance: WISH)
        "wished_occupations": [w["training_wish"]] if w.get("training_wish") else [],
        "skills": [s for s in (w["skills"] or "").replace("，", "、").split("、") if s],
        "expected_wage": float(w["expected_wage"]) if w["expected_wage"] is not None else None,
        "willing_scope": w.get("willing_scope")
        or SCOPE_BY_INTENTION.get(w["intention"] or "", "city"),
        "work_types": [t for t in (w.get("wanted_work_types") or "").split(",") if t]
        or ALL_WORK_TYPES,
        "low_income": bool(w["low_income"]),
        "wants": [b for b in (w.get("wanted_benefits") or "").split(",") if b],
        "available_from": w.get("available_from"),
    }


def job_record(p: dict) -> dict:
    return {
        "id": p["id"],
        "title": p["title"],
        "occupation": p["occupation"],
        "region": p["region_id"],
        "wage_min": float(p["wage_min"] or 0),
        "wage_max": float(p["wage_max"] or p["wage_min"] or 0),
        "wage_unit": p["wage_unit"],
        "headcount": p["headcount"],
        "age_min": p["age_min"],
        "age_max": p["age_max"],
        "education_min": p["education_min"] or "none",
        "skills": [s for s in (p["skills"] or "").split() if s],
        "benefits": p["benefits"] or [],
        "work_type": p["work_type"],
        "start_date": p["starts_on"],
    }


def _on_offer(area: str, *fields: str) -> list:
    """Open postings inside `area`: as dicts of `fields`, or as Postings without fields."""
    with unscoped():  # published postings are public; see the module docstring
        rows = limit_to_area(Posting.objects.on_offer(timezone.localdate()), area)
        return list(rows.values(*fields) if fields else rows)


LEFT_OUT_KEY = "matching:left-out:{kind}:{place}"


def _left_out(kind: str, place: str, skipped: list, *, replace: bool = True) -> None:
    """Log the records matching left out (ids and fields, no personal values) and keep them for
    the staff home: `replace` the place's list when it was read whole, else add to it."""
    for record_id, reason in skipped:
        logger.warning("matching left out %s %s: %s", kind, record_id, reason)
    key = LEFT_OUT_KEY.format(kind=kind, place=place)
    if replace:
        cache.set(key, [list(s) for s in skipped], timeout=None)
    elif skipped:
        known = cache.get(key) or []
        ids = {record_id for record_id, _reason in known}
        cache.set(key, known + [list(s) for s in skipped if s[0] not in ids], timeout=None)


def left_out(area: str) -> list[tuple[str, int, str]]:
    """The postings and workers matching last left out in or around `area`, as (kind, id,
    reason); the caller shows only those its scoped managers let it see."""
    if len(area) >= 4:
        provinces, cities = [province_of(area)], [city_of(area)]
    else:
        cities = list(
            Region.tree.filter(level="city", code__startswith=area).values_list("code", flat=True)
        )
        provinces = sorted({province_of(c) for c in cities})
    keys = [LEFT_OUT_KEY.format(kind="posting", place=p) for p in provinces]
    keys += [LEFT_OUT_KEY.format(kind="worker", place=c) for c in cities]
    found = []
    for key, rows in cache.get_many(keys).items():
        kind = key.split(":")[2]
        found += [(kind, record_id, reason) for record_id, reason in rows or []]
    return found


@dataclass
class Recommendation:
    posting: Posting
    score: float
    reasons: list[str]


_job_pools: dict[str, tuple[tuple, JobPool]] = {}  # province → (its postings' stamp, pool)


def job_pool(province: str) -> JobPool | None:
    """The open postings of a province, encoded once and kept while none of them changes.

    The stamp (how many are on offer, the latest change, today: `cache.postings_stamp`, one
    prepared aggregate query) is cheap; a province's 20,000 postings take ≈150 ms to read and
    encode, so pages reuse the pool.
    """
    from .cache import postings_stamp  # cache.py builds on this module

    stamp = postings_stamp(province)
    cached = _job_pools.get(province)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    postings = _on_offer(province, *POSTING_FIELDS)
    skipped: list = []
    table = JobTable.from_records([job_record(p) for p in postings], skipped=skipped)
    _left_out("posting", province, skipped)
    pool = JobPool(table) if len(table) else None
    _job_pools[province] = (stamp, pool)
    return pool


def jobs_for_worker(worker: Worker, k: int = WORKER_TOP) -> list[Recommendation]:
    """The open postings of the worker's province that fit them best, computed now."""
    pool = job_pool(province_of(worker.region_id))
    if pool is None:
        return []
    skipped: list = []
    record = worker_record({f: getattr(worker, f) for f in WORKER_FIELDS})
    table = WorkerTable.from_records([record], skipped=skipped)
    if skipped:
        _left_out("worker", city_of(worker.region_id), skipped, replace=False)
        return []
    matches = pool.match_worker(table, k)
    with unscoped():
        by_id = Posting.objects.select_related("employer", "region").in_bulk(
            [m.id for m in matches]
        )
    return [Recommendation(by_id[m.id], m.score, m.reasons) for m in matches if m.id in by_id]


def _worker_pool(city: str) -> tuple[WorkerPool | None, int]:
    """Every worker of `city`, encoded once for scoring postings one at a time."""
    with area_scope(city):
        rows = [worker_record(w) for w in Worker.objects.values(*WORKER_FIELDS)]
    skipped: list = []
    table = WorkerTable.from_records(rows, skipped=skipped)
    _left_out("worker", city, skipped)
    return (WorkerPool(table) if len(table) else None), len(table)


def refresh_posting_matches(posting: Posting, pool=None, k: int = POSTING_TOP) -> PostingMatches:
    """Score every worker of the posting's city against it and store the best `k`."""
    city = city_of(posting.region_id)
    if pool is None:
        pool = _worker_pool(city)
    workers, size = pool
    matches = []
    if workers is not None and posting.is_open:
        skipped: list = []
        record = job_record({f: getattr(posting, f) for f in POSTING_FIELDS})
        job = JobTable.from_records([record], today=workers.today, skipped=skipped)
        if skipped:
            _left_out("posting", province_of(posting.region_id), skipped, replace=False)
        else:
            matches = workers.match_job(job, k)
    with area_scope(city):
        stored, _ = PostingMatches._base_manager.update_or_create(
            posting=posting,
            defaults={
                "region_id": posting.region_id,
                "matches": [{"id": m.id, "score": m.score, "reasons": m.reasons} for m in matches],
                "pool": size,
                "computed_at": timezone.now(),
            },
        )
    return stored


def place_worker(worker: Worker) -> int:
    """Put a new or edited worker into the stored lists of the postings that fit them best,
    without recomputing those postings; returns how many lists changed.

    A posting's list counts the low-income priority, which a worker's own job list leaves out,
    so it is added back here (see `weights.LOW_INCOME_PRIORITY`).
    """
    bonus = weights.LOW_INCOME_PRIORITY if worker.low_income else 0.0
    changed = 0
    for recommendation in jobs_for_worker(worker, k=WORKER_TOP):
        with unscoped(), transaction.atomic():
            stored = (
                PostingMatches._base_manager.select_for_update()
                .filter(posting=recommendation.posting)
                .first()
            )
            if stored is None:
                continue
            entry = {
                "id": worker.pk,
                "score": recommendation.score + bonus,
                "reasons": recommendation.reasons,
            }
            others = [m for m in stored.matches if m["id"] != worker.pk]
            ranked = sorted([*others, entry], key=lambda m: -m["score"])[:POSTING_TOP]
            if ranked != stored.matches:
                stored.matches = ranked
                stored.save(update_fields=["matches"])
                changed += 1
    return changed


def matched_workers(posting: Posting) -> tuple[list[tuple[Worker, dict]], PostingMatches | None]:
    """The stored matches of a posting that the current area may see, best first."""
    stored = PostingMatches._base_manager.filter(posting=posting).first()
    if stored is None:
        return [], None
    visible = Worker.objects.select_related("region").in_bulk([m["id"] for m in stored.matches])
    return [(visible[m["id"]], m) for m in stored.matches if m["id"] in visible], stored


def pool_in_area(posting: Posting, stored: PostingMatches, area: str | None) -> int:
    """How many workers a posting's matches were drawn from, counted inside `area` only.

    The stored pool is the whole city's; a town clerk is told the town's (the scoped count),
    never the city's size. A viewer whose area holds the city sees the stored number."""
    if area is not None and covers(area, city_of(posting.region_id)):
        return stored.pool
    with area_scope(area):
        return Worker.objects.count()


def refer_worker(worker: Worker, posting: Posting, *, by, request=None, score=None, reasons=()):
    """Record that staff referred `worker` to `posting` (once per pair); audited."""
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                worker=worker,
                posting=posting,
                region_id=worker.region_id,
                referred_by=by,
                score=score,
                reasons=list(reasons),
            )
    except IntegrityError:
        return None
    log_action(
        "matching.referral.created",
        request=request,
        obj=referral,
        detail={"posting": posting.pk, "score": score},
    )
    return referral


def run_matching(area: str, progress=None) -> dict:
    """Recompute the matched workers of every open posting in `area`: per city, one scan of
    all its workers against all its open postings (the engine's full recompute)."""
    postings = _on_offer(area, *POSTING_FIELDS)
    by_city: dict[str, list[dict]] = {}
    for posting in postings:
        by_city.setdefault(city_of(posting["region_id"]), []).append(posting)
    done = 0
    for city, rows in sorted(by_city.items()):
        with area_scope(city):
            people = [worker_record(w) for w in Worker.objects.values(*WORKER_FIELDS)]
        stored = {}
        skipped: list = []
        workers = WorkerTable.from_records(people, skipped=skipped)
        _left_out("worker", city, skipped)
        skipped = []
        jobs = JobTable.from_records([job_record(p) for p in rows], skipped=skipped)
        _left_out("posting", province_of(city), skipped, replace=False)
        if len(workers) and len(jobs):
            result = match(workers, jobs, k_workers=POSTING_TOP, by_worker=False)
            stored = {int(jobs.ids[j]): result.workers_for_job(j) for j in range(len(jobs.ids))}
        now = timezone.now()
        with area_scope(city), transaction.atomic():
            for row in rows:
                PostingMatches._base_manager.update_or_create(
                    posting_id=row["id"],
                    defaults={
                        "region_id": row["region_id"],
                        "matches": [
                            {"id": m.id, "score": m.score, "reasons": m.reasons}
                            for m in stored.get(row["id"], [])
                        ],
                        "pool": len(people),
                        "computed_at": now,
                    },
                )
        done += len(rows)
        if progress:
            progress(done, len(postings))
    return {"postings": len(postings)}
