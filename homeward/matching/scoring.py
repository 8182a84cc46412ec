"""The parts of a match's score, pair by pair: the primitives both the scan and the reasons use.

The scan (`core`) folds these parts into one matrix product of worker rows and job columns; the
reasons (`reasons`) compute them again, vectorised, only for the pairs emitted, to say which
parts decided a rank. Both take the definitions from here, so they cannot drift apart.
Every weight is in `weights`. Pure numpy, no Django.
"""

from __future__ import annotations

import numpy as np

from . import text, weights
from .features import LEVELS, JobTable, WorkerTable

# The occupation fit between catalogue codes: 1 for the same, RELATED_OCCUPATION for a family.
FIT = np.eye(len(text.OCCUPATION_CODES), dtype=np.float32)
for _a, _code_a in enumerate(text.OCCUPATION_CODES):
    for _b, _code_b in enumerate(text.OCCUPATION_CODES):
        if text.related(_code_a, _code_b):
            FIT[_a, _b] = weights.RELATED_OCCUPATION


def popcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(values).astype(np.float32)


def wage_points(expected, monthly) -> np.ndarray:
    """The wage part for an expectation and a monthly wage (arrays or numbers broadcast)."""
    gap = np.asarray(monthly, np.float32) - np.asarray(expected, np.float32)
    above = np.minimum(np.maximum(gap, 0) / weights.WAGE_SPAN, 1) * weights.WAGE_ABOVE
    below = np.minimum(np.maximum(-gap, 0) / weights.WAGE_SPAN, 1) * weights.WAGE_BELOW
    return (above - below).astype(np.float32)


def start_points(free_in_days, starts_in_days) -> np.ndarray:
    """The start-date part: points lost when the worker is free after the job starts."""
    late = np.maximum(
        np.asarray(free_in_days, np.float32) - np.asarray(starts_in_days, np.float32), 0
    )
    return (-np.minimum(late / weights.LATE_SPAN_DAYS, 1) * weights.LATE_START).astype(np.float32)


def closeness(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance points between two 12-digit region arrays (broadcast), by the deepest shared
    level: same town, county, city, province."""
    points = np.zeros(np.broadcast(a, b).shape, np.float32)
    for level, digits in reversed(LEVELS):  # coarse to fine, the finer overwrite
        divisor = 10 ** (12 - digits)
        points = np.where((a // divisor) == (b // divisor), weights.DISTANCE[level], points)
    return points


def far_from_home(points: np.ndarray) -> np.ndarray:
    """Whether distance points say "outside the worker's county" (board and lodging count)."""
    return points <= max(weights.DISTANCE[level] for level in weights.FAR_FROM_HOME_LEVELS)


def occupation_points(workers: WorkerTable, jobs: JobTable, w, j) -> np.ndarray:
    """The occupation part of pairs (w[i], j[i]): the best of the worker's occupations."""
    job_code = jobs.occupation[j]
    best = np.zeros(len(w), np.float32)
    for slot in range(workers.occupation.shape[1]):
        code = workers.occupation[w, slot]
        ok = (code >= 0) & (job_code >= 0)
        fit = np.where(ok, FIT[np.maximum(code, 0), np.maximum(job_code, 0)], 0)
        points = (
            weights.OCCUPATION
            * fit
            * workers.occupation_confidence[w, slot]
            * jobs.occupation_confidence[j]
        )
        best = np.maximum(best, points)
    for slot in range(workers.wished.shape[1]):  # a trade wanted counts at WISHED confidence
        code = workers.wished[w, slot]
        ok = (code >= 0) & (job_code >= 0)
        fit = np.where(ok, FIT[np.maximum(code, 0), np.maximum(job_code, 0)], 0)
        points = weights.OCCUPATION * fit * weights.WISHED * jobs.occupation_confidence[j]
        best = np.maximum(best, points)
    return best


def skill_points(workers: WorkerTable, jobs: JobTable, w, j) -> np.ndarray:
    """The skills part: the share of the job's required skills the worker has."""
    required = popcount(jobs.skills[j])
    return np.divide(
        weights.SKILLS * popcount(workers.skills[w] & jobs.skills[j]),
        required,
        out=np.zeros(len(w), np.float32),
        where=required > 0,
    )


def benefit_points(workers: WorkerTable, jobs: JobTable, w, j, distance) -> np.ndarray:
    """The benefits part: wanted benefits given, and meals and lodging far from home."""
    asked = np.maximum(popcount(workers.wants[w]), 1)
    wanted = popcount(workers.wants[w] & jobs.benefits[j]) / asked * weights.BENEFITS_WANTED
    far = far_from_home(distance) & (jobs.region[j] // 10**10 != 0)
    board = (jobs.benefits[j] >> text.BENEFITS.index("board")) & 1
    lodging = (jobs.benefits[j] >> text.BENEFITS.index("lodging")) & 1
    return wanted + far * (weights.BOARD_FAR * board + weights.LODGING_FAR * lodging)
