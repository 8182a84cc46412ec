"""`homeward bench match [--quality]`: the matching engine at city scale, against a ceiling.

`bench_match(stdout.write, workers=1_000_000, jobs=20_000)` builds synthetic feature tables
directly (no database) for 宿迁市 (its real towns and villages from the regions data), then
prints in one run:

* the full recompute, top-10 both ways in one scan (with reasons for every emitted pair);
* the same scan without hard rules, to show what the masks cost;
* one new job against 2 million workers (and one new worker against the jobs);
* peak memory (the process's maximum resident set);
* the ceiling: faiss-cpu's exact `IndexFlatIP` top-10 over random float32 vectors (d=64), both
  ways, on the same numbers, as pairs scored per second, and the ratio.

`bench_quality(stdout.write)` prints NDCG@10 and the hard-rule violation rate on the graded set.

Synthetic shares follow the 2024 农民工监测调查报告 (ages, education, average income 4,961 yuan;
PRODUCT.md §6) where it says something; the rest are ASSUMPTIONS marked where they are set.
"""

from __future__ import annotations

import csv
import gc
import lzma
import resource
import time
from datetime import date
from pathlib import Path

import numpy as np

from . import core, text
from .features import SKILL_CODES, JobTable, WorkerTable

REGIONS = Path(__file__).resolve().parent.parent / "regions" / "data"
CITY = "3213"  # 宿迁市


def _places(city: str = CITY) -> tuple[np.ndarray, np.ndarray]:
    """(town codes, village codes) of the city, as 12-digit integers."""
    with lzma.open(REGIONS / "streets.csv.xz", "rt", encoding="utf-8") as f:
        towns = [int(r["code"]) * 1000 for r in csv.DictReader(f) if r["cityCode"] == city]
    with lzma.open(REGIONS / "villages.csv.xz", "rt", encoding="utf-8") as f:
        villages = [int(r["code"]) for r in csv.DictReader(f) if r["cityCode"] == city]
    return np.array(towns, np.int64), np.array(villages, np.int64)


def _choice(rng, values, weights, n):
    weights = np.asarray(weights, float)
    return np.asarray(values)[rng.choice(len(values), size=n, p=weights / weights.sum())]


# Occupation mix by the 2024 report's industries (manufacturing 27.9 %, construction 14.3 %,
# wholesale/retail 13.6 %, transport 7.2 %, hotels/catering 7.1 %, household services 12.3 %);
# how each industry splits into catalogue occupations is an ASSUMPTION. 普工 (assembler) is
# deliberately very common: it is the case that slows sparse methods down.
_OCCUPATION_MIX = {
    "assembler": 16,
    "sewing_worker": 3,
    "food_processor": 2,
    "quality_inspector": 1.5,
    "welder": 2.5,
    "machinist": 1.5,
    "electrician": 1.5,
    "plumber": 0.7,
    "forklift_driver": 1,
    "bricklayer": 3,
    "rebar_worker": 2,
    "carpenter": 2,
    "concrete_worker": 1,
    "scaffolder": 0.8,
    "painter": 1,
    "decorator": 2,
    "construction_labourer": 4,
    "salesperson": 6,
    "cashier": 2,
    "livestreamer": 1.5,
    "driver": 3,
    "courier": 2,
    "delivery_rider": 2,
    "warehouse_worker": 2,
    "cook": 2.5,
    "kitchen_helper": 2,
    "waiter": 2.5,
    "cleaner": 4,
    "security_guard": 3,
    "housekeeper": 2,
    "childcare": 1,
    "elder_carer": 1.5,
    "hairdresser": 1,
    "repairer": 1.5,
    "property_staff": 1,
    "farmer": 4,
    "livestock_farmer": 1.5,
    "fisher": 1,
    "office_clerk": 1.5,
    "technician": 1,
    "manager": 0.5,
}


def synthetic_workers(n: int, *, today: date, seed: int = 1) -> WorkerTable:
    rng = np.random.default_rng(seed)
    towns, villages = _places()
    home = villages[rng.integers(0, len(villages), n)]
    # ASSUMPTION: one in ten lives now in another village of the city (current_region).
    moved = rng.random(n) < 0.10
    anchor = np.where(moved, villages[rng.integers(0, len(villages), n)], home)
    # Ages: ≤40 43.7 %, 41–50 24.7 %, >50 31.6 % (2024 report); within a band, uniform.
    band = _choice(rng, [0, 1, 2], [43.7, 24.7, 31.6], n)
    age = np.select(
        [band == 0, band == 1],
        [rng.uniform(18, 41, n), rng.uniform(41, 51, n)],
        rng.uniform(51, 66, n),
    )
    birth = (today.toordinal() - age * 365.25).astype(np.int32)
    # Education: none 0.8, primary 13.8, junior 52.1, senior 17.5, college+ 15.8 (2023 report);
    # the split of college+ into vocational/college/postgraduate is an ASSUMPTION.
    education = _choice(rng, range(7), [0.8, 13.8, 52.1, 17.5, 9.5, 5.8, 0.5], n).astype(np.int8)
    # ASSUMPTION: how far people will go.
    scope = _choice(rng, [9, 6, 4, 2, 0], [20, 35, 25, 12, 8], n).astype(np.int8)
    # ASSUMPTION: work types accepted: full-time only, full-time or gig, anything, one other.
    work_types = _choice(rng, [1, 1 | 4, 15, 4, 2, 8], [60, 15, 15, 4, 3, 3], n).astype(np.uint8)
    # Expected wage around the 2024 average 4,961 yuan; one in five states none (ASSUMPTION).
    expected = np.round(rng.normal(4961, 1200, n).clip(2000, 12000), -2).astype(np.float32)
    expected[rng.random(n) < 0.2] = np.nan
    available = np.where(rng.random(n) < 0.3, today.toordinal() + rng.integers(0, 90, n), 0)
    low_income = rng.random(n) < 0.08  # ASSUMPTION
    wants = (
        (rng.random(n) < 0.2) * 1 | (rng.random(n) < 0.3) * 2 | (rng.random(n) < 0.15) * 4
    ).astype(np.uint8)
    skills = np.where(rng.random(n) < 0.25, 1 << rng.integers(0, len(SKILL_CODES), n), 0).astype(
        np.uint32
    )
    codes = list(_OCCUPATION_MIX)
    index = {code: text.OCCUPATION_CODES.index(code) for code in codes}
    occupation = np.full((n, 3), -1, np.int16)
    confidence = np.zeros((n, 3), np.float32)
    first = _choice(rng, codes, list(_OCCUPATION_MIX.values()), n)
    occupation[:, 0] = [index[c] for c in first]
    confidence[:, 0] = 1.0
    second = rng.random(n) < 0.35
    occupation[second, 1] = [
        index[c] for c in _choice(rng, codes, list(_OCCUPATION_MIX.values()), int(second.sum()))
    ]
    confidence[second, 1] = np.where(rng.random(int(second.sum())) < 0.8, 1.0, 0.6)
    none = rng.random(n) < 0.05
    occupation[none] = -1
    confidence[none] = 0
    return WorkerTable(
        ids=np.arange(n),
        birth=birth,
        education=education,
        home=home,
        anchor=anchor,
        scope=scope,
        work_types=work_types,
        expected_wage=expected,
        available=available.astype(np.int32),
        low_income=low_income,
        wants=wants,
        skills=skills,
        occupation=occupation,
        occupation_confidence=confidence,
        jitter=rng.random(n, dtype=np.float32),
    )


def synthetic_jobs(m: int, *, today: date, seed: int = 2) -> JobTable:
    rng = np.random.default_rng(seed)
    towns, villages = _places()
    # ASSUMPTION: jobs cluster in the towns with development zones (the first few codes of each
    # county are its 街道 and parks): half the jobs in a fifth of the towns.
    busy = rng.random(len(towns)) < 0.2
    weight = np.where(busy, 4.0, 1.0)
    region = towns[rng.choice(len(towns), m, p=weight / weight.sum())]
    in_village = rng.random(m) < 0.15
    region[in_village] = villages[rng.integers(0, len(villages), int(in_village.sum()))]
    county_level = rng.random(m) < 0.05
    region[county_level] = region[county_level] // 10**6 * 10**6
    # ASSUMPTION: 5 % of jobs are labour-export jobs elsewhere in 江苏 (苏州工业园区).
    away = rng.random(m) < 0.05
    region[away] = 320571000000 + rng.integers(1, 10, int(away.sum())) * 1000
    unit = _choice(rng, [0, 1, 2], [80, 15, 5], m).astype(np.int8)
    monthly = rng.normal(5300, 1300, m).clip(2500, 12000)
    low = np.where(unit == 0, monthly * 0.92, monthly * 0.92 / 22)
    high = np.where(unit == 0, monthly * 1.08, monthly * 1.08 / 22)
    limited = rng.random(m) < 0.6
    age_max = np.where(limited, _choice(rng, [45, 50, 55, 60], [3, 3, 2, 2], m), -1).astype(
        np.int16
    )
    age_min = np.where(limited, 18, -1).astype(np.int16)
    education_min = _choice(rng, range(7), [60, 10, 20, 7, 2, 1, 0], m).astype(np.int8)
    work_type = _choice(rng, range(4), [80, 7, 8, 5], m).astype(np.int8)
    benefits = (
        (rng.random(m) < 0.5) * 1
        | (rng.random(m) < 0.4) * 2
        | (rng.random(m) < 0.5) * 4
        | (rng.random(m) < 0.2) * 8
    ).astype(np.uint8)
    skills = np.where(rng.random(m) < 0.3, 1 << rng.integers(0, len(SKILL_CODES), m), 0).astype(
        np.uint32
    )
    codes = list(_OCCUPATION_MIX)
    first = _choice(rng, codes, list(_OCCUPATION_MIX.values()), m)
    return JobTable(
        ids=np.arange(m),
        titles=[""] * m,
        region=region,
        wage_min=low.astype(np.float32),
        wage_max=high.astype(np.float32),
        wage_unit=unit,
        open=np.ones(m, bool),
        age_min=age_min,
        age_max=age_max,
        education_min=education_min,
        work_type=work_type,
        benefits=benefits,
        skills=skills,
        occupation=np.array([text.OCCUPATION_CODES.index(c) for c in first], np.int16),
        occupation_confidence=np.ones(m, np.float32),
        start=(today.toordinal() + rng.integers(-30, 45, m)).astype(np.int32),
        jitter=rng.random(m, dtype=np.float32),
    )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _faiss_ceiling(write, n: int, m: int, big: int, d: int = 64) -> dict | None:
    try:
        import faiss
    except ImportError:
        write("faiss-cpu is not installed (uv sync --group dev): no ceiling")
        return None
    faiss.omp_set_num_threads(2)
    rng = np.random.default_rng(3)
    workers = rng.standard_normal((n, d), dtype=np.float32)
    jobs = rng.standard_normal((m, d), dtype=np.float32)
    index = faiss.IndexFlatIP(d)
    index.add(jobs)
    _, by_worker = _timed(lambda: index.search(workers, 10))
    index = faiss.IndexFlatIP(d)
    index.add(workers)
    _, by_job = _timed(lambda: index.search(jobs, 10))
    workers = index = None
    gc.collect()
    many = rng.standard_normal((big, d), dtype=np.float32)
    index = faiss.IndexFlatIP(d)
    index.add(many)
    one = rng.standard_normal((1, d), dtype=np.float32)
    index.search(one, 10)
    times = [_timed(lambda: index.search(one, 10))[1] for _ in range(20)]
    many = index = None
    gc.collect()
    return {"by_worker": by_worker, "by_job": by_job, "one_job": float(np.median(times))}


def bench_match(
    write,
    *,
    workers: int = 1_000_000,
    jobs: int = 20_000,
    big: int = 2_000_000,
    quality: bool = False,
    threads: int = 2,
) -> dict:
    """Run every speed figure of the matching engine and print it; returns the figures."""
    if hasattr(write, "write"):
        write = write.write
    today = date(2025, 3, 1)
    figures: dict = {}
    write(
        f"matching benchmark: {workers:,} workers × {jobs:,} open jobs, {threads} threads, "
        f"synthetic 宿迁市 data"
    )
    (w, j), t = _timed(
        lambda: (synthetic_workers(workers, today=today), synthetic_jobs(jobs, today=today))
    )
    write(f"  synthetic tables built in {t:.1f} s (not counted)")
    pairs = workers * jobs

    def full(**options):
        return core.match(w, j, k=10, today=today, threads=threads, **options)

    result, t_full = _timed(full)
    stats = core.LAST_STATS.copy()
    figures["full"] = t_full
    write(
        f"full recompute, top-10 both ways, one scan + reasons: {t_full:.1f} s "
        f"= {pairs / t_full / 1e9:.2f} G pairs/s over all {pairs / 1e9:.1f} G pairs"
    )
    write(
        f"  encode {stats['encode']:.1f} s, scan {stats['scan']:.1f} s, reasons "
        f"{stats['reasons']:.1f} s; pairs within the hard rules' place ranges: "
        f"{stats['pairs_scanned'] / 1e9:.2f} G ({stats['pairs_scanned'] / pairs:.0%}), "
        f"candidates sorted {stats['candidates'] / 1e6:.1f} M"
    )
    sample = result.jobs_for_worker(0)
    write(f"  worker 0's first job: {sample[0] if sample else '-'}")
    shown = min(workers, 10_000)
    texts, t_text = _timed(lambda: [result.jobs_for_worker(i) for i in range(shown)])
    write(
        f"  reasons as text: {t_text / max(sum(map(len, texts)), 1) * 1e6:.1f} µs a pair "
        f"(formatted on demand; the arrays hold reason codes)"
    )
    result = None
    gc.collect()
    _, t_open = _timed(lambda: full(hard_rules=False))
    stats_open = core.LAST_STATS.copy()
    figures["unmasked"] = t_open
    per_pair = (stats["scan"] / stats["pairs_scanned"]) / (
        stats_open["scan"] / stats_open["pairs_scanned"]
    )
    write(
        f"same scan without hard rules (every pair scored): {t_open:.1f} s (scan "
        f"{stats_open['scan']:.1f} s); masked / unmasked = {t_full / t_open:.2f}, scan only "
        f"{stats['scan'] / stats_open['scan']:.2f}, per pair scanned {per_pair:.2f}"
    )
    gc.collect()
    write(f"peak memory after the recompute: {_peak_mb():,.0f} MB")

    job_pool, t_job_pool = _timed(lambda: core.JobPool(j, today=today))
    times = [_timed(lambda i=i: job_pool.match_worker(w.take([i]), k=10))[1] for i in range(50)]
    write(
        f"one new worker against {jobs:,} jobs: median {np.median(times) * 1e3:.1f} ms, max "
        f"{max(times) * 1e3:.1f} ms (50 workers; jobs encoded once in {t_job_pool:.2f} s)"
    )

    w = None
    gc.collect()
    many, t_gen = _timed(lambda: synthetic_workers(big, today=today, seed=5))
    pool, t_pool = _timed(lambda: core.WorkerPool(many, today=today))
    many = None
    gc.collect()
    times = []
    for i in range(30):
        one = j.take([i])
        _, t = _timed(lambda one=one: pool.match_job(one, k=10))
        times.append(t)
    figures["one_job"] = float(np.median(times))
    write(
        f"one new job against {big:,} workers: median {np.median(times) * 1e3:.1f} ms, "
        f"max {max(times) * 1e3:.1f} ms (30 jobs; pool encoded once in {t_pool:.1f} s)"
    )
    pool = None
    gc.collect()
    write(f"peak memory: {_peak_mb():,.0f} MB")

    ceiling = _faiss_ceiling(write, workers, jobs, big)
    if ceiling:
        both = ceiling["by_worker"] + ceiling["by_job"]
        figures["faiss"] = both
        write(
            f"ceiling, faiss IndexFlatIP d=64 exact top-10 on random vectors: workers→jobs "
            f"{ceiling['by_worker']:.1f} s ({pairs / ceiling['by_worker'] / 1e9:.2f} G pairs/s), "
            f"jobs→workers {ceiling['by_job']:.1f} s ({pairs / ceiling['by_job'] / 1e9:.2f} "
            f"G pairs/s), both {both:.1f} s ({2 * pairs / both / 1e9:.2f} G pairs/s)"
        )
        write(f"  one query against {big:,}: {ceiling['one_job'] * 1e3:.1f} ms")
        write(
            f"pairs scored a second, both ways: engine {2 * pairs / t_full / 1e9:.2f} G, faiss "
            f"{2 * pairs / both / 1e9:.2f} G, ratio {both / t_full:.2f}"
        )
        write(
            f"engine / faiss, full recompute both ways: {t_full / both:.2f}× "
            f"(engine {2 * pairs / t_full / 1e9:.2f} G pair-scores/s counting both "
            f"directions); one new job: {figures['one_job'] / ceiling['one_job']:.2f}×"
        )
        write(f"peak memory with the ceiling: {_peak_mb():,.0f} MB")
    if quality:
        bench_quality(write)
    return figures


def bench_quality(write) -> dict:
    """NDCG@10 and hard-rule violations on the graded evaluation set."""
    from . import quality

    if hasattr(write, "write"):
        write = write.write
    report = quality.evaluate()
    quality.print_report(report, write)
    return report
