"""A worker's recommended jobs, kept in Django's cache and invalidated by the key alone.

The portal home asks for them on every visit; computing them scores the whole province's open
postings. The key holds everything the answer depends on, so no other app needs a hook:

- the worker's id and a digest of the record matching reads (`services.worker_record`: wishes,
  skills, wage, place…), so a changed record — by the portal, staff or an import — misses;
- the postings' stamp of the worker's province: how many are on offer, the newest change time,
  and today (postings expire by date), one aggregate over the (status, region) index — run once
  per process, province and generation (below), not once per page;
- a digest of the matching engine's source, so a deploy that changes weights or reasons misses.

The stamp's aggregate grows with the province's postings (≈0.5 ms for 100 on PostgreSQL, the
largest of the portal home's queries): each process keeps the answer under the postings'
*generation*, a token in the shared cache that every save or delete of a posting or an employer
replaces (`postings_changed`, connected in apps.py; again at commit), so a change made through
the models shows at once in every process; a write past them (`QuerySet.update`, raw SQL,
another program) is seen once the remembered stamp is STAMP_SECONDS old — such code may call
`postings_changed()` itself to be seen at once. A page visit reads the token (one cache get)
instead of running the aggregate.

A stale entry is never read again, only left to expire (`TIMEOUT`). The cache is shared by the
web server's processes (files under var/cache, or Redis: settings.CACHES). What is stored is
posting ids, scores and reason text — no name, phone or ID number (SECURITY.md S22).
"""

from __future__ import annotations

import functools
import hashlib
import time
import uuid
from datetime import date
from pathlib import Path

from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from homeward.jobs.models import Posting
from homeward.regions.codes import province_of
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.models import Worker

from .services import WORKER_FIELDS, Recommendation, jobs_for_worker, worker_record

TIMEOUT = 6 * 3600
STAMP_SECONDS = 2.0  # how long a process trusts a stamp while the generation stays
GENERATION = "postings-generation"
_clock = time.monotonic


@functools.cache
def engine_version() -> str:
    """A digest of the matching package's code: recommendations made by other code miss."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


_stamps: dict[tuple, tuple[float, str]] = {}  # (alias, generation, province, day) → (when, stamp)


def postings_generation() -> str:
    """The postings' current generation: a token in the shared cache, replaced on every change."""
    token = django_cache.get(GENERATION)
    if token is None:  # first use, or evicted: a new one (every remembered stamp is read again)
        token = uuid.uuid4().hex[:16]
        if not django_cache.add(GENERATION, token, None):
            token = django_cache.get(GENERATION) or token
    return token


def postings_changed(**_signal) -> None:
    """A posting or an employer changed: every process reads the stamps again, now and — as
    the change may not be committed yet — once more at commit (a process that read the old
    rows meanwhile remembers them under the generation this retires)."""
    django_cache.set(GENERATION, uuid.uuid4().hex[:16], None)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: django_cache.set(GENERATION, uuid.uuid4().hex[:16], None))


_stamp_sql: dict[tuple[str, str, date], tuple[str, tuple]] = {}


def postings_stamp(province: str) -> str:
    """What changes whenever the open postings of a province do: their count, the newest change
    of a posting or of its employer (the portal home shows the employer's name), and today.

    Remembered by the process for the current generation, STAMP_SECONDS at most (see above);
    `query_postings_stamp` is the aggregate itself.
    """
    today = timezone.localdate()
    key = (connection.alias, postings_generation(), province, today)
    remembered = _stamps.get(key)
    now = _clock()
    if remembered is not None and now - remembered[0] < STAMP_SECONDS:
        return remembered[1]
    stamp = query_postings_stamp(province, today)
    if len(_stamps) > 1000:  # old generations and days: never read again
        _stamps.clear()
    _stamps[key] = (now, stamp)
    return stamp


def query_postings_stamp(province: str, today: date | None = None) -> str:
    """The stamp as the database has it now (one aggregate query).

    The ORM builds the query once per province and day (the on-offer rule stays in
    `PostingQuerySet.on_offer`) and records its SQL; later calls run that SQL directly, ≈0.25 ms
    instead of ≈2.5 ms of query building on every portal home.
    """
    today = today or timezone.localdate()
    key = (connection.alias, province, today)
    if key not in _stamp_sql:
        recorded = []

        def record(execute, sql, params, many, context):
            recorded.append((sql, tuple(params)))
            return execute(sql, params, many, context)

        with unscoped(), connection.execute_wrapper(record):  # published postings are public
            offer = limit_to_area(Posting.objects.on_offer(today), province)
            offer.aggregate(
                n=Count("pk"), latest=Max("updated_at"), employer=Max("employer__updated_at")
            )
        if not any(k[2] == today for k in _stamp_sql):
            _stamp_sql.clear()  # a new day: yesterday's queries are done with
        _stamp_sql[key] = recorded[-1]
    sql, params = _stamp_sql[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, latest, employer_latest = cursor.fetchone()
    return f"{count}-{latest}-{employer_latest}-{today.isoformat()}"


def cache_key(worker: Worker, k: int) -> str:
    record = worker_record({field: getattr(worker, field) for field in WORKER_FIELDS})
    digest = hashlib.blake2b(repr(sorted(record.items())).encode(), digest_size=12).hexdigest()
    stamp = hashlib.blake2b(postings_stamp(province_of(worker.region_id)).encode(), digest_size=8)
    return f"recommendations:{engine_version()}:{worker.pk}:{digest}:{stamp.hexdigest()}:{k}"


def recommended_jobs(worker: Worker, k: int) -> list[Recommendation]:
    """`services.jobs_for_worker`, from the cache when nothing it depends on has changed."""
    key = cache_key(worker, k)
    stored = django_cache.get(key)
    if stored is None:
        recommendations = jobs_for_worker(worker, k)
        django_cache.set(
            key,
            [(r.posting.pk, r.score, list(r.reasons)) for r in recommendations],
            TIMEOUT,
        )
        return recommendations
    with unscoped():
        by_id = Posting.objects.select_related("employer", "region").in_bulk(
            [posting_id for posting_id, _score, _reasons in stored]
        )
    return [
        Recommendation(by_id[posting_id], score, reasons)
        for posting_id, score, reasons in stored
        if posting_id in by_id
    ]
