"""`homeward bench stats`: the summary table on a city's worth of people, each figure beside a
baseline measured in the same run.

Data: the seed city 宿迁 (3213) filled with `people` synthetic workers (default 1,000,000; one
status event each, from `workers.demo_data.fill_workers`) unless it already holds workers, plus
`returns` returns home dated this month (status events), so the month has flows.

1. The current month's snapshot of everyone (`services.snapshot_people`), timed once.
2. A full four-level rebuild of the month — every indicator counted at the village from the
   snapshots and events in one grouped pass each, summed to town, county, city and province,
   the stored figures made equal to them (only the differences written; new rows with COPY
   on PostgreSQL; also timed once into an emptied month), the table ANALYZEd — against
   DuckDB computing the same registry aggregates (every stock, social insurance included,
   and the returnee flows) at the same five levels over the same rows (the snapshots and the
   status changes copied into it as numpy columns; the copy timed apart). Both results are
   compared row by row. (The rebuild also counts applications, push messages and the
   workstreams' event figures, which DuckDB's side does not.)
3. One event's incremental update: a status change through `workers.services.record_status`
   in its transaction, the cells it touched counted again when it commits (`stats.signals`),
   against the full rebuild; the same change without the cells, and the watermark refresh
   that catches up bulk writes, for comparison; then the check against a full count.
4. The dashboard's read of the summary table for the city (`reading.dashboard`, what the page
   draws: the month's figures, rates, Sankey, funnel, trends, the counties' breakdown, wage
   claims by year — one SELECT) as a city's staff against the bare SELECT of the same rows:
   p95 of `reads` runs each.

Figures are medians of `repeat` runs unless said.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import statistics
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

Write = Callable[[str], None]
CITY = "3213"
LEVELS = (2, 4, 6, 9, 12)


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _median(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t, result = _timed(fn)
        times.append(t)
    return statistics.median(times), result


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def _ensure_people(write: Write, people: int, returns: int, month: dt.date) -> int:
    from homeward.regions.loader import SEED_AREAS, load_regions
    from homeward.regions.models import Region
    from homeward.scoping import limit_to_area, unscoped
    from homeward.workers.demo_data import fill_workers, villages_in
    from homeward.workers.models import EmploymentStatus, Source, StatusEvent, Worker

    with unscoped():
        if not Region.tree.filter(code=CITY).exists():
            load_regions(SEED_AREAS)
        held = limit_to_area(Worker._base_manager.all(), CITY, "region_id").count()
        if held == 0:
            villages = villages_in([CITY])
            per_village = max(1, math.ceil(people / max(len(villages), 1)))
            t, held = _timed(lambda: fill_workers([CITY], per_village, seed=16))
            write(f"  filled {held:,} workers in {len(villages):,} villages of {CITY} in {t:.0f} s")
        else:
            write(f"  {held:,} workers already in {CITY} (used as they are)")
        this_month = StatusEvent._base_manager.filter(
            occurred_on__gte=month, source=Source.SURVEY, note="bench-stats"
        )
        if returns and not this_month.exists():
            rnd = random.Random(16)
            away = list(
                limit_to_area(Worker._base_manager.all(), CITY, "region_id")
                .filter(status=EmploymentStatus.OUT_MIGRANT)
                .values_list("pk", "region_id")[: returns * 4]
            )
            chosen = rnd.sample(away, min(returns, len(away)))
            StatusEvent._base_manager.bulk_create(
                [
                    StatusEvent(
                        worker_id=pk,
                        region_id=region,
                        status=EmploymentStatus.RETURNED_UNEMPLOYED,
                        occurred_on=month + dt.timedelta(days=rnd.randrange(0, 20)),
                        source=Source.SURVEY,
                        note="bench-stats",
                    )
                    for pk, region in chosen
                ],
                batch_size=5_000,
            )
            write(f"  {len(chosen):,} returns home dated this month added as status events")
    return held


def _literal(values) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _stock_condition(stock) -> str:
    where = ["TRUE"]
    if stock.statuses is not None:
        where.append(f"status IN ({_literal(stock.statuses)})")
    if stock.scopes is not None:
        where.append(f"scope IN ({_literal(stock.scopes)})")
    if stock.low_income_only:
        where.append("low")
    if stock.insured_in is not None:
        where.append(f"list_contains(string_split(insured, ','), '{stock.insured_in}')")
    if stock.insured_place is not None:
        where.append(f"place = '{stock.insured_place}'")
    return " AND ".join(where)


def _duckdb(month: dt.date):
    """DuckDB counting the same registry aggregates at the same five levels from the same
    rows: every stock (social insurance included) from the month's snapshots, and the
    returnee flows (returnees, by origin scope, by status at the month's end) from the status
    changes. Returns (seconds to copy the rows into it, the connection, the SQL, its codes)."""
    import duckdb
    import numpy as np

    from homeward.workers.models import StatusEvent

    from .compute import AFTER_RETURN, ORIGINS, RETURNED, STOCKS, month_end
    from .models import PersonMonth

    def columns(rows, names, types, convert=None):
        data = {n: [] for n in names}
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(100_000):
                for row in chunk:
                    for n, v in zip(names, row, strict=True):
                        data[n].append(v)
        for n, fn in (convert or {}).items():
            data[n] = [fn(v) for v in data[n]]
        return {n: np.array(data[n], dtype=t) for n, t in zip(names, types, strict=True)}

    def load():
        con = duckdb.connect()
        snap = columns(
            PersonMonth._base_manager.filter(month=month).values_list(
                "worker_id",
                "region_id",
                "status",
                "work_scope",
                "low_income",
                "insured",
                "insured_place",
            ),
            ("worker", "region", "status", "scope", "low", "insured", "place"),
            (np.int64, object, object, object, bool, object, object),
        )
        con.register("snap_in", snap)
        con.execute("CREATE TABLE snap AS SELECT * FROM snap_in")
        ev = columns(
            StatusEvent._base_manager.order_by().values_list(
                "id", "worker_id", "region_id", "status", "work_scope", "occurred_on", "recorded_at"
            ),
            ("id", "worker", "region", "status", "scope", "occurred_on", "recorded_at"),
            (np.int64, np.int64, object, object, object, np.int64, np.float64),
            # the day as its ordinal, the moment as seconds: only compared and ordered
            {"occurred_on": dt.date.toordinal, "recorded_at": dt.datetime.timestamp},
        )
        con.register("ev_in", ev)
        con.execute("CREATE TABLE ev AS SELECT * FROM ev_in")
        return con

    stocks = ", ".join(
        f'count(*) FILTER (WHERE {_stock_condition(stock)}) AS "{code}"'
        for code, stock in STOCKS.items()
    )
    origin = " ".join(
        f"WHEN before_scope IN ({_literal(scopes)}) THEN '{code}'"
        for code, scopes in ORIGINS.items()
    )
    after = " ".join(
        f"WHEN s.status IN ({_literal(statuses)}) THEN '{code}'"
        for code, statuses in AFTER_RETURN.items()
    )
    levels = ", ".join(f"({n})" for n in LEVELS)
    sql = (
        f"WITH v AS (SELECT region, {stocks} FROM snap GROUP BY region), "
        f"s AS (UNPIVOT v ON COLUMNS(* EXCLUDE (region)) INTO NAME code VALUE n), "
        f"ret AS (SELECT * FROM ev WHERE occurred_on BETWEEN {month.toordinal()} "
        f"AND {month_end(month).toordinal()} AND status IN ({_literal(RETURNED)})), "
        "before AS (SELECT r.id, r.worker, r.region, b.status AS before_status, "
        "b.scope AS before_scope FROM ret r JOIN ev b ON b.worker = r.worker "
        "AND b.occurred_on < r.occurred_on QUALIFY row_number() OVER (PARTITION BY r.id "
        "ORDER BY b.occurred_on DESC, b.recorded_at DESC, b.id DESC) = 1), "
        "flows AS (SELECT region, 'returnees' AS code, count(DISTINCT worker) AS n FROM ret "
        "GROUP BY ALL UNION ALL "
        f"SELECT region, CASE {origin} END AS code, count(DISTINCT worker) FROM before "
        "WHERE before_status = 'out_migrant' AND code IS NOT NULL GROUP BY ALL UNION ALL "
        f"SELECT r.region, CASE {after} END AS code, count(DISTINCT r.worker) FROM ret r "
        "JOIN snap s ON s.worker = r.worker WHERE code IS NOT NULL GROUP BY ALL), "
        "ind AS (SELECT region, code, n FROM s UNION ALL SELECT region, code, n FROM flows) "
        "SELECT substr(region, 1, l.len) AS area, code, sum(n)::BIGINT FROM ind, "
        f"(VALUES {levels}) AS l(len) WHERE length(region) >= l.len GROUP BY ALL"
    )
    codes = {*STOCKS, "returnees", *ORIGINS, *AFTER_RETURN}
    t_load, con = _timed(load)
    return t_load, con, sql, codes


def bench_stats(
    write: Write,
    *,
    people: int = 1_000_000,
    returns: int = 10_000,
    repeat: int = 3,
    reads: int = 200,
) -> None:
    from homeward.scoping import area_scope, limit_to_area, unscoped
    from homeward.workers.models import EmploymentStatus, Source, Worker
    from homeward.workers.services import record_status

    from . import reading, services, signals
    from .compute import rollup, village_figures
    from .models import Figure, PersonMonth

    month = services.this_month()
    write(f"stats benchmark on {connection.vendor}, month {month:%Y-%m}")
    held = _ensure_people(write, people, returns, month)
    if held < 100_000:
        write(f"  note: {held:,} workers — fewer than a city's; the figures say little")

    # 1. the snapshot
    with unscoped(), transaction.atomic():
        t_snap, _ = _timed(lambda: services.snapshot_people(month))
    snapshots = PersonMonth._base_manager.filter(month=month).count()
    write(f"1. month-end snapshot of {snapshots:,} people: {t_snap:.1f} s")

    # 2. the full rebuild against DuckDB
    def full():
        with unscoped(), transaction.atomic():
            values = rollup(village_figures(month))
            services._write_figures(month, values, villages=None)
            services.analyze()
            return values

    t_full, figures = _median(full, repeat)
    Figure._base_manager.filter(month=month).delete()
    t_fresh, _ = _timed(full)  # into an empty month: every row written
    t_count, _ = _median(lambda: rollup(village_figures(month)), repeat)
    t_load, con, sql, codes = _duckdb(month)
    t_duck, rows = _median(lambda: con.execute(sql).fetchall(), repeat)
    duck = {(area, code): int(n) for area, code, n in rows if n}
    ours = {key: n for key, n in figures.items() if key[1] in codes}
    same = ours == duck
    write(
        f"2. full four-level rebuild of the month (every indicator counted from the records at "
        f"the village, summed to town, county, city and province, {len(figures):,} figures "
        f"kept, only differences written, ANALYZE): {t_full:.2f} s (counting alone "
        f"{t_count:.2f} s; into an empty month, every row written with COPY: {t_fresh:.2f} s)\n"
        f"   DuckDB, the registry's {len(codes)} indicators (stocks with insurance, returnee "
        f"flows) at the same five levels: {t_duck:.3f} s (copying the {snapshots:,} snapshots "
        f"and the status changes into it: {t_load:.1f} s)\n"
        f"   same figures: {'yes' if same else 'NO'} ({len(duck):,} area × indicator rows)\n"
        f"   rebuild / DuckDB = {t_full / t_duck:.1f}× (aim ≤ 2×); counting alone / DuckDB = "
        f"{t_count / t_duck:.1f}×; rebuild / (copy + DuckDB) = "
        f"{t_full / (t_load + t_duck):.2f}×"
    )
    con.close()

    # 3. one event, incrementally: the status change's transaction, and the cells it touched
    # counted again when it commits (stats.signals → services.update_cells)
    services.mark_rebuilt(month)  # step 2 rebuilt the month from this snapshot
    rnd = random.Random(3)
    with unscoped():
        ids = list(
            limit_to_area(Worker._base_manager.all(), CITY, "region_id").values_list(
                "pk", flat=True
            )[:5000]
        )

    def change():
        with unscoped():
            worker = Worker._base_manager.get(pk=rnd.choice(ids))
            local = worker.status == EmploymentStatus.LOCAL_EMPLOYED
            record_status(
                worker,
                status=EmploymentStatus.UNEMPLOYED if local else EmploymentStatus.LOCAL_EMPLOYED,
                occurred_on=timezone.localdate(),
                source=Source.STAFF,
            )

    def one_event():
        with transaction.atomic():
            change()

    def without_cells():
        with transaction.atomic():
            change()
            signals.discard()  # the cells left to the refresh below

    t_one, _ = _median(one_event, max(repeat, 5))
    t_bare, _ = _median(without_cells, max(repeat, 5))
    with override_settings(HOMEWARD_STATS_OVERLAP_SECONDS=1):
        time.sleep(1.1)
        t_refresh, result = _timed(services.refresh)
    with unscoped():
        differences = services.check([month])
    write(
        f"3. one status change, its transaction with the cells it touched counted again at "
        f"commit: {t_one * 1000:.1f} ms (the same change without them: {t_bare * 1000:.1f} ms); "
        f"full rebuild {t_full:.2f} s → {t_full / t_one:.0f}× cheaper (aim ≥ 100×); "
        f"the cells alone {t_full / max(t_one - t_bare, 1e-6):.0f}×\n"
        f"   the watermark refresh (for bulk writes), after {max(repeat, 5)} changes: "
        f"{t_refresh * 1000:.0f} ms ({result}); check after: {len(differences)} differences"
    )

    # 4. the dashboard's read against a bare SELECT of the same rows
    from homeward.regions.models import Region

    with unscoped():
        children = list(
            Region.tree.filter(parent_id=CITY).order_by("code").values_list("code", "name")
        )
    years = [month.year - 2, month.year - 1, month.year]

    def dashboard():  # what the page reads of the summary table (views.dashboard)
        return reading.dashboard(
            CITY,
            month,
            children=children,
            indicator="labour_force",
            viewer_area=CITY,
            years=years,
        )

    wanted, _months = reading.dashboard_rows(CITY, month, children, "labour_force", years)
    sql, params = (
        Figure._base_manager.filter(wanted)
        .values_list("region_code", "month", "indicator", "value")
        .query.sql_with_params()
    )

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    read_times, bare_times = [], []
    with area_scope(CITY):
        for _ in range(reads):
            read_times.append(_timed(dashboard)[0])
            bare_times.append(_timed(bare)[0])
    p_read, p_bare = _p95(read_times), _p95(bare_times)
    write(
        f"4. the city's dashboard read (one SELECT: {len(bare()):,} summary rows), p95 of "
        f"{reads}: {p_read * 1000:.2f} ms (median {statistics.median(read_times) * 1000:.2f} ms); "
        f"the bare SELECT of the same rows: p95 {p_bare * 1000:.2f} ms (median "
        f"{statistics.median(bare_times) * 1000:.2f} ms) → {p_read / p_bare:.2f}× (aim ≤ 2×)"
    )
