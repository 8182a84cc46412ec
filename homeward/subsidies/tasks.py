"""Long work of subsidies on the task queue: the eligibility scan, followed on a job page."""

from django_tasks import task

from homeward.background.models import BackgroundJob
from homeward.background.services import finish, report, run_job, start_job

from . import services

SCAN = "subsidies.scan"


def scan_later(owner, area: str):
    return start_job(SCAN, owner, area, task=scan_job, title="补贴资格扫描")


@task()
def scan_job(job_id: int) -> int | None:
    return run_job(job_id, _scan)


def _scan(job: BackgroundJob) -> int:
    found = services.scan_candidates(job.region_code, report=lambda d, t: report(job, d, t))
    finish(job, url="/subsidies/?candidates=1", message=f"找到 {found} 条可能符合条件的记录")
    return found


@task()
def scan_person_job(worker_id: int) -> int:
    """One person's candidates found again after a hire, a follow-up or a certificate."""
    return services.scan_person(worker_id)
