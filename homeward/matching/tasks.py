"""Background work of the matching engine (django-tasks; the database queue in embedded mode).

A posting's recompute after it was published or edited, and an area's full recompute, run as
background jobs (homeward/background): the posting's page shows "匹配计算中" with the job's
progress until it is done, then the matches.
"""

from django.urls import reverse
from django_tasks import task

from homeward.background.models import BackgroundJob
from homeward.background.services import JobError, active_for, beating, finish, report, run_job
from homeward.background.services import start_job as _start_job
from homeward.jobs.models import Posting
from homeward.regions.codes import city_of
from homeward.scoping import unscoped
from homeward.workers.models import Worker

from .services import _worker_pool, place_worker, refresh_posting_matches

REFRESH = "matching.refresh"
RUN_AREA = "matching.run"


def _subject(posting_id: int) -> str:
    return f"jobs.posting:{posting_id}"


def refresh_later(posting: Posting, *, by=None) -> BackgroundJob:
    """Recompute the posting's matched workers in the background once this transaction commits
    (a job of the posting's area, which its page follows)."""
    return _start_job(
        REFRESH,
        by,
        posting.region_id,
        task=refresh_posting_job,
        title=f"匹配计算：{posting.title}"[:100],
        subject=_subject(posting.pk),
        posting=posting.pk,
    )


def refresh_running(posting: Posting) -> BackgroundJob | None:
    """The posting's recompute still queued or running, if any (one stopped by a dead worker
    is none: the page then shows the stored matches)."""
    return active_for(_subject(posting.pk))


@task()
def refresh_posting_job(job_id: int) -> int | None:
    return run_job(job_id, _refresh)


def _refresh(job: BackgroundJob, *, posting: int) -> int:
    with unscoped():
        current = Posting.objects.filter(pk=posting).first()
        if current is None:
            raise JobError("这个岗位已被删除，无法计算匹配")
        report(job, 0, 2, "正在读取本市劳动力")
        with beating(job):
            pool = _worker_pool(city_of(current.region_id))
        report(job, 1, 2, f"正在为 {pool[1]} 名劳动力打分排序")
        with beating(job):
            found = len(refresh_posting_matches(current, pool=pool).matches)
    finish(
        job,
        url=reverse("jobs:detail", args=[current.pk]),
        message=f"匹配完成：在 {pool[1]} 名劳动力中找到 {found} 名",
    )
    return found


@task()
def refresh_posting(posting_id: int) -> int:
    """Recompute a posting's matched workers (without a job page; kept for queued tasks)."""
    with unscoped():
        posting = Posting.objects.filter(pk=posting_id).first()
        if posting is None:
            return 0
        return len(refresh_posting_matches(posting).matches)


@task()
def place_worker_in_matches(worker_id: int) -> int:
    """Put a new or edited worker into the matched lists of the postings that fit them."""
    with unscoped():
        worker = Worker.objects.filter(pk=worker_id).first()
        return place_worker(worker) if worker is not None else 0


def run_area_later(area: str, *, by) -> BackgroundJob:
    """Recompute every open posting's matched workers in `area`, followed on a job page."""
    return _start_job(
        RUN_AREA, by, area, task=run_area_job, title="重新计算本辖区所有岗位的匹配", area=area
    )


@task()
def run_area_job(job_id: int) -> int | None:
    return run_job(job_id, _run_area)


def _run_area(job: BackgroundJob, *, area: str) -> int:
    from .services import run_matching

    report(job, 0, 0, "正在读取本辖区的岗位")
    with beating(job):
        postings = run_matching(area, progress=lambda done, total: report(job, done, total))[
            "postings"
        ]
    finish(job, url=reverse("jobs:list"), message=f"已重新计算 {postings} 个岗位的匹配")
    return postings


@task()
def run_area(area: str) -> int:
    """Recompute the matched workers of every open posting in `area` (kept for queued tasks)."""
    from .services import run_matching

    return run_matching(area)["postings"]
