"""Large exports and large ledger checks run as background jobs: the bar, then the result."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from homeward.audit.models import AuditEvent
from homeward.background import services
from homeward.background.models import BackgroundJob
from homeward.workers.models import LedgerUpload
from homeward.workers.tasks import check_upload_job, export_ledger_job
from tests.factories import make_worker

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def three(db, settings):
    settings.HOMEWARD_DIRECT_EXPORT_ROWS = 3  # three rows and more: in the background
    return [make_worker("321302001001", sequence=n, name=f"工人{n}") for n in (1, 2, 3)]


def _rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_small_export_stays_direct(client, town_staff, three, settings):
    settings.HOMEWARD_DIRECT_EXPORT_ROWS = 4
    client.force_login(town_staff)
    response = client.get(reverse("workers:export"))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not BackgroundJob.objects.exists()


def test_a_large_export_shows_the_bar_then_the_download(client, town_staff, three):
    client.force_login(town_staff)
    response = client.get(reverse("workers:export"), {"status": ""})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("background:job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page  # queued: waiting its turn
    assert "导出台账（3 人）" in page

    assert export_ledger_job.call(job.pk) == 3  # what the task worker runs
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.personal) == ("done", 3, 3, False)
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in fragment and "导出完成，共 3 人" in fragment
    download = client.get(reverse("background:download", args=[job.pk]))
    rows = _rows(b"".join(download))
    assert [row[1] for row in rows[3:]] == ["工人1", "工人2", "工人3"]
    assert all("*" in row[2] for row in rows[3:])  # masked: the clerk may not see full numbers
    assert AuditEvent.objects.filter(action="workers.ledger.exported", actor=town_staff).exists()
    assert AuditEvent.objects.filter(action="background.result.downloaded").count() == 1


def test_an_export_reports_progress_while_it_writes(town_staff, three, monkeypatch):
    from homeward.workers import ledger_export
    from homeward.workers.tasks import export_later

    monkeypatch.setattr(ledger_export, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(services, "REPORT_EVERY", 0)
    seen = []
    real = services.report

    def spy(job, done, total, message=None):
        real(job, done, total, message)
        seen.append(BackgroundJob._base_manager.get(pk=job.pk).done)

    monkeypatch.setattr("homeward.workers.tasks.report", spy)
    job = export_later(town_staff, "321302001", search={}, filters={}, unmasked=False, rows=3)
    export_ledger_job.call(job.pk)
    assert seen[:4] == [0, 1, 2, 3]


def test_the_export_keeps_the_filters_and_no_full_number(client, town_staff, three, settings):
    settings.HOMEWARD_DIRECT_EXPORT_ROWS = 0
    client.force_login(town_staff)
    number = three[1].id_number
    client.get(reverse("workers:export"), {"q": number})
    job = BackgroundJob.objects.get()
    assert number not in str(job.params)
    assert set(job.params["search"]) == {"id_number_hash"}
    export_ledger_job.call(job.pk)
    rows = _rows(services.result_path(BackgroundJob.objects.get()).read_bytes())
    assert [row[1] for row in rows[3:]] == ["工人2"]


def test_full_numbers_for_those_who_may_see_them(client, town_staff, three):
    town_staff.may_see_personal_data = True
    town_staff.save()
    client.force_login(town_staff)
    client.get(reverse("workers:export"))
    job = BackgroundJob.objects.get()
    export_ledger_job.call(job.pk)
    job.refresh_from_db()
    assert job.personal
    rows = _rows(b"".join(client.get(reverse("background:download", args=[job.pk]))))
    assert rows[3][2] == three[0].id_number


def _csv(village="凤凰居委会"):
    from tests.workers.test_import import ident

    lines = ["姓名,身份证号,所在村", *(f"人{n},{ident(n)},{village}" for n in range(1, 6))]
    return ("\n".join(lines) + "\n").encode()


def _upload(client, content, name="big.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("workers:import"),
        {"file": SimpleUploadedFile(name, content), "region": "321302001"},
    )


def test_a_large_upload_is_checked_by_a_task_then_the_preview_opens(
    client, town_staff, settings, django_capture_on_commit_callbacks
):
    settings.HOMEWARD_DIRECT_IMPORT_BYTES = 10
    settings.TASKS = IMMEDIATE
    client.force_login(town_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, _csv())
    job = BackgroundJob.objects.get()
    assert response["Location"] == reverse("background:job", args=[job.pk])
    job.refresh_from_db()
    upload = LedgerUpload.objects.get()  # written by the importer's own upload service
    assert job.status == "done" and job.owner == town_staff
    assert upload.uploaded_by == town_staff and upload.report["counts"]["created"] == 5
    poll = client.get(response["Location"], headers={"HX-Request": "true"})
    assert poll["HX-Redirect"] == reverse("workers:import-preview", args=[upload.pk])
    assert list(services.jobs_dir().iterdir()) == []  # the kept file went with the task
    assert "filename" in job.params and "人1" not in str(job.params)


def test_a_large_upload_that_is_no_ledger_fails_in_chinese(client, town_staff, settings):
    settings.HOMEWARD_DIRECT_IMPORT_BYTES = 10
    client.force_login(town_staff)
    response = _upload(client, "这不是台账\n随便写的一些字\n".encode())
    job = BackgroundJob.objects.get()
    check_upload_job.call(job.pk)
    page = client.get(response["Location"]).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and job.error and "every 1s" not in page
    assert job.error in page and not LedgerUpload.objects.exists()
    assert list(services.jobs_dir().iterdir()) == []
