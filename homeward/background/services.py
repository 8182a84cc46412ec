"""Long work on the task queue, followed on a page: start, report progress, finish or fail.

A domain app declares its own task taking the job's id and runs its work through `run_job`:

    @task()
    def export_ledger_task(job_id: int):
        return run_job(job_id, _export)          # _export(job, **job.params)

    start_job("workers.export", request.user, request.area, task=export_ledger_task, q=…)

`start_job` writes the job in the caller's transaction and enqueues the task when it commits.
The work calls `report(job, done, total)` as often as it likes (a write at most once a second),
or wraps an opaque call in `beating(job)`, and ends with `finish` (a file or a page) or raises
`JobError("中文")`. A worker killed mid-job leaves it `running` with an old heartbeat:
`shown` reads such a job as failed, "后台任务中断，请重新开始", and records that.

Result files hold personal data: they live under VAR_DIR/background (never static or media),
readable by the process only (0600), given to `may_take_result` people with an audit row each
time, and deleted after HOMEWARD_JOB_RESULT_HOURS by `purge_expired` (a task queued for each file's
expiry, the end of every job, and `homeward background purge`). The task's arguments are the job's id alone; the job's
`params` hold ids and filter values, and `start_job` refuses a full ID or mobile number there.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from homeward.audit.services import log_action
from homeward.codes import idnumber, phone
from homeward.scoping import area_scope, unscoped

from .models import BackgroundJob

logger = logging.getLogger(__name__)

Status = BackgroundJob.Status
INTERRUPTED = "后台任务中断，请重新开始"
BROKEN = "后台任务出错，没有完成，请重新开始；多次出错请联系管理员"
REPORT_EVERY = 1.0  # seconds between two progress writes


class JobError(Exception):
    """A failure to show the person as it is: a Chinese sentence naming what went wrong."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def jobs_dir() -> Path:
    path = Path(settings.HOMEWARD_JOB_FILES_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "HOMEWARD_JOB_STALE_SECONDS", 120))


def retention() -> timedelta:
    return timedelta(hours=getattr(settings, "HOMEWARD_JOB_RESULT_HOURS", 24))


def _check_params(params: dict) -> None:
    """No full ID or mobile number among the job's parameters (they would sit in the queue)."""
    for key, value in params.items():
        if isinstance(value, dict):
            _check_params(value)
        elif isinstance(value, str) and (idnumber.is_valid(value) or phone.is_valid(value)):
            raise ValueError(f"background job parameter {key!r} holds an ID or phone number")


def _write_private(path: Path, content: bytes) -> None:
    with open(path, "wb", opener=lambda p, flags: os.open(p, flags, 0o600)) as f:
        f.write(content)


def start_job(
    kind: str,
    owner,
    region: str,
    /,
    *,
    task,
    title: str = "",
    subject: str = "",
    message: str = "",
    input: bytes | None = None,
    **params,
) -> BackgroundJob:
    """Write a queued job of `region` for `owner` and enqueue `task(job.id)` once this commits.

    `input` (an uploaded file) is kept under the var dir for the task, which drops it.
    """
    _check_params(params)
    with transaction.atomic():
        job = BackgroundJob(
            kind=kind,
            title=str(title)[:100],
            owner=owner if owner is not None and owner.is_authenticated else None,
            region_code=region or "",
            subject=subject,
            params=params,
            message=message or "排队等候中",
        )
        with area_scope(job.region_code):  # the caller chose the area; the save checks it
            job.save()
        if input is not None:
            name = f"{job.pk}-input-{secrets.token_hex(8)}"
            _write_private(jobs_dir() / name, input)
            job.params = {**params, "_input": name}
            BackgroundJob._base_manager.filter(pk=job.pk).update(params=job.params)
        transaction.on_commit(lambda: task.enqueue(job.pk))
    return job


def run_job(job_id: int, work):
    """Run `work(job, **params)` for a queued job in its area; a second run does nothing."""
    now = timezone.now()
    claimed = BackgroundJob._base_manager.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, heartbeat_at=now, message="正在处理"
    )
    if not claimed:
        return None
    job = BackgroundJob._base_manager.get(pk=job_id)
    params = {k: v for k, v in job.params.items() if not k.startswith("_")}
    try:
        with area_scope(job.region_code):
            result = work(job, **params)
    except JobError as error:
        fail(job, error.message)
        return None
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        fail(job, BROKEN)
        return None
    finally:
        drop_input(job)
    if job.status != Status.DONE:
        finish(job)
    try:
        purge_expired()
    except OSError:  # a purge that cannot delete a file now tries again after the next job
        logger.exception("purging old background results failed")
    return result


def report(job: BackgroundJob, done: int, total: int, message: str | None = None) -> None:
    """Progress: cheap to call every row; written at most once a second (and at the end)."""
    now = time.monotonic()
    last = getattr(job, "_reported", 0.0)
    if now - last < REPORT_EVERY and done < total and message is None:
        return
    job._reported = now
    job.done, job.total = done, total
    fields = {"done": done, "total": total, "heartbeat_at": timezone.now()}
    if message is not None:
        job.message = fields["message"] = message[:200]
    BackgroundJob._base_manager.filter(pk=job.pk, status=Status.RUNNING).update(**fields)


@contextmanager
def beating(job: BackgroundJob, every: float = 15.0):
    """Keep the job's heartbeat fresh while one long call runs (it reports nothing itself)."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(every):
                try:
                    BackgroundJob._base_manager.filter(pk=job.pk, status=Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a busy database skips a beat; the next one comes
                    logger.warning("heartbeat of background job %s skipped", job.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def finish(
    job: BackgroundJob,
    *,
    content: bytes | None = None,
    name: str = "",
    url: str = "",
    message: str = "已完成",
    personal: bool = False,
) -> None:
    """Done: with a result file (`content`, offered as `name`) or a page to go to (`url`)."""
    now = timezone.now()
    fields = {
        "status": Status.DONE,
        "finished_at": now,
        "heartbeat_at": now,
        "message": message[:200],
        "result_url": url[:200],
        "personal": personal,
        "done": max(job.done, job.total),
        "total": job.total,
    }
    if content is not None:
        stored = f"{job.pk}-{secrets.token_hex(12)}{Path(name).suffix}"
        _write_private(jobs_dir() / stored, content)
        fields |= {"result_file": stored, "download_as": name[:100]}
        fields["expires_at"] = now + retention()
    BackgroundJob._base_manager.filter(pk=job.pk).update(**fields)
    if content is not None:
        expires = fields["expires_at"] + timedelta(minutes=1)
        transaction.on_commit(lambda: _purge_at(expires))
    for field, value in fields.items():
        setattr(job, field, value)


def _purge_at(when) -> None:
    """The purge task at `when`, where the queue can defer (the database one); else the next
    job's end or `homeward background purge` deletes the file."""
    from .tasks import purge_results

    if purge_results.get_backend().supports_defer:
        purge_results.using(run_after=when).enqueue()


def fail(job: BackgroundJob, error: str) -> None:
    now = timezone.now()
    fields = {"status": Status.FAILED, "finished_at": now, "error": error[:300], "message": ""}
    BackgroundJob._base_manager.filter(pk=job.pk).exclude(status=Status.DONE).update(**fields)
    for field, value in fields.items():
        setattr(job, field, value)


def is_stale(job: BackgroundJob, now=None) -> bool:
    if job.status != Status.RUNNING:
        return False
    beat = job.heartbeat_at or job.started_at or job.created_at
    return beat < (now or timezone.now()) - stale_after()


def shown(job: BackgroundJob) -> BackgroundJob:
    """The job as a page shows it: a running job without a heartbeat is failed (and recorded)."""
    if is_stale(job):
        BackgroundJob._base_manager.filter(pk=job.pk, status=Status.RUNNING).update(
            status=Status.FAILED, error=INTERRUPTED, finished_at=timezone.now(), message=""
        )
        job.status, job.error, job.message = Status.FAILED, INTERRUPTED, ""
    return job


def active_for(subject: str) -> BackgroundJob | None:
    """The newest job about `subject` still queued or running (a stale one is none)."""
    job = (
        BackgroundJob._base_manager.filter(subject=subject)
        .filter(status__in=(Status.QUEUED, Status.RUNNING))
        .order_by("-created_at", "-pk")
        .first()
    )
    if job is None or shown(job).status == Status.FAILED:
        return None
    return job


def percent(job: BackgroundJob) -> int:
    if job.status == Status.DONE:
        return 100
    return min(99, job.done * 100 // job.total) if job.total else 0


# The result.


def may_take_result(user, job: BackgroundJob) -> bool:
    """The owner, or an administrator of the job's area; full personal data also needs that
    permission now (the export rule of workers.views)."""
    if not user.is_authenticated:
        return False
    allowed = user.is_superuser or job.owner_id == user.pk or user.is_area_admin
    if job.personal and not (user.is_superuser or user.may_see_personal_data):
        return False
    return allowed


def result_path(job: BackgroundJob) -> Path | None:
    if job.status != Status.DONE or not job.result_file:
        return None
    path = jobs_dir() / Path(job.result_file).name
    return path if path.is_file() else None


def take_result(job: BackgroundJob, *, by, request=None) -> bytes:
    """The result file's bytes for `by` (checked by the caller), with an audit row."""
    path = result_path(job)
    if path is None:
        raise FileNotFoundError(job.result_file)
    content = path.read_bytes()
    log_action(
        "background.result.downloaded",
        request=request,
        actor=by,
        obj=job,
        detail={"kind": job.kind, "rows": job.total, "unmasked": job.personal},
    )
    return content


def input_bytes(job: BackgroundJob) -> bytes:
    name = job.params.get("_input")
    path = jobs_dir() / Path(name).name if name else None
    if path is None or not path.is_file():
        raise JobError("上传的文件已不在服务器上，请重新上传")
    return path.read_bytes()


def drop_input(job: BackgroundJob) -> None:
    name = job.params.get("_input")
    if name:
        (jobs_dir() / Path(name).name).unlink(missing_ok=True)


def purge_expired(now=None) -> int:
    """Delete result files past their retention, and any file left in the folder that long
    (an upload whose task never ran); returns how many files went."""
    now = now or timezone.now()
    removed = 0
    with unscoped():
        expired = BackgroundJob._base_manager.filter(expires_at__lt=now).exclude(result_file="")
        for job in expired.only("pk", "result_file"):
            path = jobs_dir() / Path(job.result_file).name
            if path.is_file():
                path.unlink()
                removed += 1
            BackgroundJob._base_manager.filter(pk=job.pk).update(result_file="")
    cutoff = (now - retention()).timestamp()
    for path in jobs_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
