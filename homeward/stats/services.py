"""Keeping the summary table: month-end snapshots, the full rebuild, the incremental refresh,
and the check that the two agree.

- `snapshot_people(month, workers)`: the current month's snapshot of people as they are now
  (the registry's status, scope and household village); a month that is over is never written
  again, so its stock figures stay what they were at its end. It holds the insurances each
  person is insured in (social-insurance coverage).
- `backfill(month)`: the snapshot of a past month that has none (the first installation, the
  demo's history), from the status changes up to the month's end.
- `rebuild(months)`: every figure of those months counted again from the records and written in
  place of the stored ones (`homeward stats rebuild`).
- `update_cells(...)`: the cells one transaction's writes touched, counted again right after
  it commits (`stats.signals` gathers them from the records' saves and deletes): the touched
  people's snapshot, the registry's parts (`compute.PARTS`) of the touched villages and
  months, the event figures of the models written; the areas above moved by the differences.
- `refresh()`: the incremental path for bulk writes that send no signals, run by a task when
  a statistics page finds the table a minute old: what changed since the last run (people,
  status changes, applications, push messages, read by their timestamps with an overlap, so
  a transaction that committed late is still seen) names villages and months; those are counted again by the same `village_figures`
  and the areas above them summed again. Counting is idempotent, so reading a change twice is
  harmless.
- `check(months)`: the stored figures against a full count, the differences listed
  (`homeward stats check`; tests prove update_cells and refresh == rebuild).
"""

import datetime as dt
import zlib
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Length
from django.db.models.query import FlatValuesListIterable
from django.utils import timezone

from homeward.campaigns.models import Delivery
from homeward.core.bulk import FastInsert
from homeward.placements.models import Application
from homeward.regions.codes import ancestor_codes
from homeward.scoping import limit_to_area, prefix_range, unscoped
from homeward.workers.insurance import insured_kinds, summarise_insurance
from homeward.workers.models import LowIncome, StatusEvent, Worker

from . import events
from .compute import (
    PARTS,
    REGISTRY_CODES,
    RETURNED,
    counted,
    month_end,
    month_of,
    months_between,
    registry_counting,
    registry_figures,
    rollup,
    village_figures,
)
from .models import Figure, PersonMonth, Watermark

BATCH = 5_000


def _overlap() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "HOMEWARD_STATS_OVERLAP_SECONDS", 600))


def this_month() -> dt.date:
    return month_of(timezone.localdate())


def _is_low(value: str) -> bool:
    return value in LowIncome.values


def snapshot_people(month: dt.date, workers=None, *, stream: bool = True) -> set[str]:
    """Write `month`'s snapshot of the given people (all: None) as they are now; returns the
    villages whose counts that touched (the old one of a person who moved, and the new).
    `stream=False` for a few people: one query, no server-side cursor."""
    rows = Worker._base_manager.all() if workers is None else workers
    touched: set[str] = set()
    fields = ("pk", "region_id", "status", "work_scope", "low_income")
    batch: list[PersonMonth] = []
    found = rows.values_list(*fields)
    found = found.iterator(chunk_size=BATCH) if stream else found
    for pk, region, status, scope, low in found:
        batch.append(
            PersonMonth(
                worker_id=pk,
                month=month,
                region_id=region,
                status=status,
                work_scope=scope,
                low_income=_is_low(low),
            )
        )
        touched.add(region)
        if len(batch) >= BATCH:
            touched |= _upsert(_with_insurance(batch), month)
            batch = []
    if batch:
        touched |= _upsert(_with_insurance(batch), month)
    return touched


def _with_insurance(batch: list[PersonMonth], by: dt.date | None = None) -> list[PersonMonth]:
    """The snapshots with the insurances their people are insured in and where (recorded as
    of `by`)."""
    kinds = insured_kinds([row.worker_id for row in batch], by)
    for row in batch:
        row.insured, row.insured_place = kinds.get(row.worker_id, ("", ""))
    return batch


def _upsert(batch: list[PersonMonth], month: dt.date) -> set[str]:
    ids = [row.worker_id for row in batch]
    before = set(
        PersonMonth._base_manager.filter(month=month, worker_id__in=ids).values_list(
            "region_id", flat=True
        )
    )
    PersonMonth._base_manager.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["worker", "month"],
        update_fields=["region", "status", "work_scope", "low_income", "insured", "insured_place"],
    )
    return before


def backfill(month: dt.date) -> int:
    """The snapshot of a past month from the status changes up to its end: each person's last
    change by then (its village, status and scope); people registered by then with no change yet
    are counted in their household village with no status. Returns the people written."""
    end = month_end(month)
    latest: dict[int, tuple] = {}
    events = (
        StatusEvent._base_manager.filter(occurred_on__lte=end)
        .order_by("worker_id", "occurred_on", "recorded_at", "pk")
        .values_list("worker_id", "region_id", "status", "work_scope")
    )
    for worker, region, status, scope in events.iterator(chunk_size=BATCH):
        latest[worker] = (region, status, scope)
    people = (
        Worker._base_manager.filter(Q(created_at__date__lte=end) | Q(pk__in=list(latest)))
        .order_by("pk")
        .values_list("pk", "region_id", "low_income")
    )
    batch, written = [], 0
    for pk, region, low in people.iterator(chunk_size=BATCH):
        where, status, scope = latest.get(pk, (region, "", ""))
        batch.append(
            PersonMonth(
                worker_id=pk,
                month=month,
                region_id=where,
                status=status,
                work_scope=scope,
                low_income=_is_low(low),
            )
        )
        if len(batch) >= BATCH:
            _upsert(_with_insurance(batch, end), month)
            written, batch = written + len(batch), []
    if batch:
        _upsert(_with_insurance(batch, end), month)
        written += len(batch)
    return written


def _write_figures(
    month: dt.date, values: dict, *, villages: Iterable[str] | None, codes=REGISTRY_CODES
) -> dict:
    """Make the stored figures of `month` (all, or those villages' registry figures of `codes`)
    equal to `values`; returns the stored values before."""
    return _replace_month(month, values, villages, codes)


def _replace_month(month: dt.date, values: dict, villages=None, codes=None) -> dict:
    """The month's stored figures (or those villages' of `codes`) made equal to `values`. The
    stored rows are read once and only the differences written — the rows that changed
    updated, the new ones written with COPY (PostgreSQL; one prepared INSERT, executemany, on
    SQLite), the ones no longer counted deleted — so a rebuild that changes little rewrites
    little and leaves no dead rows behind. Returns the stored values before: {key: value}."""
    rows = Figure._base_manager.filter(month=month)
    if villages is not None:
        rows = rows.filter(region_code__in=sorted(villages), indicator__in=sorted(codes))
    stored = {
        (r, c): (pk, v)
        for pk, r, c, v in rows.values_list("pk", "region_code", "indicator", "value")
    }
    gone = [pk for key, (pk, _v) in stored.items() if key not in values]
    moved = [
        Figure(pk=stored[key][0], value=n)
        for key, n in values.items()
        if key in stored and stored[key][1] != n
    ]
    insert = FastInsert(Figure, skip={"id"})
    new = [
        insert.row({"region_code": region, "month": month, "indicator": code, "value": n})
        for (region, code), n in values.items()
        if (region, code) not in stored
    ]
    for batch in range(0, len(gone), BATCH):
        rows = Figure._base_manager.filter(pk__in=gone[batch : batch + BATCH])
        rows._raw_delete(rows.db)
    if moved:
        Figure._base_manager.bulk_update(moved, ["value"], batch_size=BATCH)
    insert.write(new)
    return {key: v for key, (_pk, v) in stored.items()}


def analyze() -> None:
    """The planner's statistics of the summary table again after it was rewritten."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Figure._meta.db_table)}")


def _sum_up(month: dt.date, areas: Iterable[str]) -> None:
    """Each area's registry figures of the month again, as the sums of its villages' stored
    figures (the workstreams' event figures are kept by `_recount_events`)."""
    registry = Figure._base_manager.filter(month=month, indicator__in=REGISTRY_CODES)
    for area in sorted(set(areas), key=len, reverse=True):
        villages = limit_to_area(registry, area, "region_code")
        sums = (
            villages.annotate(length=Length("region_code"))
            .filter(length=12)
            .values_list("indicator")
            .annotate(total=Sum("value"))
        )
        registry.filter(region_code=area).delete()
        Figure._base_manager.bulk_create(
            [
                Figure(region_code=area, month=month, indicator=code, value=total)
                for code, total in sums
                if total
            ]
        )


def months_held() -> list[dt.date]:
    """The months the statistics cover: from the first snapshot to this month, or the last
    HOMEWARD_STATS_HISTORY_MONTHS (12) when there is none yet (a first rebuild backfills them
    from the status changes)."""
    first = PersonMonth._base_manager.aggregate(first=Min("month"))["first"]
    if first is None:
        months = getattr(settings, "HOMEWARD_STATS_HISTORY_MONTHS", 12)
        first = this_month()
        for _ in range(months - 1):
            first = month_of(first - dt.timedelta(days=1))
    return months_between(first, this_month())


def rebuild(months: Iterable[dt.date] | None = None) -> dict:
    """Count every figure of `months` (default: all held) again and store them, and the current
    month's snapshot of everyone first. Returns what was written."""
    with unscoped(), transaction.atomic():
        mark = _watermark()
        current = this_month()
        started = timezone.now()
        months = sorted(set(months or months_held()) | {current})
        snapshot_people(current)
        written = 0
        for month in months:
            if month < current and not PersonMonth._base_manager.filter(month=month).exists():
                backfill(month)
            values = rollup(village_figures(month))
            _write_figures(month, values, villages=None)
            written += len(values)
        analyze()
        mark.seen_until, mark.current_month = started, current
        mark.save(update_fields=["seen_until", "current_month"])
    return {"months": len(months), "figures": written}


def mark_rebuilt(month: dt.date) -> None:
    """Record that the summary table is current as of now with `month` live (what `rebuild`
    records at its end; the benchmark's rebuild of one month without the snapshot)."""
    with transaction.atomic():
        mark = _watermark()
        mark.seen_until, mark.current_month = timezone.now(), month
        mark.save(update_fields=["seen_until", "current_month"])


def _watermark() -> Watermark:
    Watermark.objects.get_or_create(name="stats")
    return Watermark.objects.select_for_update().get(name="stats")


def _changed_since(since: dt.datetime, current: dt.date) -> dict[dt.date, set[str]]:
    """The villages and months whose figures the records changed since `since` name."""
    touched: dict[dt.date, set[str]] = defaultdict(set)
    moved = Worker._base_manager.filter(updated_at__gt=since)
    touched[current] |= snapshot_people(current, moved)
    for region, day in (
        StatusEvent._base_manager.filter(recorded_at__gt=since)
        .values_list("region_id", "occurred_on")
        .distinct()
    ):
        touched[month_of(day)].add(region)
    for region, applied, hired in Application._base_manager.filter(
        updated_at__gt=since
    ).values_list("region_id", "applied_at", "hired_on"):
        touched[month_of(timezone.localtime(applied).date())].add(region)
        if hired:
            touched[month_of(hired)].add(region)
    for field in ("sent_at", "clicked_at"):
        for region, at in (
            Delivery._base_manager.filter(**{f"{field}__gt": since})
            .values_list("region_id", field)
            .distinct()
        ):
            touched[month_of(timezone.localtime(at).date())].add(region)
    return touched


def refresh() -> dict:
    """Bring the summary table up to date with what changed since the last run (a full rebuild
    the first time, and when a new month began: its snapshot starts from everyone)."""
    with unscoped(), transaction.atomic():
        mark = _watermark()
        current = this_month()
        if mark.seen_until is None or mark.current_month != current:
            previous = mark.current_month
            months = [previous] if previous and previous < current else []
            return {"rebuilt": rebuild(months)}
        started = timezone.now()
        touched = _changed_since(mark.seen_until - _overlap(), current)
        figures = _recount_villages({(m, None): villages for m, villages in touched.items()})
        changed = _recount_events(months_held())
        mark.seen_until = started
        mark.save(update_fields=["seen_until"])
    return {
        "months": len(touched),
        "villages": sum(map(len, touched.values())),
        "figures": figures,
        "event_figures_changed": changed,
    }


def _recount_villages(touched: dict[tuple, set[str]]) -> int:
    """The registry's figures of the touched villages counted again (the same counting as the
    rebuild), and the areas above moved by the differences. `touched`: {(month, part of
    `compute.PARTS` or None for all of them): villages}. Returns how many village figures
    were written."""
    figures = 0
    # the parts of one month touched in the same villages are counted together
    together: dict[tuple, set] = defaultdict(set)
    for (month, part), villages in touched.items():
        if villages:
            together[(month, frozenset(villages))].add(part)
    for (month, villages), parts in sorted(together.items(), key=lambda kv: kv[0][0]):
        parts = None if None in parts else parts
        codes = REGISTRY_CODES if parts is None else frozenset().union(*(PARTS[p] for p in parts))
        values = registry_figures(month, villages, parts)
        old = _write_figures(month, values, villages=villages, codes=codes)
        _add_up(month, old, values)
        figures += len(values)
    return figures


def _groups(touched: dict[tuple, set[str]]) -> list[tuple]:
    """(month, villages, parts or None for all, their codes) to count: the parts of one month
    touched in the same villages counted together."""
    together: dict[tuple, set] = defaultdict(set)
    for (month, part), villages in touched.items():
        if villages:
            together[(month, frozenset(villages))].add(part)
    found = []
    for (month, villages), parts in sorted(together.items(), key=lambda kv: kv[0][0]):
        parts = None if None in parts else parts
        codes = REGISTRY_CODES if parts is None else frozenset().union(*(PARTS[p] for p in parts))
        found.append((month, villages, parts, codes))
    return found


def _recount_few(touched: dict[tuple, set[str]], *, first=()) -> int:
    """`_recount_villages` for the few cells of one update, in three round trips (`_batch`):
    `first` (the update's own statements), the counts and the stored figures of the cells;
    the cells' differences written and the areas' rows above them read, held to the commit;
    the areas moved by the differences. Returns how many village figures were counted."""
    plans, reads = [], list(first)
    for month, villages, parts, codes in _groups(touched):
        counting = registry_counting(month, villages, parts)
        stored = Figure._base_manager.filter(
            month=month, region_code__in=sorted(villages), indicator__in=sorted(codes)
        ).values_list("pk", "region_code", "indicator", "value")
        plans.append((month, counting))
        reads += [query for query, _add in counting] + [stored]
    if not plans:
        _batch(reads)
        return 0
    results = _batch(reads)[len(first) :]
    writes, figures = [], 0
    delta: dict[dt.date, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    for month, counting in plans:
        rows, results = results[: len(counting) + 1], results[len(counting) + 1 :]
        values = counted(counting, rows[:-1])
        stored = {(r, c): (pk, v) for pk, r, c, v in rows[-1]}
        gone = [pk for key, (pk, _v) in stored.items() if key not in values]
        moved = [(stored[k][0], n) for k, n in values.items() if k in stored and stored[k][1] != n]
        new = [(r, month, c, n) for (r, c), n in values.items() if (r, c) not in stored]
        writes += _figure_writes(gone, moved, new)
        for key in set(stored) | set(values):
            change = values.get(key, 0) - stored.get(key, (0, 0))[1]
            if change:
                for above in ancestor_codes(key[0]):
                    delta[month][(above, key[1])] += change
        figures += len(values)
    areas = []
    for month, changes in sorted(delta.items()):
        areas.append(
            (
                month,
                changes,
                Figure._base_manager.filter(
                    month=month,
                    region_code__in=sorted({a for a, _c in changes}),
                    indicator__in=sorted({c for _a, c in changes}),
                )
                .order_by("region_code", "indicator")
                .select_for_update()
                .values_list("pk", "region_code", "indicator", "value"),
            )
        )
    found = _batch(writes + [read for _m, _c, read in areas])[len(writes) :]
    writes = []
    for (month, changes, _read), rows in zip(areas, found, strict=True):
        stored = {(r, c): (pk, v) for pk, r, c, v in rows}
        gone = [stored[k][0] for k, d in changes.items() if k in stored and not stored[k][1] + d]
        moved = [
            (stored[k][0], stored[k][1] + d)
            for k, d in changes.items()
            if k in stored and stored[k][1] + d
        ]
        new = [
            (a, month, c, d) for (a, c), d in sorted(changes.items()) if (a, c) not in stored and d
        ]
        writes += _figure_writes(gone, moved, new, add=True)
    if writes:
        _batch(writes)
    return figures


def _figure_writes(gone, moved, new, *, add: bool = False) -> list[tuple]:
    """The statements that delete the `gone` figures' ids, set the `moved` (id, value) and
    insert the `new` (area, month, indicator, value) — added to a row another update wrote
    since it was read when `add` (an area's row: nothing held it before it existed)."""
    table = connection.ops.quote_name(Figure._meta.db_table)
    found = []
    if gone:
        found.append(
            _statement(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(gone))})", gone)
        )
    if moved:
        cases = " ".join(["WHEN %s THEN %s"] * len(moved))
        found.append(
            _statement(
                f"UPDATE {table} SET value = CASE id {cases} END "
                f"WHERE id IN ({', '.join(['%s'] * len(moved))})",
                [v for pair in moved for v in pair] + [pk for pk, _v in moved],
            )
        )
    if new:
        on_conflict = (
            f" ON CONFLICT (region_code, month, indicator) "
            f"DO UPDATE SET value = {table}.value + excluded.value"
            if add
            else ""
        )
        found.append(
            _statement(
                f"INSERT INTO {table} (region_code, month, indicator, value) VALUES "
                + ", ".join(["(%s, %s, %s, %s)"] * len(new))
                + on_conflict,
                [v for row in new for v in row],
            )
        )
    return found


def _statement(sql: str, params: list) -> tuple:
    """A statement for `_batch`, run by itself on the other databases."""

    def alone():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return []

    return sql, params, alone


def update_cells(
    workers: Iterable[int] = (),
    cells: Iterable[tuple] = (),
    codes: Iterable[str] = (),
    history: Iterable[tuple] = (),
    trainees: Iterable[int] = (),
    event_cells: Iterable[tuple] = (),
) -> dict:
    """The summary cells one transaction's writes touched, counted again right after it
    committed (`stats.signals`): the current month's snapshot of `workers` (and the stocks of
    the villages it moved people from and to, the returns their returns count in: this
    month's, and the later returns of the `history` status changes), the
    registry's figures of the `cells` (month, village, part of `compute.PARTS`), the event
    figures `codes` (in full), the (code, month, region) `event_cells` a new row was counted in
    (`_recount_event_cells`: this month's; another month's counts its figure in full), and the
    employment after training when one of `trainees` completed a course. Only those cells are read and written, not a scan of what changed since the last
    run; `refresh` stays for bulk writes (imports, a campaign's dispatch) that send no
    signals, and counting a cell twice is harmless. Nothing is done before the first rebuild
    or when a new month began (the refresh then rebuilds).

    Updates run side by side (advisory locks, `_LOCK`): each holds the watermark shared (the rebuild and the
    refresh hold it alone), its people, (month, village) cells and event figures alone
    while it counts them, and the areas' rows above them only from their read to its commit.
    A deadlock between two of them (rows of new areas) is tried again. On PostgreSQL the
    update is four round trips (`_batch`): the reads, with the people held; the snapshots
    written, the cells held, counted and their stored figures read (`_recount_few`); the
    cells' differences written and the areas above read; the areas moved."""
    workers, cells, codes = set(workers), set(cells), set(codes)
    history, trainees, event_cells = set(history), set(trainees), set(event_cells)
    for attempt in range(3):
        try:
            return _update_cells(workers, cells, codes, history, trainees, event_cells)
        except OperationalError as error:
            if attempt == 2 or not _is_deadlock(error):
                raise
    raise AssertionError("unreachable")


def _is_deadlock(error: Exception) -> bool:
    return getattr(getattr(error, "__cause__", None), "sqlstate", None) == "40P01"


def _update_cells(workers, cells, codes, history, trainees, event_cells) -> dict:
    from homeward.training.models import Enrolment
    from homeward.workers.models import Insured, SocialInsurance

    with unscoped(), transaction.atomic():
        current = this_month()
        earliest: dict[int, dt.date] = {}
        for worker, day in history:
            earliest[worker] = min(day, earliest.get(worker, day))
        people = sorted(workers | set(earliest))
        ids = sorted(workers)
        # the reads in one round trip: the watermark (with the people held), the people, their
        # insurances and their snapshots' villages, their returns, a completed course
        queries = {"mark": _watermark_read([(_PERSON, str(w)) for w in workers])}
        if ids:
            queries["found"] = Worker._base_manager.filter(pk__in=ids).values_list(
                "pk", "region_id", "status", "work_scope", "low_income"
            )
            queries["insured"] = (
                SocialInsurance._base_manager.filter(worker_id__in=ids, insured=Insured.YES)
                .values_list("worker_id", "kind", "place")
                .order_by("worker_id", "kind")
            )
            queries["before"] = PersonMonth._base_manager.filter(
                month=current, worker_id__in=ids
            ).values_list("region_id", flat=True)
        if people:
            queries["returns"] = StatusEvent._base_manager.filter(
                worker_id__in=people,
                status__in=RETURNED,
                occurred_on__gte=min([current, *earliest.values()]),
            ).values_list("worker_id", "region_id", "occurred_on")
        if trainees:
            queries["completed"] = Enrolment._base_manager.filter(
                worker_id__in=sorted(trainees), status=Enrolment.Status.COMPLETED
            ).values_list("pk", flat=True)[:1]
        read = dict(zip(queries, _batch(list(queries.values())), strict=True))
        mark = read["mark"]
        if not mark or mark[0][0] is None or mark[0][1] != current:
            return {"skipped": True}
        found, insured, before = (
            read.get("found", []),
            read.get("insured", []),
            read.get("before", []),
        )
        returns, completed = read.get("returns", []), read.get("completed", [])
        touched: dict[tuple, set[str]] = defaultdict(set)
        for month, region, part in cells:
            touched[(month, part)].add(region)
        kinds = summarise_insurance(insured)
        snapshots = [
            (pk, current, region, status, scope, _is_low(low), *kinds.get(pk, ("", "")))
            for pk, region, status, scope, low in found
        ]
        touched[(current, "stocks")] |= set(before) | {row[2] for row in snapshots}
        for worker, region, day in returns:
            if (worker in workers and month_of(day) == current) or (
                worker in earliest and day > earliest[worker]
            ):
                touched[(month_of(day), "returns")].add(region)
        if completed:
            codes |= {c.code for c in events.COUNTS if c.special is not None}
        current_cells = set()
        for code, month, region in event_cells:
            if month != current:
                codes.add(code)  # a month maybe not held: the full recount knows which are
            else:
                current_cells.add((code, region))
        current_cells = {(c, r) for c, r in current_cells if c not in codes}
        # the snapshots written and the cells and event figures held, then the cells counted
        # and their stored figures read, in one round trip
        figures = _recount_few(
            touched,
            first=[
                *([_snapshot_upsert(snapshots)] if snapshots else []),
                _lock_read(
                    [(_CELL, f"{m:%Y%m}{v}") for (m, _p), vs in touched.items() for v in vs]
                    + [(_CODE, code) for code in codes | {c for c, _r in current_cells}]
                ),
            ],
        )
        changed = _recount_events(months_held(), codes) if codes else 0
        changed += _recount_event_cells(current, current_cells)
    return {
        "villages": len({v for villages in touched.values() for v in villages}),
        "figures": figures,
        "event_figures_changed": changed,
    }


def _batch(reads: list) -> list[list]:
    """Several statements in one round trip to PostgreSQL (its simple protocol runs them in
    order, each seeing the ones before), each a queryset or (SQL, params, what else: a
    callable for the other databases); their rows. One by one on the others."""
    if connection.vendor != "postgresql" or not reads:
        return [read[2]() if isinstance(read, tuple) else list(read) for read in reads]
    compiled = [
        read[:2] if isinstance(read, tuple) else read.query.sql_with_params() for read in reads
    ]
    flat = [getattr(read, "_iterable_class", None) is FlatValuesListIterable for read in reads]
    results = []
    with connection.cursor() as cursor:
        cursor.execute(
            "; ".join(sql for sql, _p in compiled), [p for _s, ps in compiled for p in ps]
        )
        while True:
            results.append(cursor.fetchall() if cursor.description else [])
            if not cursor.nextset():
                break
    return [[row[0] for row in rows] if f else rows for rows, f in zip(results, flat, strict=True)]


def _watermark_read(hold) -> tuple:
    """(seen until, current month) of the watermark, held shared until the transaction ends
    (updates run side by side; the rebuild and the refresh, which hold it alone, wait for
    them and they for those), with `hold` held alone (`_LOCK`) by the same statement."""
    table = connection.ops.quote_name(Watermark._meta.db_table)
    pairs = _pairs(hold)
    return (
        f"SELECT seen_until, current_month, {_LOCK} FROM {table} WHERE name = %s FOR SHARE",
        [[k for k, _n in pairs], [n for _k, n in pairs], "stats"],
        lambda: list(
            Watermark.objects.select_for_update()
            .filter(name="stats")
            .values_list("seen_until", "current_month")
        ),
    )


def _lock_read(keys) -> tuple:
    pairs = _pairs(keys)
    return (f"SELECT {_LOCK}", [[k for k, _n in pairs], [n for _k, n in pairs]], list)


_SNAPSHOT_FIELDS = (
    "worker_id",
    "month",
    "region_id",
    "status",
    "work_scope",
    "low_income",
    "insured",
    "insured_place",
)


def _snapshot_upsert(rows: list[tuple]) -> tuple:
    """A few people's snapshots written (replacing the month's), as one statement."""
    table = connection.ops.quote_name(PersonMonth._meta.db_table)
    columns = ", ".join(_SNAPSHOT_FIELDS)
    values = ", ".join([f"({', '.join(['%s'] * len(_SNAPSHOT_FIELDS))})"] * len(rows))
    update = ", ".join(f"{c} = excluded.{c}" for c in _SNAPSHOT_FIELDS[2:])
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {values} "
        f"ON CONFLICT (worker_id, month) DO UPDATE SET {update}"
    )
    return _statement(sql, [v for row in rows for v in row])


# The kinds of things an update holds alone while it counts them (`_LOCK`).
_PERSON, _CELL, _CODE = 1601, 1602, 1603


def _pairs(keys: Iterable[tuple[int, str]]) -> list[tuple[int, int]]:
    return sorted({(kind, zlib.crc32(name.encode()) - 2**31) for kind, name in keys})


# (kind, name) pairs held alone until the transaction ends: PostgreSQL's advisory locks, taken
# in one statement in one order (every update takes them in the same order, so two never wait
# on each other in a circle); a name's hash that two share only makes them wait. SQLite has one
# writer at a time: nothing to hold there.
_LOCK = "(SELECT count(pg_advisory_xact_lock(k, n)) FROM unnest(%s::int[], %s::int[]) AS t(k, n))"


def _add_up(month: dt.date, old: dict, new: dict) -> None:
    """The areas above the recounted villages moved by the villages' differences (new − old):
    the sums stay exact without adding every village of a city again (`_sum_up` does that)."""
    delta: dict[tuple, int] = defaultdict(int)
    for key in set(old) | set(new):
        change = new.get(key, 0) - old.get(key, 0)
        if change:
            region, code = key
            for above in ancestor_codes(region):
                delta[(above, code)] += change
    if not delta:
        return
    areas = {a for a, _ in delta}
    codes = {c for _, c in delta}
    # held from here to the commit, in one order: another update moving the same areas waits
    locked = (
        Figure._base_manager.filter(month=month, region_code__in=areas, indicator__in=codes)
        .order_by("region_code", "indicator")
        .select_for_update()
    )
    stored = {
        (r, c): (pk, v)
        for pk, r, c, v in locked.values_list("pk", "region_code", "indicator", "value")
    }
    new_rows, gone, moved = [], [], []
    for (area, code), change in sorted(delta.items()):
        if (area, code) in stored:
            pk, value = stored[(area, code)]
            if value + change:
                moved.append(Figure(pk=pk, value=value + change))
            else:
                gone.append(pk)
        elif change:
            new_rows.append((area, month, code, change))
    if gone:
        Figure._base_manager.filter(pk__in=gone).delete()
    if moved:  # one UPDATE for all of them
        Figure._base_manager.bulk_update(moved, ["value"])
    if new_rows:
        _add_new(new_rows)


def _add_new(rows: list[tuple]) -> None:
    """Area rows not stored when read, added to: another update may have written one since
    (nothing to lock before it existed), so a row found then is added to, not replaced."""
    table = connection.ops.quote_name(Figure._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (region_code, month, indicator, value) VALUES {values} "
            f"ON CONFLICT (region_code, month, indicator) "
            f"DO UPDATE SET value = {table}.value + excluded.value",
            [v for row in rows for v in row],
        )


def _recount_events(months: Iterable[dt.date], codes: Iterable[str] | None = None) -> int:
    """The workstreams' event figures of `months` (those `codes`; None: all) counted again in
    full (one grouped query per figure: these tables are small) and only the differences
    written. Returns how many."""
    months = set(months)
    codes = [c.code for c in events.COUNTS if codes is None or c.code in codes]
    counted = {
        (month, region, code): n
        for month, values in events.all_figures(codes).items()
        if month in months
        for (region, code), n in rollup(values).items()
        if n
    }
    stored = {
        (m, r, c): (pk, v)
        for pk, m, r, c, v in Figure._base_manager.filter(
            month__in=months, indicator__in=codes
        ).values_list("pk", "month", "region_code", "indicator", "value")
    }
    gone = [pk for key, (pk, _v) in stored.items() if key not in counted]
    moved = [
        (pk, counted[key])
        for key, (pk, v) in stored.items()
        if key in counted and counted[key] != v
    ]
    new = [
        Figure(region_code=r, month=m, indicator=c, value=n)
        for (m, r, c), n in counted.items()
        if (m, r, c) not in stored
    ]
    Figure._base_manager.filter(pk__in=gone).delete()
    for pk, value in moved:
        Figure._base_manager.filter(pk=pk).update(value=value)
    Figure._base_manager.bulk_create(new, batch_size=BATCH)
    return len(gone) + len(moved) + len(new)


def _recount_event_cells(month: dt.date, cells: Iterable[tuple[str, str]]) -> int:
    """The event figures of `month` in the (code, region) `cells` and every area above each,
    counted again over only the rows inside those areas: one query a cell (a conditional count
    per area, as `rollup` adds a region's rows to each area above it), only the differences
    written. A new row's figures, without recounting every month of the figure."""
    from .events import BY_CODE

    changed = 0
    for code, region in sorted(cells):
        count = BY_CODE[code]
        areas = [*ancestor_codes(region), region]
        rows = limit_to_area(count.in_month(count.queryset(), month), areas[0], count.region)
        counted = rows.aggregate(**{f"n{i}": _in_area(count, area) for i, area in enumerate(areas)})
        new = {area: count._value(counted[f"n{i}"]) for i, area in enumerate(areas)}
        stored = {
            r: (pk, v)
            for pk, r, v in Figure._base_manager.filter(
                month=month, indicator=code, region_code__in=areas
            ).values_list("pk", "region_code", "value")
        }
        for area, n in new.items():
            pk, value = stored.get(area, (None, None))
            if pk is None and n:
                Figure._base_manager.create(region_code=area, month=month, indicator=code, value=n)
            elif pk is not None and not n:
                Figure._base_manager.filter(pk=pk).delete()
            elif pk is not None and n != value:
                Figure._base_manager.filter(pk=pk).update(value=n)
            else:
                continue
            changed += 1
    return changed


def _in_area(count, area: str):
    low, high = prefix_range(area)
    inside = Q(**{f"{count.region}__gte": low, f"{count.region}__lt": high})
    return Sum(count.total, filter=inside) if count.total else Count("pk", filter=inside)


def check(months: Iterable[dt.date] | None = None) -> list[tuple]:
    """The stored figures that differ from a full count: (month, area, indicator, stored, counted)."""
    differences = []
    with unscoped():
        for month in sorted(set(months or months_held())):
            counted = rollup(village_figures(month))
            stored = {
                (r, c): v
                for r, c, v in Figure._base_manager.filter(month=month).values_list(
                    "region_code", "indicator", "value"
                )
            }
            for key in sorted(set(counted) | set(stored)):
                if counted.get(key, 0) != stored.get(key, 0):
                    differences.append((month, *key, stored.get(key, 0), counted.get(key, 0)))
    return differences
