"""How long an uploaded ledger and its report are kept (SECURITY.md S22).

- An upload left unconfirmed is discarded after settings.LEDGER_UPLOAD_RETENTION_DAYS (7): its
  file, which holds every row's ID and phone numbers, is deleted, and its result sheet with it.
  Confirming or discarding deletes the file at once (importer.import_upload / discard_upload).
- An import's report keeps each row's name and masked ID number for
  settings.LEDGER_REPORT_RETENTION_DAYS (30); then the rows go and the counts and notes stay.

Each upload queues `tasks.purge_uploads_task` for both days (`schedule_purge`, on the database
queue, which can defer); `homeward uploads purge` runs both by hand over every area; the import
pages also expire an upload they open (`expire_upload`), so a file past its time is never
served while it waits for the next purge.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from homeward.audit.services import log_action
from homeward.scoping import unscoped

from .models import LedgerUpload


def expire_upload(upload: LedgerUpload, now=None) -> bool:
    """Discard `upload` if it waited past its retention period; True when it did."""
    now = now or timezone.now()
    if upload.state != LedgerUpload.State.PREVIEWED or upload.file_expires_at > now:
        return False
    with transaction.atomic():
        upload.state = LedgerUpload.State.DISCARDED
        upload.content = b""
        upload.report = {**upload.report, "expired": True}
        upload.save(update_fields=["state", "content", "report"])
        log_action(
            "workers.ledger.expired",
            obj=upload,
            detail={"days": settings.LEDGER_UPLOAD_RETENTION_DAYS},
        )
    return True


def purge_uploads(now=None) -> dict[str, int]:
    """Expire every unconfirmed upload past its time, and drop old reports' rows."""
    now = now or timezone.now()
    files_before = now - timedelta(days=settings.LEDGER_UPLOAD_RETENTION_DAYS)
    rows_before = now - timedelta(days=settings.LEDGER_REPORT_RETENTION_DAYS)
    expired = trimmed = 0
    with unscoped():
        waiting = LedgerUpload.objects.filter(
            state=LedgerUpload.State.PREVIEWED, uploaded_at__lte=files_before
        )
        for upload in waiting.iterator(chunk_size=100):
            expired += expire_upload(upload, now)
        old = LedgerUpload.objects.filter(uploaded_at__lte=rows_before).exclude(
            state=LedgerUpload.State.PREVIEWED
        )
        for upload in old.only("pk", "region_id", "report").iterator(chunk_size=100):
            if upload.report.get("rows"):
                upload.report = {**upload.report, "rows": [], "rows_removed": True}
                upload.save(update_fields=["report"])
                trimmed += 1
    return {"expired": expired, "trimmed": trimmed}


def schedule_purge(upload: LedgerUpload) -> None:
    """After `upload` commits, queue the purge for the day its file expires and the day its
    report's rows go, where the queue can defer (the database one): retention then holds with no
    cron; `homeward uploads purge` stays for a queue that cannot defer."""
    from .tasks import purge_uploads_task  # the tasks module imports the importer, which imports us

    if not purge_uploads_task.get_backend().supports_defer:
        return
    start = upload.uploaded_at or timezone.now()
    days = (settings.LEDGER_UPLOAD_RETENTION_DAYS, settings.LEDGER_REPORT_RETENTION_DAYS)
    for when in (start + timedelta(days=d, minutes=1) for d in days):
        transaction.on_commit(lambda when=when: purge_uploads_task.using(run_after=when).enqueue())
