"""`homeward bench stats`: the summary table on a city's worth of people, each figure beside a
baseline measured in the same run.

Data: the seed city 宿迁 (3213) filled with `people` synthetic workers (default 1,000,000; one
status event each, from `workers.demo_data.fill_workers`) unless it already holds workers, plus
`returns` returns home dated this month (status events), so the month has flows.

1. The current month's snapshot of everyone (`services.snapshot_people`), timed once.
2. A full four-level rebuild of the month — every indicator counted at the village from the
   snapshots and events, summed to town, county, city and province, written in place of the
   stored figures — against DuckDB computing the same stock aggregates at the same five levels
   over the same snapshot rows (copied into it as numpy columns; the copy timed apart). Our
   count of the same stock aggregates (no writing, no flows) is timed too, and both results are
   compared row by row.
3. One event's incremental update: a status change through `workers.services.record_status`,
   then `services.refresh()`, against the full rebuild.
4. The dashboard's read of the summary table for the city (the reading functions the page
   calls: the month's figures, the breakdown by county, trends, rates, Sankey, funnel) as a
   city's staff against bare SELECTs of the same summary rows: p95 of `reads` runs each.

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


def _duckdb_stocks(month: dt.date):
    """(seconds to copy the snapshot rows into DuckDB, seconds to aggregate, result)."""
    import duckdb
    import numpy as np

    from .compute import STOCKS
    from .models import PersonMonth

    def load():
        rows = PersonMonth._base_manager.filter(month=month).values_list(
            "region_id", "status", "work_scope", "low_income"
        )
        region, status, scope, low = [], [], [], []
        with connection.cursor() as cursor:
            sql, params = rows.query.sql_with_params()
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(100_000):
                for r, s, w, lo in chunk:
                    region.append(r)
                    status.append(s)
                    scope.append(w)
                    low.append(bool(lo))
        con = duckdb.connect()
        con.register(
            "pm",
            {
                "region": np.array(region, dtype=object),
                "status": np.array(status, dtype=object),
                "scope": np.array(scope, dtype=object),
                "low": np.array(low, dtype=bool),
            },
        )
        con.execute("CREATE TABLE snap AS SELECT * FROM pm")
        return con

    def literal(values):
        return ", ".join("'" + v.replace("'", "''") + "'" for v in values)

    selects = []
    for code, stock in STOCKS.items():
        where = ["TRUE"]
        if stock.statuses is not None:
            where.append(f"status IN ({literal(stock.statuses)})")
        if stock.scopes is not None:
            where.append(f"scope IN ({literal(stock.scopes)})")
        if stock.low_income_only:
            where.append("low")
        selects.append(f"SELECT region, '{code}' AS code, n FROM v WHERE {' AND '.join(where)}")
    levels = ", ".join(f"({n})" for n in LEVELS)
    sql = (
        "WITH v AS (SELECT region, status, scope, low, count(*) AS n FROM snap GROUP BY ALL), "
        f"ind AS ({' UNION ALL '.join(selects)}) "
        f"SELECT substr(region, 1, l.len) AS area, code, sum(n)::BIGINT FROM ind, "
        f"(VALUES {levels}) AS l(len) WHERE length(region) >= l.len GROUP BY ALL"
    )
    t_load, con = _timed(load)
    t_agg, rows = _timed(lambda: con.execute(sql).fetchall())
    return t_load, t_agg, {(area, code): int(n) for area, code, n in rows if n}, con, sql


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

    from . import reading, services
    from .compute import REGISTRY_CODES, rollup, stock_figures, village_figures
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
            return len(values)

    def ours_stocks():
        with unscoped():
            return rollup(stock_figures(month))

    t_full, figures = _median(full, repeat)
    t_stock, ours = _median(ours_stocks, repeat)
    t_load, t_duck, duck, con, sql = _duckdb_stocks(month)
    t_duck = statistics.median(
        [t_duck] + [_timed(lambda: con.execute(sql).fetchall())[0] for _ in range(repeat - 1)]
    )
    same = ours == duck
    write(
        f"2. full four-level rebuild of the month ({figures:,} figures written, every "
        f"indicator): {t_full:.2f} s\n"
        f"   our count of the stock aggregates alone (no write): {t_stock:.2f} s\n"
        f"   DuckDB, the same stock aggregates at the same five levels: {t_duck:.3f} s "
        f"(copying the {snapshots:,} rows into it: {t_load:.1f} s)\n"
        f"   same figures: {'yes' if same else 'NO'} ({len(duck):,} area × indicator rows)\n"
        f"   rebuild / DuckDB = {t_full / t_duck:.1f}×; stock count / DuckDB = "
        f"{t_stock / t_duck:.1f}×; with DuckDB's copy: rebuild / (copy + DuckDB) = "
        f"{t_full / (t_load + t_duck):.2f}× (aim ≤ 2×)"
    )
    con.close()

    # 3. one event, incrementally
    with override_settings(HOMEWARD_STATS_OVERLAP_SECONDS=1):
        services.rebuild([month])
        time.sleep(1.1)
        rnd = random.Random(3)
        with unscoped():
            ids = list(
                limit_to_area(Worker._base_manager.all(), CITY, "region_id").values_list(
                    "pk", flat=True
                )[:5000]
            )
        times = []
        for _ in range(repeat):
            with unscoped():
                worker = Worker._base_manager.get(pk=rnd.choice(ids))
                local = worker.status == EmploymentStatus.LOCAL_EMPLOYED
                record_status(
                    worker,
                    status=EmploymentStatus.UNEMPLOYED
                    if local
                    else EmploymentStatus.LOCAL_EMPLOYED,
                    occurred_on=timezone.localdate(),
                    source=Source.STAFF,
                )
            t, result = _timed(services.refresh)
            times.append(t)
        t_one = statistics.median(times)
    with unscoped():
        differences = services.check([month])
    write(
        f"3. one status change, incremental refresh: {t_one * 1000:.0f} ms "
        f"(last: {result}); full rebuild {t_full:.2f} s → {t_full / t_one:.0f}× cheaper "
        f"(aim ≥ 100×); check after: {len(differences)} differences"
    )

    # 4. the dashboard's read against a bare SELECT of the same rows
    counties = list(
        limit_to_area(Figure._base_manager.filter(month=month), CITY, "region_code")
        .values_list("region_code", flat=True)
        .distinct()
    )
    children = [(c, c) for c in sorted({c for c in counties if len(c) == 6})]

    def dashboard():  # what the page reads of the summary table (views.dashboard)
        board = reading.dashboard(CITY, month)
        reading.breakdown(CITY, children, "labour_force", month)
        reading.trend(CITY, "labour_force", month, board["values"])

    months = reading.last_months(month)
    table = Figure._meta.db_table

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT month, indicator, value FROM {table} WHERE region_code = %s "
                "AND month >= %s AND month <= %s",
                [CITY, months[0], month],
            )
            cursor.fetchall()
            cursor.execute(
                f"SELECT region_code, value FROM {table} WHERE month = %s AND indicator = %s "
                f"AND region_code IN ({', '.join(['%s'] * len(children)) or 'NULL'})",
                [month, "labour_force", *[c for c, _ in children]],
            )
            cursor.fetchall()

    read_times, bare_times = [], []
    with area_scope(CITY):
        for _ in range(reads):
            read_times.append(_timed(dashboard)[0])
            bare_times.append(_timed(bare)[0])
    p_read, p_bare = _p95(read_times), _p95(bare_times)
    write(
        f"4. the city's dashboard read, p95 of {reads}: {p_read * 1000:.2f} ms (median "
        f"{statistics.median(read_times) * 1000:.2f} ms); bare SELECTs of the same summary rows: "
        f"p95 {p_bare * 1000:.2f} ms (median {statistics.median(bare_times) * 1000:.2f} ms) → "
        f"{p_read / p_bare:.2f}× (aim ≤ 2×)"
    )
    registry = len(REGISTRY_CODES)
    write(f"   ({registry} registry indicators and the workstreams' event figures in the table)")
