"""The job page: a bar that polls while the job runs, then the result; who may take the file."""

import pytest
from django.urls import reverse

from homeward.accounts.models import Role
from homeward.audit.models import AuditEvent
from homeward.background.models import BackgroundJob
from homeward.background.services import finish
from tests.factories import COUNTY, make_staff

pytestmark = pytest.mark.django_db


def _job(owner, *, status="running", done=3, total=10, **fields):
    job = BackgroundJob(
        kind="workers.export",
        title="导出台账（10 人）",
        owner=owner,
        region_code=COUNTY,
        status=status,
        done=done,
        total=total,
        message="正在导出：第 3 行",
        **fields,
    )
    job.save()
    return job


def test_a_running_job_shows_a_bar_that_polls_every_second(client, county_staff):
    job = _job(county_staff)
    client.force_login(county_staff)
    page = client.get(reverse("background:job", args=[job.pk])).content.decode()
    assert '<progress max="100" value="30"' in page
    assert 'hx-trigger="every 1s"' in page and "3 / 10" in page
    assert "正在导出：第 3 行" in page


def test_a_done_job_stops_polling_and_offers_the_file(client, county_staff):
    job = _job(county_staff)
    finish(job, content=b"PK-file", name="ledger.xlsx")
    client.force_login(county_staff)
    url = reverse("background:job", args=[job.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in fragment
    assert reverse("background:download", args=[job.pk]) in fragment
    assert "HX-Redirect" not in client.get(url, headers={"HX-Request": "true"}).headers
    response = client.get(reverse("background:download", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response) == b"PK-file"
    assert 'filename="ledger.xlsx"' in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="background.result.downloaded")
    assert event.actor == county_staff and event.region_code == COUNTY


def test_a_job_whose_result_is_a_page_sends_the_poll_there(client, county_staff):
    job = _job(county_staff)
    finish(job, url="/workers/import/1/")
    client.force_login(county_staff)
    response = client.get(reverse("background:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == "/workers/import/1/"


def test_another_areas_job_answers_404(client, county_staff, outsider):
    job = _job(county_staff)
    finish(job, content=b"x", name="ledger.xlsx")
    client.force_login(outsider)
    assert client.get(reverse("background:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("background:download", args=[job.pk])).status_code == 404


def test_another_users_download_is_refused_and_audited(client, county_staff):
    job = _job(county_staff)
    finish(job, content=b"x", name="ledger.xlsx")
    colleague = make_staff(COUNTY, username="colleague")
    client.force_login(colleague)
    page = client.get(reverse("background:job", args=[job.pk])).content.decode()
    assert reverse("background:download", args=[job.pk]) not in page
    assert "只有发起这项任务的人" in page
    assert client.get(reverse("background:download", args=[job.pk])).status_code == 403
    assert AuditEvent.objects.filter(
        action="background.result.refused", actor=colleague, result="refused"
    ).exists()
    assert not AuditEvent.objects.filter(action="background.result.downloaded").exists()


def test_an_area_admin_takes_a_masked_result_but_full_numbers_need_the_permission(
    client, county_staff, settings
):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}  # not what is tried here
    admin = make_staff(COUNTY, role=Role.ADMIN, username="county-admin")
    masked, full = _job(county_staff), _job(county_staff)
    finish(masked, content=b"masked", name="ledger.xlsx")
    finish(full, content=b"full", name="ledger.xlsx", personal=True)
    client.force_login(admin)
    assert client.get(reverse("background:download", args=[masked.pk])).status_code == 200
    assert client.get(reverse("background:download", args=[full.pk])).status_code == 403
    admin.may_see_personal_data = True
    admin.save()
    assert client.get(reverse("background:download", args=[full.pk])).status_code == 200
    # The owner who lost the permission since loses the full file too.
    client.force_login(county_staff)
    assert client.get(reverse("background:download", args=[full.pk])).status_code == 403


def test_a_stale_job_is_shown_failed(client, county_staff, settings):
    import datetime

    from django.utils import timezone

    old = timezone.now() - datetime.timedelta(minutes=10)
    job = _job(county_staff, heartbeat_at=old, started_at=old)
    client.force_login(county_staff)
    page = client.get(reverse("background:job", args=[job.pk])).content.decode()
    assert "后台任务中断，请重新开始" in page and "every 1s" not in page


def test_a_purged_file_is_said_to_be_gone(client, county_staff):
    job = _job(county_staff)
    finish(job, content=b"x", name="ledger.xlsx")
    from homeward.background.services import result_path

    result_path(job).unlink()
    client.force_login(county_staff)
    page = client.get(reverse("background:job", args=[job.pk])).content.decode()
    assert "文件已按规定自动删除" in page
    assert client.get(reverse("background:download", args=[job.pk])).status_code == 404
