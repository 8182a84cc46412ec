"""How good the matches are: NDCG@10 against a county job counsellor's grades, the share of
unrelated jobs among each worker's first three, and the rate of hard-rule violations (which must
be 0).

The graded set lives in `data/`: `eval_workers.jsonl` and `eval_jobs.jsonl` (people and jobs
around 宿迁, 内江 and 湘乡, with real region codes) and `eval_grades.csv` (worker, job, grade,
reason): good / acceptable / wrong, the reason as a counsellor would write it; "硬性：" marks a
pair that breaks a hard rule. The set covers the synonym cases (电焊工/焊工, 普工/装配工/操作工,
外卖骑手/网约配送员, 保洁/保洁员), every hard rule and near misses (a worker who turns 51 before
the start date, 28 against a minimum of 30, primary school against junior secondary, a job just
filled, a town next door).

The set also holds the people whose lists used to be padded with whatever paid more nearby: a
58-year-old clerk who wants local work (W27), an empty profile (W28), cooks, seamstresses near an
argon-welding job, a 56-year-old with no trade who asks for a public-welfare post (W31), older
bricklayers and people with no trade next to building-site and loading jobs, clerks with no
office job in reach.

How the counsellor grades (the reason column says why):
good — their trade (or its synonym), a skill or certificate the job asks for, or the public-
welfare post they asked for, on fair terms; acceptable — a related trade, a trade they want to
learn, a job that needs no trade for someone who names none, or their trade on poorer terms;
wrong — "硬性：" it breaks a posting's hard rule; "无关：" nothing about the person fits (another
trade, a skilled trade without the trade or certificate, heavy work for someone 55 or older who
does not do it) — a high wage nearby is no reason; otherwise a fitting trade on terms too poor.

NDCG@10 per worker: gain 2^grade − 1 (good 2, acceptable 1, wrong or ungraded 0) of each of the
engine's top-10 jobs, discounted by log2(rank + 1), over the same for the grades sorted; the mean
over workers with at least one good or acceptable job. Unrelated in the top 3: of the first three
jobs of every worker's list, the share graded "无关" or not graded at all (an ungraded pair counts
against the engine, so the set must keep up with what it emits). Violations are checked by
`hard_rule_violations`, written plainly from the records (dates, strings, the rule tables of
`weights`), independent of the engine's encoding, on every emitted pair both ways: the posting's
rules and the person rule (`relevance`).
"""

import csv
import math
from datetime import date
from pathlib import Path

from homeward.regions.codes import same_digits

from . import core, text, weights
from .features import EDUCATION, WORK_TYPES, JobTable, WorkerTable
from .files import read_jsonl

DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2025, 3, 1)  # the graded set's match day
GAIN = {"good": 2, "acceptable": 1, "wrong": 0}

_SCOPE = {"town": 9, "county": 6, "city": 4, "province": 2, "anywhere": 0}


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def hard_rule_violations(worker: dict, job: dict, today: date = TODAY) -> list[str]:
    """The hard rules a worker–job pair breaks, as words (empty when it may be matched): the
    posting's rules and the person rule."""
    return posting_rule_violations(worker, job, today) + person_rule_violations(worker, job, today)


def posting_rule_violations(worker: dict, job: dict, today: date = TODAY) -> list[str]:
    """The posting's rules (open, age, schooling, work type, place) a pair breaks."""
    broken = []
    if job.get("status", "published") != "published":
        broken.append("岗位未开放")
    if int(job.get("headcount") or 0) - int(job.get("filled") or 0) <= 0:
        broken.append("岗位已招满")
    if job.get("end_date") and _date(job["end_date"]) < today:
        broken.append("岗位已截止")
    start = _date(job.get("start_date")) or today
    born = _date(worker.get("birth_date"))
    if born is not None and age_on(born, start) < core.MINIMUM_AGE:
        broken.append("未满 16 岁")
    if job.get("age_min") or job.get("age_max"):
        if born is None:
            broken.append("年龄不详")
        else:
            age = age_on(born, start)
            if job.get("age_min") and age < int(job["age_min"]):
                broken.append(f"开工时 {age} 岁，低于 {job['age_min']} 岁")
            if job.get("age_max") and age > int(job["age_max"]):
                broken.append(f"开工时 {age} 岁，超过 {job['age_max']} 岁")
    have = EDUCATION.index(worker.get("education") or "none")
    need = EDUCATION.index(job.get("education_min") or "none")
    if have < need:
        broken.append("学历不够")
    types = worker.get("work_types") or []
    if types and (job.get("work_type") or "full_time") not in types:
        broken.append("用工类型不接受")
    place = worker.get("current_region") or worker.get("home_region") or ""
    digits = _SCOPE[worker.get("willing_scope") or "county"]
    if not same_digits(place, str(job.get("region") or ""), digits):
        broken.append("超出愿意去的范围")
    return broken


def _codes(texts) -> set[str]:
    texts = [texts] if isinstance(texts, str) else texts or []
    return {hit[0] for hit in map(text.place_occupation, texts) if hit}


def _family(code: str) -> set[str]:
    return {code} | {c for c in text.OCCUPATION_CODES if text.related(c, code)}


def person_rule_violations(worker: dict, job: dict, today: date = TODAY) -> list[str]:
    """The person rule (对口), plainly: empty when something about the person fits the job."""
    own = _codes(worker.get("occupations"))
    wished = _codes(worker.get("wished_occupations"))
    skills = text.skill_codes(worker.get("skills"))
    job_skills = job.get("skills")
    job_skills = text.skill_codes([job_skills] if isinstance(job_skills, str) else job_skills)
    placed = text.place_occupation(job.get("occupation") or job.get("title") or "")
    code = placed[0] if placed else None
    born = _date(worker.get("birth_date"))
    older = born is not None and age_on(born, today) >= weights.HEAVY_WORK_AGE
    heavy_bar = older and code in weights.HEAVY_OCCUPATIONS
    general = set(weights.GENERAL_OCCUPATIONS)
    if job.get("work_type") == "public_welfare" and (code is None or code in general):
        types = set(worker.get("work_types") or [])
        if "public_welfare" in types and types != set(WORK_TYPES) or own <= general:
            return []
        return ["公益性岗位：本人没要，且有手艺"]
    if code is None:
        return [] if not own else ["岗位工种不明，本人有手艺"]
    if code in weights.SKILLED_TRADES:
        others, certificates = weights.SKILLED_TRADES[code]
        if code == "driver" and "truck_licence" in job_skills:
            certificates = ("truck_licence",)
        if own & {code, *others} or skills & set(certificates):
            return []
        return [f"{text.occupation_name(code)}要本行或证书"]
    family = _family(code)
    if own & family or skills & set(weights.TRADE_SKILLS.get(code, ())):
        return []
    if not heavy_bar and (wished & family or (not own and code in general)):
        return []
    if heavy_bar and (wished & family or (not own and code in general)):
        return [f"重体力岗位：{age_on(born, today)} 岁，不是本行"]
    return ["没有对口的理由（工种、技能、意向）"]


def load():
    workers = read_jsonl(DATA / "eval_workers.jsonl")
    jobs = read_jsonl(DATA / "eval_jobs.jsonl")
    with (DATA / "eval_grades.csv").open(encoding="utf-8") as f:
        grades = list(csv.DictReader(f))
    return workers, jobs, grades


def ndcg(ranked: list, gains: dict, k: int = 10) -> float | None:
    ideal = sorted(gains.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    if best == 0:
        return None
    got = sum((2 ** gains.get(item, 0) - 1) / math.log2(i + 2) for i, item in enumerate(ranked[:k]))
    return got / best


def evaluate(k: int = 10, **options) -> dict:
    """The figures of the graded set; `options` go to `core.match` (e.g. block, threads)."""
    worker_records, job_records, grades = load()
    workers = WorkerTable.from_records(worker_records)
    jobs = JobTable.from_records(job_records, today=TODAY)
    result = core.match(workers, jobs, k=k, today=TODAY, **options)
    by_id_w = {r["id"]: r for r in worker_records}
    by_id_j = {r["id"]: r for r in job_records}
    gains: dict[str, dict[str, int]] = {}
    for g in grades:
        gains.setdefault(g["worker"], {})[g["job"]] = GAIN[g["grade"]]
    hard = {(g["worker"], g["job"]) for g in grades if g["reason"].startswith("硬性")}

    unrelated = {(g["worker"], g["job"]) for g in grades if g["reason"].startswith("无关")}

    per_worker, emitted, broken, graded_hard_emitted = {}, 0, [], []
    top_first = 0
    top3, top3_unrelated, top3_ungraded = 0, [], []
    for i, worker_id in enumerate(workers.ids):
        ranked = [m.id for m in result.jobs_for_worker(i)]
        for job_id in ranked[:3]:
            top3 += 1
            if (worker_id, job_id) in unrelated:
                top3_unrelated.append((worker_id, job_id))
            elif job_id not in gains.get(worker_id, {}):
                top3_ungraded.append((worker_id, job_id))
        score = ndcg(ranked, gains.get(worker_id, {}), k)
        if score is not None:
            per_worker[worker_id] = score
            best = max(gains[worker_id].values())
            top_first += bool(ranked) and gains[worker_id].get(ranked[0], 0) == best
        for job_id in ranked:
            emitted += 1
            if hard_rule_violations(by_id_w[worker_id], by_id_j[job_id]):
                broken.append((worker_id, job_id))
            if (worker_id, job_id) in hard:
                graded_hard_emitted.append((worker_id, job_id))
    for j, job_id in enumerate(jobs.ids):
        for m in result.workers_for_job(j):
            emitted += 1
            if hard_rule_violations(by_id_w[m.id], by_id_j[job_id]):
                broken.append((m.id, job_id))
    return {
        "pairs_graded": len(grades),
        "grades": {name: sum(g["grade"] == name for g in grades) for name in GAIN},
        "hard_rule_pairs_graded": len(hard),
        "workers_scored": len(per_worker),
        "ndcg_at_10": sum(per_worker.values()) / len(per_worker),
        "per_worker": per_worker,
        "per_worker_all": list(workers.ids),
        "best_job_first": top_first / len(per_worker),
        "pairs_emitted": emitted,
        "violations": broken,
        "violation_rate": len(broken) / emitted if emitted else 0.0,
        "person_rule_violations": [
            (w, j) for w, j in broken if person_rule_violations(by_id_w[w], by_id_j[j])
        ],
        "graded_hard_emitted": graded_hard_emitted,
        "top3": top3,
        "top3_unrelated": top3_unrelated,
        "top3_ungraded": top3_ungraded,
        "unrelated_share": (len(top3_unrelated) + len(top3_ungraded)) / top3 if top3 else 0.0,
        "empty_lists": [w for i, w in enumerate(workers.ids) if not result.jobs_for_worker(i)],
    }


def print_report(report: dict, write=print) -> None:
    write(
        f"graded set: {report['pairs_graded']} worker–job pairs "
        f"({report['grades']['good']} good, {report['grades']['acceptable']} acceptable, "
        f"{report['grades']['wrong']} wrong; {report['hard_rule_pairs_graded']} break a hard rule)"
    )
    write(
        f"NDCG@10: {report['ndcg_at_10']:.3f} over {report['workers_scored']} workers; "
        f"a best-graded job ranked first for {report['best_job_first']:.0%}"
    )
    weakest = sorted(report["per_worker"].items(), key=lambda p: p[1])[:3]
    write("  weakest: " + ", ".join(f"{w} {s:.2f}" for w, s in weakest))
    write(
        f"unrelated in the top 3: {report['unrelated_share']:.1%} "
        f"({len(report['top3_unrelated'])} graded 无关 + {len(report['top3_ungraded'])} ungraded "
        f"of {report['top3']} jobs; aim ≤ 10 %); empty lists (暂无对口岗位): "
        f"{len(report['empty_lists'])} of {len(report['per_worker_all'])} workers"
    )
    write(
        f"hard-rule violations: {len(report['violations'])} of {report['pairs_emitted']} emitted "
        f"pairs ({report['violation_rate']:.2%}), of which the person rule (对口) "
        f"{len(report['person_rule_violations'])}; pairs graded 硬性 that were emitted: "
        f"{len(report['graded_hard_emitted'])}"
    )
