"""Long work of the registry on the task queue, followed on a job page (homeward/background).

- A large ledger export: the rows of the list's filters written to Excel, with progress every
  few hundred rows; the file is the owner's, kept 24 hours, each download audited.
- The check of a large ledger upload: the importer's own `upload_ledger` (the one write path)
  run by the task on the file kept for it under the var dir; the job ends on the preview page.

The job's parameters hold filter values and ids only: a search for an exact ID or mobile number
is kept as its keyed hash (`models.search_filter`), never as the number.
"""

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from homeward.audit.services import log_action
from homeward.background.models import BackgroundJob
from homeward.background.services import (
    JobError,
    beating,
    finish,
    input_bytes,
    report,
    run_job,
    start_job,
)

from .importer import upload_ledger
from .ledger import LedgerError
from .ledger_export import area_name, export_ledger
from .models import Worker

EXPORT = "workers.export"
IMPORT_CHECK = "workers.import_check"


def export_later(owner, area: str, *, search: dict, filters: dict, unmasked: bool, rows: int):
    """Start the export of the registry rows of `area` that match, for `owner`."""
    return start_job(
        EXPORT,
        owner,
        area,
        task=export_ledger_job,
        title=f"导出台账（{rows} 人）",
        search=search,
        filters=filters,
        unmasked=unmasked,
    )


@task()
def export_ledger_job(job_id: int) -> int | None:
    return run_job(job_id, _export)


def _export(job: BackgroundJob, *, search: dict, filters: dict, unmasked: bool) -> int:
    # Full numbers only while the owner still holds the permission.
    unmasked = bool(unmasked and job.owner and job.owner.may_see_personal_data)
    rows = Worker.objects.filter(**search).filtered(**filters)
    total = rows.count()
    report(job, 0, total, "正在导出")
    content = export_ledger(
        rows,
        area_name=area_name(job.region_code),
        unmasked=unmasked,
        progress=lambda done: report(job, done, total, f"正在导出：第 {done} 行"),
    )
    report(job, total, total, "正在保存文件")
    log_action(
        "workers.ledger.exported",
        actor=job.owner,
        region_code=job.region_code,
        detail={"rows": total, "unmasked": unmasked, "filters": filters, "job": job.pk},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    finish(
        job,
        content=content,
        name=f"ledger-{stamp}.xlsx",
        personal=unmasked,
        message=f"导出完成，共 {total} 人" + ("" if unmasked else "（身份证号、手机号已遮盖）"),
    )
    return total


def check_upload_later(owner, area: str, *, content: bytes, filename: str, region: str):
    """Check a large ledger file in the background; the job ends on its preview page."""
    return start_job(
        IMPORT_CHECK,
        owner,
        area,
        task=check_upload_job,
        title="检查台账文件",
        input=content,
        filename=filename[-200:],
        region=region,
    )


@task()
def check_upload_job(job_id: int) -> int | None:
    return run_job(job_id, _check_upload)


def _check_upload(job: BackgroundJob, *, filename: str, region: str) -> int:
    content = input_bytes(job)
    report(job, 0, 0, "正在读取和检查每一行")
    try:
        with beating(job):
            upload = upload_ledger(content, filename, region=region, by=job.owner)
    except LedgerError as error:
        raise JobError(error.message) from None
    rows = len(upload.report.get("rows", []))
    finish(
        job,
        url=reverse("workers:import-preview", args=[upload.pk]),
        message=f"检查完成，共 {rows} 行，请查看预览后确认导入",
    )
    return upload.pk


@task()
def purge_uploads_task() -> dict:
    """The retention of ledger uploads (`retention.purge_uploads`), queued for the day an
    upload's file expires and the day its report's rows go."""
    from .retention import purge_uploads

    return purge_uploads()
