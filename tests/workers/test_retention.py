"""An uploaded ledger is deleted when imported or discarded, and after 7 days unconfirmed; the
names in its report after 30 (workers/retention.py, SECURITY.md S22). The result sheet holds
full numbers only for the uploader and roles that may see personal data."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.workers.importer import discard_upload, import_upload, upload_ledger
from homeward.workers.models import LedgerUpload
from tests.factories import TOWN, make_staff
from tests.leaks import xlsx_cells
from tests.workers.test_import import ident, ledger

PHONE = "13812345678"


@pytest.fixture
def upload(db, town_staff):
    content = ledger([["张三", ident(1), PHONE, "凤凰居委会", "外出务工", "焊工", ""]])
    return upload_ledger(content, "台账.xlsx", region=TOWN, by=town_staff)


def _result(client, user, upload):
    client.force_login(user)
    return client.get(reverse("workers:import-result", args=[upload.pk]))


def test_the_result_sheet_is_full_for_the_uploader_and_masked_for_others(
    client, upload, town_staff, county_staff, leader
):
    full = "\n".join(xlsx_cells(_result(client, town_staff, upload).content))
    assert PHONE in full and ident(1) in full
    for other in (county_staff, leader):
        masked = "\n".join(xlsx_cells(_result(client, other, upload).content))
        assert PHONE not in masked and ident(1) not in masked
        assert "138****5678" in masked and f"{ident(1)[:6]}********{ident(1)[-4:]}" in masked
    permitted = make_staff("321302", username="pd", may_see_personal_data=True)
    assert PHONE in "\n".join(xlsx_cells(_result(client, permitted, upload).content))
    downloads = AuditEvent.objects.filter(action="workers.ledger.result_downloaded")
    assert sorted(e.detail["unmasked"] for e in downloads) == [False, False, True, True]


def test_the_preview_says_who_gets_full_numbers_and_until_when(client, upload, county_staff):
    client.force_login(county_staff)
    page = client.get(reverse("workers:import-preview", args=[upload.pk])).content.decode()
    assert "只有上传人和有权查看完整个人信息的角色" in page
    assert timezone.localtime(upload.file_expires_at).strftime("%Y-%m-%d %H:%M") in page


def test_confirm_and_discard_delete_the_file(upload, town_staff):
    other = upload_ledger(bytes(upload.content), "b.xlsx", region=TOWN, by=town_staff)
    import_upload(upload.pk, by=town_staff)
    discard_upload(other, by=town_staff)
    for done in LedgerUpload.objects.all():
        assert done.state != "previewed" and bytes(done.content) == b""


def test_purge_discards_uploads_left_for_seven_days(upload, town_staff, settings):
    assert settings.LEDGER_UPLOAD_RETENTION_DAYS == 7
    later = upload_ledger(bytes(upload.content), "b.xlsx", region=TOWN, by=town_staff)
    LedgerUpload.objects.filter(pk=upload.pk).update(
        uploaded_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    call_command("uploads", "purge")
    upload.refresh_from_db()
    later.refresh_from_db()
    assert upload.state == "discarded" and bytes(upload.content) == b""
    assert upload.report["expired"] is True
    assert later.state == "previewed" and bytes(later.content)  # six days left
    expired = AuditEvent.objects.get(action="workers.ledger.expired")
    assert expired.object_id == str(upload.pk) and expired.region_code == TOWN


def test_an_expired_upload_is_not_served_while_it_waits_for_the_purge(client, upload, town_staff):
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert _result(client, town_staff, upload).status_code == 403
        page = client.get(reverse("workers:import-preview", args=[upload.pk]))
        assert "超过保留期限未导入" in page.content.decode()
        client.post(reverse("workers:import-confirm", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.state == "discarded" and bytes(upload.content) == b""
    assert upload.report.get("rows") is not None  # the report stays for the preview


def test_purge_drops_the_names_of_reports_after_thirty_days(upload, town_staff, client):
    import_upload(upload.pk, by=town_staff)
    LedgerUpload.objects.filter(pk=upload.pk).update(
        uploaded_at=timezone.now() - timedelta(days=31)
    )
    call_command("uploads", "purge")
    upload.refresh_from_db()
    assert upload.report["rows"] == [] and upload.report["rows_removed"]
    assert upload.report["counts"]["created"] == 1
    client.force_login(town_staff)
    page = client.get(reverse("workers:import-preview", args=[upload.pk]))
    assert page.status_code == 200 and "张三" not in page.content.decode()


def test_a_report_is_stored_masked(db, town_staff):
    stored = LedgerUpload.objects.create(
        region_id=TOWN,
        filename="t.csv",
        report={"rows": [{"row": 2, "messages": [f"手机号码“+86 {PHONE[:3]}-{PHONE[3:]}”有误"]}]},
    )
    stored.refresh_from_db()
    assert stored.report["rows"][0]["messages"] == ["手机号码“+86 138****5678”有误"]


def test_an_upload_queues_its_own_purge_for_the_day_its_file_expires(
    db, town_staff, settings, django_capture_on_commit_callbacks
):
    """Retention holds without cron: the database queue gets the purge, deferred to the day."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    content = ledger([["张三", ident(1), PHONE, "凤凰居委会", "外出务工", "焊工", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        made = upload_ledger(content, "台账.xlsx", region=TOWN, by=town_staff)
    queued = DBTaskResult.objects.filter(task_path__endswith="purge_uploads_task")
    days = sorted((row.run_after - made.uploaded_at).days for row in queued)
    assert days == [settings.LEDGER_UPLOAD_RETENTION_DAYS, settings.LEDGER_REPORT_RETENTION_DAYS]
