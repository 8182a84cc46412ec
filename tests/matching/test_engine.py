"""The matching engine alone (no database): hard rules, synonyms, reasons, priority, and that
block size, threads and the one-job path change nothing."""

import random
import subprocess
import sys
from datetime import date, timedelta

import numpy as np
import pytest

from homeward.matching import bench, core, quality, text, weights
from homeward.matching.features import JobTable, WorkerTable, birth_bounds

from .records import TODAY, job, worker


def jobs_for(worker_record, job_records, **options):
    workers = WorkerTable.from_records([worker_record])
    jobs = JobTable.from_records(job_records, today=TODAY)
    return core.top_jobs_for_workers(workers, jobs, k=10, today=TODAY, threads=1, **options)[0]


def ids(matches):
    return [m.id for m in matches]


# --- hard rules: a job that breaks one never appears, either way --------------------------------


HARD_CASES = {
    "too old on the start date": (
        worker(birth_date="1974-03-02"),
        job(age_max=50, start_date="2025-04-01"),
    ),
    "too young": (worker(birth_date="2007-06-01"), job(age_min=18)),
    "under 16, no age limit": (worker(birth_date="2009-06-01"), job()),
    "unknown age, job with a limit": (worker(birth_date=None), job(age_max=60)),
    "education below the minimum": (worker(education="primary"), job(education_min="junior_high")),
    "work type not acceptable": (worker(work_types=["gig"]), job(work_type="full_time")),
    "town scope, next town": (worker(willing_scope="town"), job(region="321302103")),
    "county scope, next county": (worker(willing_scope="county"), job(region="321311401")),
    "city scope, other city": (worker(willing_scope="city"), job(region="320505")),
    "province scope, other province": (worker(willing_scope="province"), job(region="430381001")),
    "town scope, job placed only at county level": (
        worker(willing_scope="town"),
        job(region="321302"),
    ),
    "no headcount left": (worker(), job(headcount=3, filled=3)),
    "not published": (worker(), job(status="closed")),
    "ended": (worker(), job(end_date="2025-02-28")),
}


@pytest.mark.parametrize("case", HARD_CASES)
def test_a_job_breaking_a_hard_rule_never_appears(case):
    worker_record, bad = HARD_CASES[case]
    bad = {**bad, "id": "BAD"}
    assert quality.hard_rule_violations(worker_record, bad)
    if case.startswith("under 16"):
        assert jobs_for(worker_record, [bad]) == []
        return
    good = job("OK", work_type=(worker_record["work_types"] or ["full_time"])[0])
    assert not quality.hard_rule_violations(worker_record, good)
    assert ids(jobs_for(worker_record, [bad, good])) == ["OK"]
    workers = WorkerTable.from_records([worker_record])
    jobs = JobTable.from_records([bad, good], today=TODAY)
    by_job = core.top_workers_for_jobs(workers, jobs, k=5, today=TODAY, threads=1)
    assert by_job[0] == [] and ids(by_job[1]) == ["W"]
    assert core.WorkerPool(workers, today=TODAY).match_job(bad) == []


def test_the_edges_of_the_rules_are_inside():
    # 50 on the start date (51 the day after), exactly the minimum schooling, the same town.
    w = worker(birth_date="1974-04-02", education="junior_high", willing_scope="town")
    j = job(age_min=50, age_max=50, start_date="2025-04-01", education_min="junior_high")
    assert ids(jobs_for(w, [j])) == ["J"]


def test_age_window_counts_age_as_the_registry_does():
    rng = random.Random(4)
    for _ in range(3000):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(800))
        low, high = sorted(rng.sample(range(16, 70), 2))
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(22000))
        earliest, latest = birth_bounds(low, high, start)
        fits = low <= quality.age_on(born, start) <= high
        assert fits == (earliest <= born.toordinal() <= latest), (born, start, low, high)
    # 29 February
    earliest, latest = birth_bounds(18, 60, date(2024, 2, 29))
    assert date.fromordinal(latest) == date(2006, 2, 28)


def test_current_region_is_where_scope_and_distance_are_measured_from():
    away = worker(home_region="430381100205", current_region="321302001001")
    found = jobs_for(away, [job("SQ", region="321302001"), job("XX", region="430381100")])
    assert ids(found) == ["SQ"]
    assert "同镇岗位" in found[0].reasons


def test_random_tables_break_no_rule():
    """Hundreds of random workers and jobs: every emitted pair, both ways, checked by the plain
    implementation of the rules in quality.py."""
    rng = random.Random(7)
    places = [
        "321302101200",
        "321302101202",
        "321302001001",
        "321311105201",
        "321322101200",
        "430381100202",
        "511011001002",
    ]
    job_places = [
        "321302101",
        "321302001",
        "321302",
        "321311401",
        "3213",
        "430381001",
        "511011001",
        "321302101200",
        "320505",
    ]
    texts = ["电焊工", "普工", "保洁", "外卖骑手", "厨师", "叉车", "瓦工", "家政"]
    workers = [
        worker(
            f"W{i}",
            birth_date=str(date(1955, 1, 1) + timedelta(days=rng.randrange(18000))),
            education=rng.choice(["none", "primary", "junior_high", "senior_high", "college"]),
            home_region=rng.choice(places),
            current_region=rng.choice([None, None, rng.choice(places)]),
            occupations=rng.sample(texts, rng.randrange(3)),
            willing_scope=rng.choice(["town", "county", "city", "province", "anywhere"]),
            work_types=rng.sample(
                ["full_time", "seasonal", "gig", "public_welfare"], rng.randrange(3)
            ),
            expected_wage=rng.choice([None, 3000, 5000, 7000]),
            low_income=rng.random() < 0.2,
        )
        for i in range(300)
    ]
    jobs = [
        job(
            f"J{i}",
            occupation=rng.choice(texts),
            region=rng.choice(job_places),
            age_min=rng.choice([None, 18, 30]),
            age_max=rng.choice([None, 40, 50, 60]),
            education_min=rng.choice(["none", "primary", "junior_high", "senior_high"]),
            work_type=rng.choice(["full_time", "seasonal", "gig", "public_welfare"]),
            headcount=rng.choice([0, 1, 5]),
            start_date=str(TODAY + timedelta(days=rng.randrange(-20, 60))),
        )
        for i in range(120)
    ]
    w, j = WorkerTable.from_records(workers), JobTable.from_records(jobs, today=TODAY)
    result = core.match(w, j, k=10, today=TODAY, block=16, threads=2)
    emitted = 0
    for i in range(len(w)):
        for m in result.jobs_for_worker(i):
            emitted += 1
            assert not quality.hard_rule_violations(workers[i], jobs[int(m.id[1:])])
    for n in range(len(j)):
        for m in result.workers_for_job(n):
            emitted += 1
            assert not quality.hard_rule_violations(workers[int(m.id[1:])], jobs[n])
    assert emitted > 1000
    # and nothing allowed is missed: brute force on a few workers
    for i in range(0, 300, 37):
        allowed = [
            n for n in range(len(jobs)) if not quality.hard_rule_violations(workers[i], jobs[n])
        ]
        assert len(result.jobs_for_worker(i)) == min(10, len(allowed))


# --- occupations as people write them ---------------------------------------------------------


@pytest.mark.parametrize(
    "written, posted",
    [
        ("电焊工", "焊工"),
        ("普工", "装配工"),
        ("普工", "操作工"),
        ("外卖骑手", "网约配送员"),
        ("保洁", "保洁员"),
        ("焊接", "焊工"),
    ],
)
def test_synonyms_fit(written, posted):
    found = jobs_for(
        worker(occupations=[written]),
        [job("FIT", occupation=posted), job("OTHER", occupation="厨师", wage_max=9000)],
    )
    # The cook's job pays more, but nothing about the person fits it: it is not offered.
    assert ids(found) == ["FIT"]
    assert found[0].reasons[0].startswith("工种对口：")
    assert found[0].score >= weights.OCCUPATION * 0.5


def test_text_similarity_places_what_the_synonyms_miss():
    assert text.place_occupation("电焊工") == ("welder", 1.0)
    code, confidence = text.place_occupation("焊接")  # not a catalogue word
    assert code == "welder" and 0.5 <= confidence < 1
    assert text.place_occupation("光伏组件") is None
    assert text.similarity("保洁", "保洁员") > text.similarity("保洁", "保安员")


def test_a_related_trade_ranks_below_the_trade_and_an_unrelated_one_is_not_offered():
    found = jobs_for(
        worker(occupations=["瓦工"]),
        [
            job("REL", occupation="钢筋工"),
            job("SAME", occupation="砌筑工"),
            job("NO", occupation="收银员"),
        ],
    )
    assert ids(found) == ["SAME", "REL"]
    assert found[1].reasons[0] == "工种相近：钢筋工"


# --- reasons ----------------------------------------------------------------------------------


def test_reasons_read_as_a_counsellor_would_say_them():
    w = worker(
        occupations=["电焊工"],
        expected_wage=6200,
        wants=["包吃住"],
        willing_scope="city",
        skills=["焊工证"],
    )
    near = job("NEAR", wage_min=6500, wage_max=7500, skills=["焊工证"])
    far = job("FAR", region="321311401", benefits=["board", "lodging"], occupation="钢筋工")
    found = jobs_for(w, [near, far])
    assert found[0].reasons == ["工种对口：焊工", "同镇岗位", "技能对口：焊接"]
    assert found[1].reasons == ["工种相近：钢筋工", "包吃住", "同市岗位"]
    # Someone who names no trade: a job that needs none, with that reason first; never the
    # welding job next door for its wage.
    no_trade = jobs_for(
        worker(occupations=[], expected_wage=6200, willing_scope="town"),
        [job("WELD", wage_min=6500, wage_max=7500), job("PG", occupation="普工", wage_max=6500)],
    )
    assert ids(no_trade) == ["PG"]
    assert no_trade[0].reasons == ["不要求手艺", "同镇岗位"]
    daily = jobs_for(
        worker(occupations=["小工"]),
        [job(occupation="建筑小工", wage_unit="day", wage_min=220, wage_max=280)],
    )
    assert daily[0].reasons[0] == "工种对口：建筑小工"
    assert core.Match("J", 1.0, []).reasons == []
    assert len(found[0].reasons) <= weights.MAX_REASONS


# --- low-income priority ----------------------------------------------------------------------


def test_low_income_workers_come_first_for_a_job_when_otherwise_equal():
    workers = WorkerTable.from_records(
        [worker("PLAIN", birth_date="1990-01-01"), worker("HELPED", low_income=True)]
    )
    jobs = JobTable.from_records([job()], today=TODAY)
    ranked = core.top_workers_for_jobs(workers, jobs, k=2, today=TODAY, threads=1)[0]
    assert ids(ranked) == ["HELPED", "PLAIN"]
    assert ranked[0].score - ranked[1].score == pytest.approx(weights.LOW_INCOME_PRIORITY, abs=0.1)
    assert "低收入户优先" in ranked[0].reasons
    off = core.top_workers_for_jobs(
        workers, jobs, k=2, today=TODAY, threads=1, low_income_priority=0.0
    )[0]
    assert off[0].score == pytest.approx(off[1].score, abs=0.1)
    # The worker's own list is not changed by the priority.
    mine = core.top_jobs_for_workers(workers, jobs, k=1, today=TODAY, threads=1)
    assert mine[0][0].score == mine[1][0].score


# --- the scan: block size, threads and the one-job path change nothing -------------------------


@pytest.fixture(scope="module")
def synthetic():
    return (
        bench.synthetic_workers(6000, today=TODAY, seed=3),
        bench.synthetic_jobs(700, today=TODAY, seed=4),
    )


def test_block_size_and_threads_do_not_change_results(synthetic):
    w, j = synthetic
    reference = core.match(w, j, k=10, today=TODAY, block=4096, threads=1)
    for block, threads in [(1, 1), (17, 2), (256, 2)]:
        other = core.match(w, j, k=10, today=TODAY, block=block, threads=threads)
        assert np.array_equal(other.by_worker.index, reference.by_worker.index)
        assert np.array_equal(other.by_job.index, reference.by_job.index)
        assert np.array_equal(other.by_worker.score, reference.by_worker.score, equal_nan=True)
        assert np.array_equal(other.by_job.score, reference.by_job.score, equal_nan=True)


def test_top_k_is_the_exact_top_k(synthetic):
    """Against sorting every allowed pair's score: the bounds never drop a true top-k pair."""
    w, j = synthetic
    w = w.take(np.arange(400))
    result = core.match(w, j, k=10, today=TODAY, threads=1)
    plan = core._Plan(w, j, TODAY, weights.LOW_INCOME_PRIORITY)
    full = core.match(w, j, k=len(j), today=TODAY, threads=1, by_job=False)
    for i in range(len(w)):
        valid = full.by_worker.index[i] >= 0
        expected = full.by_worker.index[i][valid][:10]
        assert list(result.by_worker.index[i][: len(expected)]) == list(expected)
    assert plan.groups


def test_one_new_job_agrees_with_the_full_scan(synthetic):
    w, j = synthetic
    pool = core.WorkerPool(w, today=TODAY)
    result = core.match(w, j, k=10, today=TODAY, threads=2)
    for n in range(0, len(j), 53):
        one = pool.match_job(j.take([n]), k=10)
        assert one == result.workers_for_job(n)  # ids, scores and reasons: scores are exact


def test_one_new_worker(synthetic):
    w, j = synthetic
    result = core.match(w, j, k=5, today=TODAY, threads=1, by_job=False)
    pool = core.JobPool(j, today=TODAY)
    for i in (0, 99, 4321, 5999):
        assert pool.match_worker(w.take([i]), k=5) == result.jobs_for_worker(i)


def test_the_core_imports_no_django():
    code = (
        "import sys; import homeward.matching.core, homeward.matching.bench, "
        "homeward.matching.quality, homeward.matching.files, homeward.matching.relevance, "
        "homeward.matching.scoring, homeward.matching.threads; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
