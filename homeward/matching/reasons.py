"""Why a pair ranks where it does, in plain Chinese — worked out only for the pairs emitted.

`codes` takes arrays of (worker, job) positions and returns, per pair, the kinds of the parts of
the score that decided it (largest first, at most `weights.MAX_REASONS`, each worth at least
`weights.MIN_REASON_POINTS`), vectorised so that ten million emitted pairs cost seconds.
`describe` turns one pair's kinds into text: "同镇岗位", "工种对口：焊工",
"月薪 6500–7500，高于期望 800 元", "包吃住", "低收入户优先".

Every pair the scan emits has a reason about the person (`relevance`), and that reason is always
told, first: the trade ("工种对口：焊工"), the skill ("技能对口：叉车"), the wish ("想学的工种：
育婴员", "公益性岗位，本人有意向") or, for someone who names no trade, "不要求手艺" — never only
"同县岗位" and a wage. Heavy work offered to someone of HEAVY_WORK_AGE or more says so.
"""

from datetime import date

import numpy as np

from . import relevance, text, weights
from .features import LEVELS, SKILL_CODES, JobTable, WorkerTable
from .scoring import FIT, benefit_points, closeness, occupation_points, skill_points, wage_points
from .threads import in_chunks

# Parts of the score; PERSON holds the place of a reason about the person that earns no points.
OCCUPATION, DISTANCE, WAGE, SKILLS, BENEFITS, PRIORITY, PERSON = range(7)
KINDS = 7
# Reasons about the person without points (what PERSON becomes), and the heavy-work note.
ASKED_PUBLIC_WELFARE, WISHED, NO_TRADE_NEEDED, HEAVY_OWN_TRADE = 7, 8, 9, 10
_PERSON_KIND = {
    relevance.OWN: OCCUPATION,
    relevance.SKILL: SKILLS,
    relevance.ASKED: ASKED_PUBLIC_WELFARE,
    relevance.WISH: WISHED,
    relevance.GENERAL: NO_TRADE_NEEDED,
}


# The reason a low-income (脱贫户/监测户/低收入) worker ranks higher for a job. Staff read it;
# employers never do: income status is sensitive personal data (PIPL art. 28), so it may rank a
# worker for an employer but is never shown to one (`shown_to_employers`).
PRIORITY_REASON = "低收入户优先"
SENSITIVE_REASONS = frozenset({PRIORITY_REASON})


def shown_to_employers(reasons) -> list[str]:
    """The reasons an employer may read: all but those that tell sensitive personal data."""
    return [str(reason) for reason in reasons if str(reason) not in SENSITIVE_REASONS]


def codes(
    workers: WorkerTable,
    jobs: JobTable,
    today: date,
    w: np.ndarray,
    j: np.ndarray,
    *,
    low_income_priority: float,
    chunk: int = 1 << 18,
    threads: int = 2,
) -> np.ndarray:
    """Reason kinds per pair, int8 (len(w), MAX_REASONS), -1 where none (and for w or j < 0)."""
    w, j = np.asarray(w, np.int64), np.asarray(j, np.int64)
    out = np.full((len(w), weights.MAX_REASONS), -1, np.int8)
    if not len(workers) or not len(jobs):
        return out
    classes = relevance.job_classes(jobs)
    person_kind = np.full(8, -1, np.int8)  # path (-1…4) + 1 → kind
    for path, kind in _PERSON_KIND.items():
        person_kind[path + 1] = kind

    def work(start):
        ww, jj = w[start : start + chunk], j[start : start + chunk]
        valid = (ww >= 0) & (jj >= 0)
        ww, jj = np.maximum(ww, 0), np.maximum(jj, 0)
        points = np.zeros((len(ww), KINDS), np.float32)
        points[:, OCCUPATION] = occupation_points(workers, jobs, ww, jj)
        distance = closeness(workers.anchor[ww], jobs.region[jj])
        points[:, DISTANCE] = distance
        expected = workers.expected_wage[ww]
        stated = ~np.isnan(expected)
        points[:, WAGE] = np.where(
            stated, np.nan_to_num(wage_points(np.nan_to_num(expected), jobs.monthly_wage[jj])), 0
        )
        points[:, SKILLS] = skill_points(workers, jobs, ww, jj)
        points[:, BENEFITS] = benefit_points(workers, jobs, ww, jj, distance)
        points[:, PRIORITY] = low_income_priority * workers.low_income[ww]
        # The reason about the person goes first, whatever its points.
        pair_classes = classes[jj]
        person = person_kind[relevance.pair_paths(workers, ww, pair_classes, today) + 1]
        told = np.where(person > PERSON, PERSON, person)
        key = points.copy()
        rows = np.flatnonzero(told >= 0)
        key[rows, told[rows]] = np.inf
        order = np.argsort(-key, axis=1, kind="stable")[:, : weights.MAX_REASONS]
        chosen = np.take_along_axis(points, order, axis=1)
        kinds = np.where(chosen >= weights.MIN_REASON_POINTS, order, -1)
        kinds[rows, 0] = np.where(told[rows] == PERSON, person[rows], told[rows])
        heavy = relevance.heavy_for_older(workers, ww, pair_classes, today) & (person >= 0)
        kinds[heavy, -1] = HEAVY_OWN_TRADE
        kinds[~valid] = -1
        out[start : start + chunk] = kinds

    in_chunks(work, len(w), chunk=chunk, threads=threads)
    return out


def _yuan(value: float) -> str:
    """6500 for 6500.00 (and for 6499.6: a job sheet's wage is read in whole yuan), 6.5 for 6.50."""
    if value >= 100 or abs(value - round(value)) < 0.005:
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0")


def wage_text(jobs: JobTable, j: int) -> str:
    low, high = float(jobs.wage_min[j]), float(jobs.wage_max[j])
    span = _yuan(low) if low == high else f"{_yuan(low)}–{_yuan(high)}"
    unit = int(jobs.wage_unit[j])
    if unit == 0:
        return f"月薪 {span}"
    if unit == 2:
        return f"计件 {span} 元/件"
    return f"日薪 {span}（约月薪 {_monthly(jobs, j):.0f}）"


def _monthly(jobs: JobTable, j: int) -> float:
    """One job's `JobTable.monthly_wage` (nan for a piece rate)."""
    unit, mid = int(jobs.wage_unit[j]), (float(jobs.wage_min[j]) + float(jobs.wage_max[j])) / 2
    return {0: mid, 1: mid * weights.WORKING_DAYS_A_MONTH}.get(unit, float("nan"))


def describe(kinds, workers: WorkerTable, w: int, jobs: JobTable, j: int) -> list[str]:
    """The reasons of one pair as text."""
    out = []
    for kind in kinds.tolist() if hasattr(kinds, "tolist") else kinds:
        if kind < 0:
            continue
        if kind == OCCUPATION:
            code, own = (
                int(jobs.occupation[j]),
                [c for c in workers.occupation[w].tolist() if c >= 0],
            )
            related = [c for c in own if FIT[c, code] > 0]
            if related:  # else the points come from a trade wanted, told as WISHED
                name = _occupation_text(jobs, j)
                out.append(f"工种对口：{name}" if code in own else f"工种相近：{name}")
        elif kind == DISTANCE:
            out.append(place_text(int(workers.anchor[w]), int(jobs.region[j])))
        elif kind == WAGE:
            words = wage_text(jobs, j)
            gap = _monthly(jobs, j) - float(workers.expected_wage[w])
            if gap >= 1:
                words += f"，高于期望 {gap:.0f} 元"
            elif gap > -1:
                words += "，正合期望"
            out.append(words)
        elif kind == SKILLS:
            craft = relevance.trade_skills(relevance.job_class(jobs, j))
            both = int(workers.skills[w]) & (int(jobs.skills[j]) | craft)
            names = [text.skill_name(c) for n, c in enumerate(SKILL_CODES) if both >> n & 1]
            out.append("技能对口：" + "、".join(names))
        elif kind == BENEFITS:
            out.append(benefit_text(workers, w, jobs, j))
        elif kind == PRIORITY:
            out.append(PRIORITY_REASON)
        elif kind == ASKED_PUBLIC_WELFARE:
            out.append("公益性岗位，本人有意向")
        elif kind == WISHED:
            out.append(f"想学的工种：{_occupation_text(jobs, j)}")
        elif kind == NO_TRADE_NEEDED:
            public = relevance.job_class(jobs, j) == relevance.PUBLIC_WELFARE
            out.append("公益性岗位，不要求手艺" if public else "不要求手艺")
        elif kind == HEAVY_OWN_TRADE:
            out.append(f"重体力岗位：{weights.HEAVY_WORK_AGE} 岁以上只推荐本行及相近工种")
    return out


def _occupation_text(jobs: JobTable, j: int) -> str:
    """The job's trade: as the job sheet writes it when that is short and names a trade, else
    the catalogue's name."""
    name = text.occupation_name(text.OCCUPATION_CODES[int(jobs.occupation[j])])
    written = jobs.occupation_texts[j] if jobs.occupation_texts else ""
    if written and len(written) <= 8 and text.place_occupation(written):
        name = written
    return name


def place_text(anchor: int, region: int) -> str:
    if anchor and anchor == region and anchor % 1000:
        return "同村岗位"
    names = {"town": "同镇岗位", "county": "同县岗位", "city": "同市岗位", "province": "省内岗位"}
    for level, digits in LEVELS:
        unit = 10 ** (12 - digits)
        if anchor // unit == region // unit:
            return names[level]
    return "省外岗位"


def benefit_text(workers: WorkerTable, w: int, jobs: JobTable, j: int) -> str:
    has = {b for n, b in enumerate(text.BENEFITS) if int(jobs.benefits[j]) >> n & 1}
    wants = {b for n, b in enumerate(text.BENEFITS) if int(workers.wants[w]) >> n & 1}
    anchor, region = int(workers.anchor[w]), int(jobs.region[j])
    far = anchor // 10**6 != region // 10**6 and region // 10**10 != 0  # outside the county
    shown = (has & wants) | (has & {"board", "lodging"} if far else set())
    parts = []
    if {"board", "lodging"} <= shown:
        parts.append("包吃住")
    else:
        parts += [text.BENEFIT_NAMES[b] for b in ("board", "lodging") if b in shown]
    parts += [text.BENEFIT_NAMES[b] for b in ("insurance", "transport") if b in shown]
    return "、".join(parts)
