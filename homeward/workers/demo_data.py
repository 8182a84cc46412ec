"""Demo registry data: synthetic workers (see `synthetic`) written in bulk.

`homeward demo --size small` gives each village of the seed areas about twenty people;
`--size city` about a million over the seed areas' ≈3,000 villages, the size of one city's
registry, for the benchmarks. Everything goes in inside one transaction: killed half-way, nothing
is left and the next run starts again.

Speed. ID and phone numbers are normalised, encrypted and hashed exactly once per person, in the
generating loop. Rows are then written with one prepared INSERT per table and `executemany`
(COPY on PostgreSQL), in batches of 20,000, with primary keys reserved up front so each worker's
status event can point at it; PostgreSQL's statistics are refreshed at the end. `bulk_create`
was the first version: it compiles every value of every row through the ORM's insert compiler
(≈35 fields × a few µs), which cost ≈0.34 ms per worker here (61,380 in 20.8 s) against
≈0.08 ms now — 5–6 minutes per million instead of 1.5.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date

from django.db import connection, models, transaction

from homeward.core.bulk import FastInsert, batches, large_cache, reserve_ids
from homeward.regions.models import Level, Region
from homeward.scoping import prefix_range, unscoped

from . import synthetic
from .models import Source, StatusEvent, Worker
from .services import check_sealed_fields, sealed_values

SIZES = {"small": 20, "city": None}  # people per village; None: CITY_PEOPLE over all villages
CITY_PEOPLE = 1_000_000
CITY_SPREAD = 0.5  # villages differ in size: ±50 % around the mean
BATCH = 20_000  # rows per executemany


def villages_in(areas: Iterable[str]) -> list[str]:
    """Codes of the loaded villages inside `areas`, in order."""
    codes: list[str] = []
    for area in areas:
        low, high = prefix_range(area)
        codes += Region.tree.filter(level=Level.VILLAGE, code__gte=low, code__lt=high).values_list(
            "code", flat=True
        )
    return sorted(set(codes))


def people_per_village(size: str, villages: int) -> int:
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}: one of {', '.join(SIZES)}")
    return SIZES[size] or max(1, round(CITY_PEOPLE / max(villages, 1)))


def has_workers(areas: Iterable[str]) -> bool:
    query = models.Q()
    for area in areas:
        low, high = prefix_range(area)
        query |= models.Q(region_id__gte=low, region_id__lt=high)
    return Worker._base_manager.filter(query).exists()


def fill_size(areas: Iterable[str], size: str = "small", *, seed: int = 1, progress=None) -> int:
    """`fill_workers` with the number of people a size names (what `homeward demo` calls)."""
    areas = list(areas)
    with unscoped():
        count = len(villages_in(areas))
    spread = CITY_SPREAD if size == "city" else 0.0
    return fill_workers(
        areas, people_per_village(size, count), seed=seed, progress=progress, spread=spread
    )


def fill_workers(
    areas: Iterable[str],
    per_village: int,
    *,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    spread: float = 0.0,
    today: date | None = None,
) -> int:
    """Write synthetic workers into every village of `areas`; return how many were created.

    Does nothing (returns 0) when the areas already hold workers. Every person with a status
    gets one status event from a survey, dated when the status began. `progress(done, total)`
    is called after each batch.
    """
    areas = list(areas)
    check_sealed_fields()
    with unscoped():
        if not areas or has_workers(areas):
            return 0
        villages = villages_in(areas)
        expected = len(villages) * per_village
        generator = synthetic.Generator(seed=seed, today=today)
        people = generator.people(villages, per_village, spread=spread)
        workers = FastInsert(Worker)
        events = FastInsert(StatusEvent, skip={"id"})
        event_defaults = {"source": Source.SURVEY, "recorded_by_id": None, "note": ""}
        created = 0
        with large_cache(), transaction.atomic():
            for batch in batches(people, BATCH):
                ids = reserve_ids(Worker, len(batch))
                rows, event_rows = [], []
                for pk, person in zip(ids, batch, strict=True):
                    values = sealed_values(person)
                    values["id"] = pk
                    rows.append(workers.row(values))
                    if person["status"]:
                        event_rows.append(
                            events.row(
                                {
                                    **event_defaults,
                                    "worker_id": pk,
                                    "region_id": person["region_id"],
                                    "status": person["status"],
                                    "work_scope": person["work_scope"],
                                    "work_place": person["work_place"],
                                    "occurred_on": person["status_since"],
                                }
                            )
                        )
                workers.write(rows)
                events.write(event_rows)
                created += len(rows)
                if progress:
                    progress(created, expected)
        _analyze([Worker, StatusEvent])
    return created


def _analyze(models_: list) -> None:
    """Fresh planner statistics after a bulk load.

    PostgreSQL plans from statistics; until autovacuum gets round to a table that grew by a
    million rows (never, where it is off), it believes the table tiny, and the worker list's
    50th page took 1.4 s instead of 5 ms (a hash join and an on-disk sort of the whole area).
    VACUUM also sets the visibility map, so COUNT(*) can read the index alone; it cannot run
    inside a transaction, so within one (tests) only ANALYZE runs. SQLite's planner does well on
    these queries without statistics, so nothing is run there.
    """
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def timed_fill(areas: Iterable[str], size: str, *, seed: int = 1, progress=None):
    """(workers created, seconds taken)."""
    started = time.monotonic()
    created = fill_size(areas, size, seed=seed, progress=progress)
    return created, time.monotonic() - started
