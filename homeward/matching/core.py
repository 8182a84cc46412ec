"""The matching engine (人岗匹配): best jobs for every worker, best workers for every job.

Pure numpy, no Django: Django code builds the tables from the database and stores the results;
`files` runs it on JSON-lines files; `bench` measures it at city scale.

Use
---
    workers = WorkerTable.from_records([...])       # fields: files.py; arrays: features.py
    jobs = JobTable.from_records([...], today=day)
    result = match(workers, jobs, k=10, today=day)   # both directions in one scan
    result.jobs_for_worker(0)  -> [Match(id="J7", score=86.4, reasons=["工种对口：焊工", ...])]
    result.workers_for_job(3)  -> [Match(...), ...]   (low-income priority included)
    result.by_worker / result.by_job                  # the same as arrays (Ranking), for storing

    top_jobs_for_workers(workers, jobs, k=10)  -> list[list[Match]], one list per worker
    top_workers_for_jobs(workers, jobs, k=10, low_income_priority=8.0) -> one list per job

    WorkerPool(workers, today=day).match_job(job_record, k=10)   -> list[Match]  (a new job)
    JobPool(jobs, today=day).match_worker(worker_record, k=10)   -> list[Match]  (a new worker)
    match_one_job(job_record, workers, k=10), match_worker(worker_record, jobs, k=10): the same,
    encoding the other side on each call

`Match(id, score, reasons)`: the other side's id, the score (points, see `weights`), and the two
or three parts of the score that decided the rank, in plain Chinese (`reasons`). A worker's own
list leaves out the low-income priority (it does not reorder one worker's jobs); a job's list
includes it. Neither block size nor threads nor the one-job path change a score by a single bit
(see EXACT below), so the rankings are the same whichever way they are computed.

How it works
------------
Hard rules are masks applied before any score is compared, never filters after a search:

* a job that is not open or has no headcount left is not in the scan at all;
* the place: jobs are sorted by region code, workers by (willing scope, town they live in, birth
  date), so the jobs a block of workers may take are one contiguous range of columns — the scope
  rule costs nothing and removes much of the work (a worker who stays in town sees his town);
* education and work type are folded into the matrix product as a penalty (a one-hot of the
  worker's level against −10⁶ on the levels a job refuses: exact, because 0 × x = 0);
* the person rule (对口, `relevance`): a pair needs a reason about the person; the worker row
  carries "does not qualify" per class of jobs, the job column −10⁶ on its own class;
* age on the job's start date: rows are sorted by birth date, so for most jobs a block of workers
  is wholly inside or outside the job's window of birth dates, and "outside" is the penalty in
  the jobs' constant row for that block; the few jobs whose window edge falls inside the block
  are scored apart with an unsigned-wrap test per pair, ``(birth − earliest) as uint32 > width``.

The soft score is one matrix product of worker rows and job columns (`weights` documents every
part); the distance, the same for all workers of one town, is written into the jobs' constant
row once per town. Top-k both ways come from the same block of scores: lower bounds of each row's
k-th best (the k-th largest of 2k column-group maxima) and of each column's (its k-th best so
far, or the smallest of k row-group maxima) pick the few candidates with one comparison, and only
those are sorted. Reasons are worked out only for the pairs emitted. Blocks run on two threads
(numpy and BLAS release the GIL; BLAS is held to one thread meanwhile, through threadpoolctl).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import numpy as np

from homeward.workers.vocab import MINIMUM_WORKING_AGE

from . import reasons as reasons_module
from . import relevance, text, weights
from .features import (
    EDUCATION,
    LEVELS,
    SKILL_CODES,
    WORK_TYPES,
    JobTable,
    WorkerTable,
    birth_bounds,
    today_in_china,
)
from .scoring import FIT, closeness, far_from_home, start_points, wage_points
from .threads import blas_single_threaded, each, in_chunks

MINIMUM_AGE = MINIMUM_WORKING_AGE  # 劳动法 art. 15, from the one home of the rule
FLOOR = np.float32(weights.PENALTY / 2)  # any score below this broke a hard rule
UINT32_MAX = np.uint32(2**32 - 1)


@dataclass(frozen=True, slots=True)
class Match:
    id: object
    score: float
    reasons: list[str]


def _plain(value):
    """A numpy scalar id (from array-built tables) as the Python value, for JSON."""
    return value.item() if isinstance(value, np.generic) else value


# --- the layout of a worker row / job column -------------------------------------------------


class Layout:
    """Which dimension of the vectors carries which part of the score."""

    def __init__(self):
        position = 0

        def take(n):
            nonlocal position
            span = slice(position, position + n)
            position += n
            return span

        self.occupation = take(len(text.OCCUPATION_CODES))
        self.skills = take(len(SKILL_CODES))
        self.wants = take(len(text.BENEFITS))
        self.wage = take(len(weights.WAGE_KNOTS))
        self.start = take(len(weights.START_KNOTS))
        self.education = take(len(EDUCATION) - 1)  # the top level is never refused
        self.work_type = take(len(WORK_TYPES))
        self.person = take(relevance.CLASSES)  # the person rule: 1 − qualifies × penalty
        self.asked = take(1)  # asked for public-welfare posts × the points of such a post
        self.job_constant = position  # worker 1 × job's own constant (+ distance per town)
        self.worker_constant = position + 1  # worker's constant (priority) × job 1
        self.worker_tie = position + 2  # tie-breaks, see EXACT
        self.job_tie = position + 3
        self.size = position + 4


LAYOUT = Layout()
_NOT_PERSON = np.r_[0 : LAYOUT.person.start, LAYOUT.person.stop : LAYOUT.size]

# EXACT scores. Worker entries are multiples of 1/WORKER_UNIT, job entries of 1/JOB_UNIT, so every
# product is a multiple of 2⁻¹⁷ and every sum of them below 128 in size is exact in float32
# whatever the order of addition: the score of a pair is the same bit for bit whatever the block,
# the threads, the BLAS kernel or the one-job path computing it, and so are the rankings. Ties
# are broken by the id's hash (two tie dimensions worth < 0.01) and then by position. Points are
# kept to 1/128, confidences and interpolation weights to 1/1024. (A pair that breaks a hard
# rule carries −10⁶ and is not exact, nor needs to be.)
WORKER_UNIT = 1024
JOB_UNIT = 128


def _on_grid(matrix: np.ndarray, unit: int) -> np.ndarray:
    """Round to multiples of 1/unit, in place (× and ÷ by a power of two are exact)."""
    matrix = np.asarray(matrix, np.float32)
    matrix *= unit
    np.round(matrix, out=matrix)
    matrix /= unit
    return matrix


def _hat(values: np.ndarray, knots) -> np.ndarray:
    """Linear-interpolation weights of `values` on `knots` (n × len(knots)), clipped at the ends."""
    knots = np.asarray(knots, np.float32)
    values = np.clip(values.astype(np.float32), knots[0], knots[-1])
    upper = np.clip(np.searchsorted(knots, values, side="right"), 1, len(knots) - 1)
    lower = upper - 1
    share = (values - knots[lower]) / (knots[upper] - knots[lower])
    out = np.zeros((len(values), len(knots)), np.float32)
    rows = np.arange(len(values))
    out[rows, lower] = 1 - share
    out[rows, upper] += share
    return out


def _bits(mask: np.ndarray, n: int) -> np.ndarray:
    return ((mask.astype(np.uint32)[:, None] >> np.arange(n, dtype=np.uint32)) & 1).astype(
        np.float32
    )


def worker_vectors(
    workers: WorkerTable,
    today: date,
    *,
    low_income_priority: float = weights.LOW_INCOME_PRIORITY,
    order: np.ndarray | None = None,
    threads: int = 2,
    columns: np.ndarray | None = None,
) -> np.ndarray:
    """The workers' rows (n × LAYOUT.size, float32), in the table's order or in `order`; only
    the dimensions `columns` when given."""
    order = np.arange(len(workers)) if order is None else np.asarray(order)
    out = np.empty((len(order), LAYOUT.size if columns is None else len(columns)), np.float32)
    chunk = 1 << 16

    def fill(start):
        rows = order[start : start + chunk]
        block = _worker_rows(workers, rows, today, low_income_priority)
        out[start : start + chunk] = block if columns is None else block[:, columns]

    in_chunks(fill, len(order), chunk=chunk, threads=threads)
    return out


def _worker_rows(workers: WorkerTable, rows, today: date, priority: float) -> np.ndarray:
    n = len(rows)
    w = np.zeros((n, LAYOUT.size), np.float32)
    occupation = w[:, LAYOUT.occupation]
    codes, confidence = workers.occupation[rows], workers.occupation_confidence[rows]
    for slot in range(codes.shape[1]):
        has = codes[:, slot] >= 0
        at, cols = np.flatnonzero(has), codes[has, slot]
        occupation[at, cols] = np.maximum(occupation[at, cols], confidence[has, slot])
    w[:, LAYOUT.skills] = _bits(workers.skills[rows], len(SKILL_CODES))
    wants = _bits(workers.wants[rows], len(text.BENEFITS))
    w[:, LAYOUT.wants] = wants / np.maximum(wants.sum(axis=1, keepdims=True), 1)
    expected = workers.expected_wage[rows]
    expected = np.where(np.isnan(expected), weights.DEFAULT_EXPECTED_WAGE, expected)
    w[:, LAYOUT.wage] = _hat(expected, weights.WAGE_KNOTS)
    available = workers.available[rows]
    free_in = np.where(available > 0, available - today.toordinal(), 0)
    w[:, LAYOUT.start] = _hat(free_in, weights.START_KNOTS)
    education = workers.education[rows]
    low = education < len(EDUCATION) - 1
    w[np.flatnonzero(low), LAYOUT.education.start + education[low]] = 1
    w[:, LAYOUT.work_type] = 1 - _bits(workers.work_types[rows], len(WORK_TYPES))
    for slot in range(workers.wished.shape[1]):
        code = workers.wished[rows, slot]
        at = np.flatnonzero(code >= 0)
        occupation[at, code[at]] = np.maximum(occupation[at, code[at]], weights.WISHED)
    w[:, LAYOUT.person] = ~relevance.qualifies(workers, rows, today)
    w[:, LAYOUT.asked.start] = relevance.asked_public_welfare(workers, rows)
    w[:, LAYOUT.job_constant] = 1
    w[:, LAYOUT.worker_constant] = priority * workers.low_income[rows]
    w[:, LAYOUT.worker_tie] = np.floor(workers.jitter[rows] * WORKER_UNIT) / WORKER_UNIT
    w[:, LAYOUT.job_tie] = 1 / WORKER_UNIT
    return _on_grid(w, WORKER_UNIT)


def job_vectors(jobs: JobTable, today: date) -> np.ndarray:
    """The jobs' columns as rows (m × LAYOUT.size, float32), without the distance part."""
    m = len(jobs)
    j = np.zeros((m, LAYOUT.size), np.float32)
    has = jobs.occupation >= 0
    j[has, LAYOUT.occupation] = (
        weights.OCCUPATION * jobs.occupation_confidence[has, None] * FIT[:, jobs.occupation[has]].T
    )
    skills = _bits(jobs.skills, len(SKILL_CODES))
    wanted = skills.sum(axis=1, keepdims=True)
    j[:, LAYOUT.skills] = np.divide(
        weights.SKILLS * skills, wanted, out=np.zeros_like(skills), where=wanted > 0
    )
    j[:, LAYOUT.wants] = weights.BENEFITS_WANTED * _bits(jobs.benefits, len(text.BENEFITS))
    monthly = jobs.monthly_wage
    j[:, LAYOUT.wage] = np.nan_to_num(
        wage_points(np.asarray(weights.WAGE_KNOTS)[None, :], monthly[:, None])
    )
    starts_in = np.where(jobs.start > 0, np.maximum(jobs.start - today.toordinal(), 0), 0)
    j[:, LAYOUT.start] = start_points(np.asarray(weights.START_KNOTS)[None, :], starts_in[:, None])
    levels = np.arange(len(EDUCATION) - 1)
    j[:, LAYOUT.education] = np.where(
        levels[None, :] < jobs.education_min[:, None], weights.PENALTY, 0
    )
    j[np.arange(m), LAYOUT.work_type.start + jobs.work_type] = weights.PENALTY
    classes = relevance.job_classes(jobs)
    j[np.arange(m), LAYOUT.person.start + classes] = weights.PENALTY
    j[:, LAYOUT.asked.start] = (classes == relevance.PUBLIC_WELFARE) * (
        weights.OCCUPATION * weights.WISHED
    )
    j[:, LAYOUT.worker_constant] = 1
    j[:, LAYOUT.worker_tie] = 1 / JOB_UNIT
    j[:, LAYOUT.job_tie] = np.floor(jobs.jitter * JOB_UNIT) / JOB_UNIT
    return _on_grid(j, JOB_UNIT)


def age_window(jobs: JobTable, today: date) -> tuple[np.ndarray, np.ndarray]:
    """Per job (earliest birth day, latest − earliest) as uint32 for the wrap test.

    A job with an age limit refuses an unknown birth date (0); one without lets it through but
    still refuses anyone under 16 on the start date (劳动法 art. 15)."""
    earliest = np.zeros(len(jobs), np.uint32)
    width = np.zeros(len(jobs), np.uint32)
    for i in range(len(jobs)):
        start = date.fromordinal(int(jobs.start[i])) if jobs.start[i] > 0 else today
        low_age, high_age = int(jobs.age_min[i]), int(jobs.age_max[i])
        if low_age < 0 and high_age < 0:
            earliest[i], width[i] = 0, birth_bounds(MINIMUM_AGE, -1, start)[1]
            continue
        low, high = birth_bounds(max(low_age, MINIMUM_AGE), high_age, start)
        if high < low:  # nobody fits: an empty window
            earliest[i], width[i] = UINT32_MAX, 0
        else:
            earliest[i], width[i] = low, high - low
    return earliest, width


def _town_key(scope: np.ndarray, anchor: np.ndarray) -> np.ndarray:
    """Sort key of workers: willing scope (narrowest first), then the town they live in."""
    rank = np.zeros(10, np.int64)
    rank[[9, 6, 4, 2, 0]] = np.arange(5)
    return rank[scope] * 10**9 + anchor // 1000


# --- the scan ---------------------------------------------------------------------------------


class _Columns:
    """The running top-k of each job (column) while blocks of workers stream past."""

    def __init__(self, m: int, k: int):
        self.k = k
        self.value = np.full((m, k), -np.inf, np.float32)
        self.row = np.full((m, k), -1, np.int64)
        self.threshold = np.full(m, FLOOR, np.float32)
        self.pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.pending_size = 0

    def add(self, cols, rows, values):
        self.pending.append((cols, rows, values))
        self.pending_size += len(cols)
        if self.pending_size > 1 << 19:
            self.flush()

    def flush(self):
        if not self.pending:
            return
        held = self.row >= 0
        cols = np.concatenate([np.nonzero(held)[0], *(p[0] for p in self.pending)])
        rows = np.concatenate([self.row[held], *(p[1] for p in self.pending)])
        values = np.concatenate([self.value[held], *(p[2] for p in self.pending)])
        self.pending, self.pending_size = [], 0
        cols, rows, values, rank = _top_per_group(cols, rows, values, self.k)
        self.value.fill(-np.inf)
        self.row.fill(-1)
        self.value[cols, rank] = values
        self.row[cols, rank] = rows
        full = self.row[:, -1] >= 0
        self.threshold = np.where(full, self.value[:, -1], FLOOR).astype(np.float32)

    def merge(self, other: _Columns):
        held = other.row >= 0
        self.pending.append((np.nonzero(held)[0], other.row[held], other.value[held]))
        self.flush()


def _top_per_group(groups, members, values, k):
    """Keep the k best (highest value, then lowest member) of each group; returns the kept
    (groups, members, values, rank) sorted by group then rank."""
    order = np.lexsort((members, -values, groups))
    groups, members, values = groups[order], members[order], values[order]
    if len(groups) == 0:
        return groups, members, values, groups
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    rank = np.arange(len(groups)) - np.repeat(starts, np.diff(np.r_[starts, len(groups)]))
    keep = rank < k
    return groups[keep], members[keep], values[keep], rank[keep]


class JobPool:
    """Open jobs encoded once and sorted by region code, so that the jobs a worker's scope
    reaches are one contiguous range; scores one new worker at a time (`match_worker`)."""

    def __init__(self, jobs: JobTable, *, today: date | None = None, hard_rules: bool = True):
        self.today = today = today or today_in_china()
        self.hard_rules = hard_rules
        self.all_jobs = jobs
        open_jobs = np.flatnonzero(jobs.open)
        self.job_order = open_jobs[np.argsort(jobs.region[open_jobs], kind="stable")]
        sorted_jobs = jobs.take(self.job_order)
        self.jobs = sorted_jobs
        self.job_region = sorted_jobs.region
        self.job_matrix = np.ascontiguousarray(job_vectors(sorted_jobs, today).T)  # d × m
        self.earliest, self.width = age_window(sorted_jobs, today)
        if not hard_rules:  # for measuring what the masks cost: score every pair
            self.job_matrix[LAYOUT.education] = 0
            self.job_matrix[LAYOUT.work_type] = 0
            self.job_matrix[LAYOUT.person] = 0
            self.width[:] = UINT32_MAX
            self.earliest[:] = 0
        self.latest = self.earliest.astype(np.int64) + self.width
        self.far_points = (
            weights.BOARD_FAR * ((sorted_jobs.benefits >> text.BENEFITS.index("board")) & 1)
            + weights.LODGING_FAR * ((sorted_jobs.benefits >> text.BENEFITS.index("lodging")) & 1)
        ).astype(np.float32)

    def job_range(self, anchor: int, digits: int) -> tuple[int, int]:
        if digits == 0 or not self.hard_rules:
            return 0, len(self.job_region)
        unit = 10 ** (12 - digits)
        low = anchor // unit * unit
        c0, c1 = np.searchsorted(self.job_region, [low, low + unit])
        return int(c0), int(c1)

    def town_column(self, anchor: int, c0: int, c1: int) -> np.ndarray:
        """The jobs' constant row for workers of one town: distance and far-from-home meals
        and lodging."""
        points = closeness(np.int64(anchor // 1000 * 1000), self.job_region[c0:c1])
        far = far_from_home(points) & (self.job_region[c0:c1] // 10**10 != 0)
        return _on_grid(points + np.where(far, self.far_points[c0:c1], 0), JOB_UNIT)

    def match_worker(self, worker: dict | WorkerTable, k: int = 10) -> list[Match]:
        """The top-k open jobs for one worker (a record or a one-row table), with reasons."""
        workers = worker if isinstance(worker, WorkerTable) else WorkerTable.from_records([worker])
        vector = worker_vectors(workers, self.today, low_income_priority=0.0, threads=1)[0]
        anchor, digits = int(workers.anchor[0]), int(workers.scope[0])
        c0, c1 = self.job_range(anchor, digits)
        if c1 <= c0:
            return []
        scores = vector @ self.job_matrix[:, c0:c1] + self.town_column(anchor, c0, c1)
        born = np.uint32(workers.birth[0])
        refused = (born - self.earliest[c0:c1]) > self.width[c0:c1]
        scores += refused * np.float32(weights.PENALTY)
        best = _top_k(scores, k)
        best = best[scores[best] > FLOOR]
        index = self.job_order[c0 + best]
        own = vector[LAYOUT.worker_tie] / JOB_UNIT
        codes = reasons_module.codes(
            workers,
            self.all_jobs,
            self.today,
            np.zeros(len(index), np.int64),
            index,
            low_income_priority=0.0,
            threads=1,
        )
        return [
            Match(
                _plain(self.all_jobs.ids[j]),
                round(float(s - own), 1),
                reasons_module.describe(c, workers, 0, self.all_jobs, j),
            )
            for j, s, c in zip(index, scores[best], codes, strict=True)
        ]


class _Plan(JobPool):
    """Workers and open jobs encoded and sorted for the scan."""

    def __init__(
        self,
        workers: WorkerTable,
        jobs: JobTable,
        today: date,
        priority: float,
        hard_rules: bool = True,
    ):
        super().__init__(jobs, today=today, hard_rules=hard_rules)
        key = _town_key(workers.scope, workers.anchor)
        self.worker_order = np.lexsort((workers.birth, key))
        self.key = key[self.worker_order]
        self.scope = workers.scope[self.worker_order]
        self.anchor = workers.anchor[self.worker_order]
        self.birth = workers.birth[self.worker_order].astype(np.uint32)
        self.worker_matrix = worker_vectors(
            workers, today, low_income_priority=priority, order=self.worker_order
        )
        # groups: runs of equal (scope, town)
        bounds = np.flatnonzero(np.r_[True, self.key[1:] != self.key[:-1], True])
        self.groups = []
        for start, end in zip(bounds[:-1], bounds[1:], strict=True):
            digits = int(self.scope[start])
            anchor = int(self.anchor[start])
            c0, c1 = self.job_range(anchor, digits)
            self.groups.append((int(start), int(end), c0, c1, anchor))


class _Scan:
    def __init__(self, plan: _Plan, *, k_jobs: int, k_workers: int, block: int):
        self.plan = plan
        self.k_jobs = k_jobs
        self.k_workers = k_workers
        self.block = block
        n = len(plan.worker_order)
        self.row_job = np.full((n, max(k_jobs, 1)), -1, np.int64)
        self.row_score = np.full((n, max(k_jobs, 1)), np.nan, np.float32)
        self.candidates = 0

    def tasks(self):
        for g, (start, end, c0, c1, anchor) in enumerate(self.plan.groups):
            if c1 <= c0:
                continue
            for r0 in range(start, end, self.block):
                yield g, r0, min(r0 + self.block, end), c0, c1, anchor

    def run(self, threads: int) -> _Columns | None:
        tasks = list(self.tasks())
        m = len(self.plan.job_region)
        parts = [tasks[t::threads] for t in range(threads)]
        states = [_Columns(m, self.k_workers) if self.k_workers else None for _ in range(threads)]
        each(self._work, parts, states, threads=threads)
        columns = states[0]
        if columns is not None:
            columns.flush()
            for other in states[1:]:
                other.flush()
                columns.merge(other)
        return columns

    def _work(self, tasks, columns: _Columns | None):
        plan, k_rows = self.plan, self.k_jobs
        job_matrix = plan.job_matrix.copy()  # this thread writes the per-town constant row
        size = self.block * max(len(plan.job_region), 1)
        s_buf = np.empty(size, np.float32)
        m_buf = np.empty(size, bool)
        f_buf = np.empty(size, np.float32)
        current_group = None
        town_column = None
        for g, r0, r1, c0, c1, anchor in tasks:
            b, width = r1 - r0, c1 - c0
            if g != current_group:
                town_column = plan.town_column(anchor, c0, c1)
                current_group = g
            # Age on the start date. Rows are sorted by birth date, so for most jobs the whole
            # block is in or out of the job's window: "out" goes into the jobs' constant row as
            # the penalty. Jobs whose window edge falls inside the block are scored apart below
            # (the penalty keeps them out of this product), pair by pair.
            earliest, span = plan.earliest[c0:c1], plan.width[c0:c1]
            first, last = plan.birth[r0], plan.birth[r1 - 1]
            whole = ((first - earliest) <= span) & ((last - earliest) <= span)
            out = ~whole
            if out.any():
                job_matrix[LAYOUT.job_constant, c0:c1] = town_column + np.where(
                    out, np.float32(weights.PENALTY), np.float32(0)
                )
            else:
                job_matrix[LAYOUT.job_constant, c0:c1] = town_column
            scores = s_buf[: b * width].reshape(b, width)
            np.matmul(plan.worker_matrix[r0:r1], job_matrix[:, c0:c1], out=scores)
            none = (last < earliest) | (first > plan.latest[c0:c1])
            edge = np.flatnonzero(out & ~none)
            edge_scores = None
            if len(edge):
                edge_jobs = job_matrix[:, c0 + edge]
                edge_jobs[LAYOUT.job_constant] = town_column[edge]
                edge_scores = plan.worker_matrix[r0:r1] @ edge_jobs
                refused = (plan.birth[r0:r1, None] - earliest[edge]) > span[edge]
                edge_scores += refused * np.float32(weights.PENALTY)
            # Lower bounds of each row's and column's k-th best. Those from this product are
            # valid for the edge jobs too: a bound from a subset of the allowed pairs is lower.
            row_floor = col_floor = None
            if k_rows:
                row_floor = _row_bound(scores, k_rows)
            if columns is not None:
                col_floor = columns.threshold[c0:c1]
                if (col_floor <= FLOOR).any():  # some jobs have fewer than k so far
                    col_floor = np.maximum(col_floor, _column_bound(scores, self.k_workers))
            rows, cols, values = _candidates(scores, row_floor, col_floor, m_buf, f_buf)
            if edge_scores is not None:
                more = _candidates(
                    edge_scores,
                    row_floor,
                    None if col_floor is None else col_floor[edge],
                    None,
                    None,
                )
                rows = np.concatenate([rows, more[0]])
                cols = np.concatenate([cols, edge[more[1]]])
                values = np.concatenate([values, more[2]])
            self.candidates += len(rows)
            if k_rows:
                mine = values >= row_floor[rows]
                rr, cc, vv, rank = _top_per_group(rows[mine], cols[mine], values[mine], k_rows)
                self.row_job[r0 + rr, rank] = c0 + cc
                self.row_score[r0 + rr, rank] = vv
            if columns is not None:
                mine = values >= col_floor[cols]
                if mine.any():
                    columns.add(c0 + cols[mine], r0 + rows[mine], values[mine])


def _candidates(scores, row_floor, col_floor, mask_buffer, bar_buffer):
    """(rows, cols, values) of the entries at or above the row's or the column's bound."""
    b, width = scores.shape
    chosen = (
        np.empty((b, width), bool)
        if mask_buffer is None
        else mask_buffer[: b * width].reshape(b, width)
    )
    cold = None
    if row_floor is None:
        bar = col_floor[None, :]
    elif col_floor is None:
        bar = row_floor[:, None]
    else:
        # Once a job has seen many workers its bound is above every row's: then one comparison
        # with the rows' bounds finds both kinds, and the few "cold" jobs are looked at apart.
        cold = np.flatnonzero(col_floor < row_floor.max())
        if len(cold) * 4 > width:
            cold = None
            bar = (
                np.empty((b, width), np.float32)
                if bar_buffer is None
                else bar_buffer[: b * width].reshape(b, width)
            )
            np.minimum(row_floor[:, None], col_floor[None, :], out=bar)
        else:
            bar = row_floor[:, None]
    np.greater_equal(scores, bar, out=chosen)
    flat = np.flatnonzero(chosen)
    values = scores.reshape(-1)[flat]
    rows, cols = np.divmod(flat, width)
    if cold is not None and len(cold):
        part = scores[:, cold]
        extra = (part >= col_floor[cold]) & (part < row_floor[:, None])
        extra_rows, extra_cols = np.nonzero(extra)
        rows = np.concatenate([rows, extra_rows])
        cols = np.concatenate([cols, cold[extra_cols]])
        values = np.concatenate([values, part[extra_rows, extra_cols]])
    return rows, cols, values


def _row_bound(scores: np.ndarray, k: int) -> np.ndarray:
    """A lower bound of each row's k-th best score: the k-th largest of 2k column-group maxima
    (each maximum is a different entry), and never below FLOOR."""
    b, width = scores.shape
    groups = 2 * k
    if width < groups * 2:
        return np.full(b, FLOOR, np.float32)
    size = width // groups
    maxima = scores[:, : groups * size].reshape(b, groups, size).max(axis=2)
    bound = np.partition(maxima, groups - k, axis=1)[:, groups - k]
    return np.maximum(bound, FLOOR)


def _column_bound(scores: np.ndarray, k: int) -> np.ndarray:
    """A lower bound of each column's k-th best in this block: the smallest of k row-group
    maxima."""
    b, width = scores.shape
    if b < k * 2:
        return np.full(width, FLOOR, np.float32)
    size = b // k
    return scores[: k * size].reshape(k, size, width).max(axis=1).min(axis=0)


# --- results ----------------------------------------------------------------------------------


@dataclass
class Ranking:
    """Top-k of one direction as arrays: `index[i]` are positions in the other table (-1 past
    the end of a short list), `score[i]` their scores, `reasons[i]` their reason codes."""

    index: np.ndarray
    score: np.ndarray
    reasons: np.ndarray  # int8 (n, k, MAX_REASONS), -1 for none; see reasons.py


class Result:
    def __init__(self, workers, jobs, today, by_worker: Ranking | None, by_job: Ranking | None):
        self.workers, self.jobs, self.today = workers, jobs, today
        self.by_worker, self.by_job = by_worker, by_job

    def jobs_for_worker(self, i: int) -> list[Match]:
        r = self.by_worker
        return [
            Match(
                _plain(self.jobs.ids[j]),
                round(float(s), 1),
                reasons_module.describe(r.reasons[i, n], self.workers, i, self.jobs, j),
            )
            for n, (j, s) in enumerate(zip(r.index[i], r.score[i], strict=True))
            if j >= 0
        ]

    def workers_for_job(self, j: int) -> list[Match]:
        r = self.by_job
        return [
            Match(
                _plain(self.workers.ids[w]),
                round(float(s), 1),
                reasons_module.describe(r.reasons[j, n], self.workers, w, self.jobs, j),
            )
            for n, (w, s) in enumerate(zip(r.index[j], r.score[j], strict=True))
            if w >= 0
        ]


def match(
    workers: WorkerTable,
    jobs: JobTable,
    *,
    k: int = 10,
    k_workers: int | None = None,
    today: date | None = None,
    low_income_priority: float = weights.LOW_INCOME_PRIORITY,
    by_worker: bool = True,
    by_job: bool = True,
    block: int = 256,
    threads: int = 2,
    hard_rules: bool = True,
) -> Result:
    """Top-k jobs for every worker and top-k workers for every open job, in one scan.

    `block` workers are scored at a time against the jobs their scope reaches; `threads` blocks
    run at once. Neither changes the result. `hard_rules=False` is for the benchmark only.
    """
    today = today or today_in_china()
    k_workers = k if k_workers is None else k_workers
    started = time.perf_counter()
    plan = _Plan(workers, jobs, today, low_income_priority, hard_rules)
    scan = _Scan(
        plan, k_jobs=k if by_worker else 0, k_workers=k_workers if by_job else 0, block=block
    )
    encoded = time.perf_counter()
    if threads > 1:
        with blas_single_threaded():
            columns = scan.run(threads)
    else:
        columns = scan.run(1)
    scanned = time.perf_counter()
    worker_ranking = job_ranking = None
    if by_worker:
        index = np.full((len(workers), k), -1, np.int64)
        score = np.full((len(workers), k), np.nan, np.float32)
        valid = scan.row_job >= 0
        # Reported scores leave out the worker's own constant (priority, tie-break): it does not
        # change the order of a worker's jobs and is not about the job.
        own = (
            plan.worker_matrix[:, LAYOUT.worker_constant]
            + plan.worker_matrix[:, LAYOUT.worker_tie] / JOB_UNIT
        )[:, None]
        index[plan.worker_order] = np.where(valid, plan.job_order[np.maximum(scan.row_job, 0)], -1)
        score[plan.worker_order] = np.where(valid, scan.row_score - own, np.nan)
        worker_ranking = Ranking(index, score, None)
        worker_ranking.reasons = reasons_module.codes(
            workers,
            jobs,
            today,
            np.repeat(np.arange(len(workers)), k),
            index.ravel(),
            low_income_priority=0.0,
        ).reshape(len(workers), k, -1)
    if by_job:
        open_index = plan.job_order
        index = np.full((len(jobs), k_workers), -1, np.int64)
        score = np.full((len(jobs), k_workers), np.nan, np.float32)
        held = columns.row >= 0
        index[open_index] = np.where(held, plan.worker_order[np.maximum(columns.row, 0)], -1)
        score[open_index] = np.where(held, columns.value, np.nan)
        job_ranking = Ranking(index, score, None)
        job_ranking.reasons = reasons_module.codes(
            workers,
            jobs,
            today,
            index.ravel(),
            np.repeat(np.arange(len(jobs)), k_workers),
            low_income_priority=low_income_priority,
        ).reshape(len(jobs), k_workers, -1)
    LAST_STATS.update(
        encode=encoded - started,
        scan=scanned - encoded,
        reasons=time.perf_counter() - scanned,
        pairs_scanned=sum((e - s) * (c1 - c0) for s, e, c0, c1, _ in plan.groups),
        candidates=scan.candidates,
    )
    return Result(workers, jobs, today, worker_ranking, job_ranking)


# Timings and counts of the last `match` call, for the benchmark.
LAST_STATS: dict = {}


def top_jobs_for_workers(workers, jobs, k=10, today=None, **options) -> list[list[Match]]:
    result = match(workers, jobs, k=k, today=today, by_job=False, **options)
    return [result.jobs_for_worker(i) for i in range(len(workers))]


def top_workers_for_jobs(
    workers, jobs, k=10, today=None, low_income_priority=weights.LOW_INCOME_PRIORITY, **options
) -> list[list[Match]]:
    result = match(
        workers,
        jobs,
        k=k,
        today=today,
        by_worker=False,
        low_income_priority=low_income_priority,
        **options,
    )
    return [result.workers_for_job(j) for j in range(len(jobs))]


# --- one new job, one new worker --------------------------------------------------------------


class WorkerPool:
    """Workers encoded once, sorted by (scope, town, birth date), for scoring one job at a time:
    the workers whose scope reaches a job's place are five contiguous runs (one per scope), so a
    new job reads only those rows."""

    def __init__(
        self,
        workers: WorkerTable,
        *,
        today: date | None = None,
        low_income_priority: float = weights.LOW_INCOME_PRIORITY,
    ):
        self.workers = workers
        self.today = today or today_in_china()
        self.priority = low_income_priority
        key = _town_key(workers.scope, workers.anchor)
        self.order = np.lexsort((workers.birth, key))
        self.key = key[self.order]
        self.anchor_town = workers.anchor[self.order] // 1000
        self.birth = workers.birth[self.order].astype(np.uint32)
        # One job reads one class of the person rule: kept apart as "does not qualify" per class
        # (a byte a worker) instead of 4 bytes × every class in the product.
        self.matrix = worker_vectors(
            workers,
            self.today,
            low_income_priority=low_income_priority,
            order=self.order,
            columns=_NOT_PERSON,
        )
        self.unqualified = np.empty((relevance.CLASSES, len(workers)), bool)
        for start in range(0, len(workers), 1 << 16):
            rows = self.order[start : start + (1 << 16)]
            self.unqualified[:, start : start + len(rows)] = ~relevance.qualifies(
                workers, rows, self.today
            ).T

    def ranges(self, jobs: JobTable, j: int = 0):
        """For each run of workers whose scope reaches job `j`: (first row, their scores).
        A refused worker's score is below FLOOR."""
        one = jobs.take([j])
        vector = job_vectors(one, self.today)[0][_NOT_PERSON]
        job_class = int(relevance.job_classes(one)[0])
        earliest, width = age_window(jobs.take([j]), self.today)
        region = int(jobs.region[j])
        benefits = int(jobs.benefits[j])
        far_points = np.float32(
            weights.BOARD_FAR * (benefits >> text.BENEFITS.index("board") & 1)
            + weights.LODGING_FAR * (benefits >> text.BENEFITS.index("lodging") & 1)
        )
        town = region // 1000
        for rank, digits in enumerate((9, 6, 4, 2, 0)):
            unit = 10 ** (9 - digits)
            low = town // unit * unit if digits else 0
            base = rank * 10**9
            a, b = np.searchsorted(self.key, [base + low, base + low + unit])
            if b <= a:
                continue
            s = self.matrix[a:b] @ vector
            key = self.key[a:b]
            # distance: rows are sorted by town, so each level shared is a contiguous run
            for level, level_digits in reversed(LEVELS):
                lu = 10 ** (9 - level_digits)
                lo = town // lu * lu
                x, y = np.searchsorted(key, [base + lo, base + lo + lu])
                s[x:y] += weights.DISTANCE[level] - (
                    weights.DISTANCE[_coarser(level)] if level != "province" else 0
                )
            if far_points and region // 10**10:
                county = town // 1000
                x, y = np.searchsorted(key, [base + county * 1000, base + (county + 1) * 1000])
                s[:x] += far_points
                s[y:] += far_points
            refused = ((self.birth[a:b] - earliest[0]) > width[0]) | self.unqualified[
                job_class, a:b
            ]
            s += refused * np.float32(weights.PENALTY)
            yield a, s

    def top(self, jobs: JobTable, j: int = 0, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """(sorted row positions, scores) of the k best workers for job `j`, best first."""
        rows, scores = [], []
        for a, s in self.ranges(jobs, j):
            best = _top_k(s, k)
            best = best[s[best] > FLOOR]
            rows.append(a + best)
            scores.append(s[best])
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        rows, scores = np.concatenate(rows), np.concatenate(scores)
        order = np.lexsort((rows, -scores))[:k]
        return rows[order], scores[order]

    def match_job(self, job: dict | JobTable, k: int = 10) -> list[Match]:
        """The top-k workers for one job (a record or a one-row table), with reasons."""
        jobs = job if isinstance(job, JobTable) else JobTable.from_records([job], today=self.today)
        if not jobs.open[0]:
            return []
        rows, scores = self.top(jobs, 0, k)
        index = self.order[rows]
        codes = reasons_module.codes(
            self.workers,
            jobs,
            self.today,
            index,
            np.zeros(len(index), np.int64),
            low_income_priority=self.priority,
        )
        return [
            Match(
                _plain(self.workers.ids[w]),
                round(float(s), 1),
                reasons_module.describe(c, self.workers, w, jobs, 0),
            )
            for w, s, c in zip(index, scores, codes, strict=True)
        ]


def _coarser(level: str) -> str:
    names = [name for name, _ in LEVELS]
    return names[names.index(level) + 1]


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest scores, best first (ties: lower position first)."""
    if len(scores) > 4 * k:
        groups = 2 * k
        size = len(scores) // groups
        maxima = scores[: groups * size].reshape(groups, size).max(axis=1)
        bound = np.partition(maxima, groups - k)[groups - k]
        candidates = np.flatnonzero(scores >= bound)
    else:
        candidates = np.arange(len(scores))
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order[:k]]


def match_one_job(
    job: dict | JobTable,
    workers: WorkerTable,
    k: int = 10,
    today=None,
    low_income_priority: float = weights.LOW_INCOME_PRIORITY,
) -> list[Match]:
    """The top-k workers for one job (encodes the workers: keep a `WorkerPool` for many)."""
    pool = WorkerPool(workers, today=today, low_income_priority=low_income_priority)
    return pool.match_job(job, k)


def match_worker(
    worker: dict | WorkerTable, jobs: JobTable, k: int = 10, today=None
) -> list[Match]:
    """The top-k open jobs for one worker (encodes the jobs: keep a `JobPool` for many)."""
    return JobPool(jobs, today=today).match_worker(worker, k)
