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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.db import connection, models, transaction
from django.utils import timezone

from homeward.crypto import (
    ID_NUMBER,
    PHONE,
    EncryptedField,
    LookupHashField,
    encrypt,
    lookup_hash,
    normalize_id_number,
    normalize_phone,
)
from homeward.regions.models import Level, Region
from homeward.scoping import prefix_range, unscoped

from . import synthetic
from .models import Source, StatusEvent, Worker

SIZES = {"small": 20, "city": None}  # people per village; None: CITY_PEOPLE over all villages
CITY_PEOPLE = 1_000_000
CITY_SPREAD = 0.5  # villages differ in size: ±50 % around the mean
BATCH = 20_000  # rows per executemany


class _Table:
    """One prepared INSERT for `model`, and a function turning a dict of values into its row.

    Date, time and decimal values go through the backend's adapters (what the ORM would call);
    everything else (text, numbers, booleans, None) the driver takes as it is. Values must be of
    the field's Python type already: nothing is validated here.
    Missing values take the field's default, computed once (every row of a run shares its
    `created_at`).
    """

    def __init__(self, model, *, skip: Iterable[str] = ()):
        skip = set(skip)
        ops = connection.ops
        self.fields = [f for f in model._meta.concrete_fields if f.attname not in skip]
        quote = ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        self.copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        self.attnames = [f.attname for f in self.fields]
        self.converters = [_converter(f, ops) for f in self.fields]
        self.defaults = {}
        for f, convert in zip(self.fields, self.converters, strict=True):
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                default = timezone.now()
            else:
                default = f.get_default()  # "" for text, None when nullable
            self.defaults[f.attname] = (
                convert(default) if convert and default is not None else default
            )
        self._plan = list(zip(self.attnames, self.converters, strict=True))

    def row(self, values: dict) -> tuple:
        """The row for `values`, with defaults (already converted) for what it lacks."""
        defaults = self.defaults
        out = []
        for attname, convert in self._plan:
            if attname in values:
                value = values[attname]
                if convert is not None and value is not None:
                    value = convert(value)
            else:
                value = defaults[attname]
            out.append(value)
        return tuple(out)

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: a few times faster than row-by-row INSERTs on PostgreSQL.
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, rows)


def _converter(field, ops):
    """How the backend wants this field's Python value, or None when the driver takes it as is."""
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    return None


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
    _check_personal_fields()
    with unscoped():
        if not areas or has_workers(areas):
            return 0
        villages = villages_in(areas)
        expected = len(villages) * per_village
        generator = synthetic.Generator(seed=seed, today=today)
        people = generator.people(villages, per_village, spread=spread)
        workers = _Table(Worker)
        events = _Table(StatusEvent, skip={"id"})
        event_defaults = {"source": Source.SURVEY, "recorded_by_id": None, "note": ""}
        created = 0
        with _big_cache(), transaction.atomic():
            for batch in _batches(people, BATCH):
                ids = _reserve_ids(Worker, len(batch))
                rows, event_rows = [], []
                for pk, person in zip(ids, batch, strict=True):
                    values = _personal_values(person)
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


def _personal_values(person: dict) -> dict:
    """The person's values with ID and phone numbers encrypted and hashed, once each."""
    values = dict(person)
    id_number = normalize_id_number(person["id_number"])
    phone = normalize_phone(person["phone"]) if person["phone"] else ""
    values["id_number"] = encrypt(id_number)
    values["id_number_hash"] = lookup_hash(ID_NUMBER, id_number)
    values["phone"] = encrypt(phone) if phone else ""
    values["phone_hash"] = lookup_hash(PHONE, phone)
    return values


PERSONAL_FIELDS = {"id_number", "id_number_hash", "phone", "phone_hash"}


def _check_personal_fields() -> None:
    """Writing past the ORM, every encrypted or hash field of Worker must be filled here."""
    names = {f.name for f in Worker._meta.fields if isinstance(f, EncryptedField | LookupHashField)}
    if names != PERSONAL_FIELDS:
        raise RuntimeError(f"demo_data does not encrypt or hash {names ^ PERSONAL_FIELDS}")


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys nobody else will take (the caller is inside a transaction)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: one writer at a time; the transaction holds the write lock after its first
        # insert, and a clash before that fails the whole transaction rather than mixing rows.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        (top,) = cursor.fetchone()
    return list(range(top + 1, top + 1 + count))


@contextmanager
def _big_cache():
    """On SQLite, a large page cache while the indexes of a million rows are built."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def timed_fill(areas: Iterable[str], size: str, *, seed: int = 1, progress=None):
    """(workers created, seconds taken)."""
    started = time.monotonic()
    created = fill_size(areas, size, seed=seed, progress=progress)
    return created, time.monotonic() - started
