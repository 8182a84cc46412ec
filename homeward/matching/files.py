"""`homeward match files`: the engine on JSON-lines files, no database.

One JSON object a line. A worker::

    {"id": "W1", "birth_date": "1985-05-01", "education": "junior_high",
     "home_region": "321302101200", "current_region": null, "occupations": ["电焊工"],
     "skills": ["焊工证"], "expected_wage": 6200, "willing_scope": "county",
     "work_types": ["full_time"], "available_from": "2025-03-15", "low_income": true,
     "wants": ["包住"]}

education: none/primary/junior_high/senior_high/vocational/college/bachelor (missing: none);
willing_scope: town/county/city/province/anywhere (missing: county); work_types: any of
full_time/seasonal/gig/public_welfare (empty: any); optional "wished_occupations": trades the
person wants to learn (a training wish). A job::

    {"id": "J1", "title": "电焊工", "occupation": "焊工", "region": "321302101",
     "wage_min": 6500, "wage_max": 7500, "wage_unit": "month", "headcount": 3,
     "age_min": 18, "age_max": 50, "education_min": "primary", "skills": ["焊工证"],
     "benefits": ["board", "lodging"], "work_type": "full_time", "start_date": "2025-03-10"}

Optional on a job: "status" (only "published" is open), "filled" (hired so far), "end_date".
Output, per worker, its ranked jobs with score and reasons; with `by_job`, per job as well.
"""

import json
from datetime import date
from pathlib import Path

from . import core, weights
from .features import JobTable, WorkerTable, today_in_china


class FileError(ValueError):
    pass


def read_jsonl(path) -> list[dict]:
    records = []
    with Path(path).open(encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise FileError(f"{path}:{number}: not JSON ({error.msg})") from None
            if not isinstance(record, dict) or "id" not in record:
                raise FileError(f"{path}:{number}: expected an object with an id")
            records.append(record)
    return records


def match_files(
    workers_path,
    jobs_path,
    *,
    top: int = 10,
    by_job: bool = False,
    as_json: bool = False,
    today: date | None = None,
    low_income_priority: float = weights.LOW_INCOME_PRIORITY,
    write=print,
) -> core.Result:
    today = today or today_in_china()
    worker_records = read_jsonl(workers_path)
    job_records = read_jsonl(jobs_path)
    try:
        workers = WorkerTable.from_records(worker_records)
        jobs = JobTable.from_records(job_records, today=today)
    except ValueError as error:
        raise FileError(str(error)) from None
    result = core.match(
        workers,
        jobs,
        k=top,
        today=today,
        by_job=by_job,
        low_income_priority=low_income_priority,
        threads=1 if len(workers) * len(jobs) < 10**7 else 2,
    )
    titles = dict(zip(jobs.ids, jobs.titles, strict=True))
    for i, worker_id in enumerate(workers.ids):
        matches = result.jobs_for_worker(i)
        if as_json:
            line = {"worker": worker_id, "jobs": [_item(m, titles.get(m.id)) for m in matches]}
            write(json.dumps(line, ensure_ascii=False))
        else:
            write(f"工人 {worker_id}：{len(matches)} 个岗位")
            for rank, m in enumerate(matches, 1):
                write(
                    f"  {rank:>2}. {m.id} {titles.get(m.id, '')}  {m.score:.1f}  "
                    + "；".join(m.reasons)
                )
    if by_job:
        for j, job_id in enumerate(jobs.ids):
            matches = result.workers_for_job(j)
            if as_json:
                line = {
                    "job": job_id,
                    "title": jobs.titles[j],
                    "workers": [_item(m) for m in matches],
                }
                write(json.dumps(line, ensure_ascii=False))
            else:
                state = "" if jobs.open[j] else "（未开放或已招满）"
                write(f"岗位 {job_id} {jobs.titles[j]}{state}：{len(matches)} 人")
                for rank, m in enumerate(matches, 1):
                    write(f"  {rank:>2}. {m.id}  {m.score:.1f}  " + "；".join(m.reasons))
    return result


def _item(match: core.Match, title: str | None = None) -> dict:
    item = {"id": match.id, "score": match.score, "reasons": match.reasons}
    if title is not None:
        item = {"id": match.id, "title": title, "score": match.score, "reasons": match.reasons}
    return item
