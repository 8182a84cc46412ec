"""Background jobs on their own: start, progress, finish or fail, a dead worker, old files."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from homeward.background import services
from homeward.background.models import BackgroundJob
from homeward.background.services import (
    BROKEN,
    INTERRUPTED,
    JobError,
    finish,
    purge_expired,
    report,
    run_job,
    shown,
    start_job,
)
from homeward.codes import idnumber
from tests.factories import COUNTY

pytestmark = pytest.mark.django_db

SEEN = []


def _count(job, *, upto):
    for n in range(1, upto + 1):
        report(job, n, upto)
        SEEN.append(BackgroundJob._base_manager.get(pk=job.pk).done)
    finish(job, content=b"rows", name="count.txt")
    return upto


@task()
def count_job(job_id: int):
    return run_job(job_id, _count)


def _refuse(job):
    raise JobError("第 3 行“身份证号”列：位数不对")


@task()
def refuse_job(job_id: int):
    return run_job(job_id, _refuse)


def _crash(job):
    raise RuntimeError("boom 430381199001011234")


@task()
def crash_job(job_id: int):
    return run_job(job_id, _crash)


def _queued(kind="test.count", **params):
    job = BackgroundJob(kind=kind, region_code=COUNTY, params=params)
    job.save()
    return job


def test_start_job_enqueues_the_job_id_alone_on_commit(
    county_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job("test.count", county_staff, COUNTY, task=count_job, upto=3)
        assert not DBTaskResult.objects.exists()  # nothing queued before the commit
    assert job.status == "queued" and job.owner == county_staff and job.region_code == COUNTY
    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert queued.task_path.endswith("count_job")


def test_the_database_worker_runs_the_job_and_progress_is_written(
    county_staff, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "REPORT_EVERY", 0)  # every report written
    # The worker drops connections between tasks; inside the test's transaction that would be
    # the test's own (PostgreSQL).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    SEEN.clear()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job("test.count", county_staff, COUNTY, task=count_job, upto=4)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert SEEN == [1, 2, 3, 4]
    assert (job.status, job.done, job.total) == ("done", 4, 4)
    assert job.finished_at is not None and job.expires_at > timezone.now()
    assert services.result_path(job).read_bytes() == b"rows"
    assert oct(os.stat(services.result_path(job)).st_mode & 0o777) == "0o600"
    assert DBTaskResult.objects.get(task_path__endswith="count_job").status == "SUCCESSFUL"
    purge = DBTaskResult.objects.get(task_path__endswith="purge_results")  # at the file's expiry
    assert purge.status == "READY" and purge.run_after > job.expires_at


def test_reports_are_written_at_most_once_a_second():
    job = _queued()
    job.status = "running"
    BackgroundJob._base_manager.filter(pk=job.pk).update(status="running")
    report(job, 1, 100)
    report(job, 2, 100)  # within the second: not written
    assert BackgroundJob._base_manager.get(pk=job.pk).done == 1
    report(job, 100, 100)  # the end always is
    assert BackgroundJob._base_manager.get(pk=job.pk).done == 100


def test_a_job_runs_once():
    job = _queued(upto=1)
    assert count_job.call(job.pk) == 1
    assert count_job.call(job.pk) is None  # already done: nothing again


def test_a_refusal_is_shown_in_chinese():
    job = _queued()
    refuse_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "第 3 行“身份证号”列：位数不对"


def test_a_crash_is_shown_plainly_and_keeps_its_details_out(caplog):
    job = _queued()
    crash_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == BROKEN
    assert "430381199001011234" not in job.error


def test_a_running_job_without_heartbeat_is_shown_failed(settings):
    settings.HOMEWARD_JOB_STALE_SECONDS = 120
    job = _queued()
    old = timezone.now() - datetime.timedelta(seconds=121)
    BackgroundJob._base_manager.filter(pk=job.pk).update(
        status="running", started_at=old, heartbeat_at=old
    )
    job.refresh_from_db()
    assert shown(job).status == "failed" and job.error == INTERRUPTED
    assert BackgroundJob._base_manager.get(pk=job.pk).error == INTERRUPTED  # recorded
    fresh = _queued()
    BackgroundJob._base_manager.filter(pk=fresh.pk).update(
        status="running", heartbeat_at=timezone.now() - datetime.timedelta(seconds=100)
    )
    fresh.refresh_from_db()
    assert shown(fresh).status == "running"


def test_the_heartbeat_thread_keeps_a_job_alive(transactional_db):
    job = _queued()
    BackgroundJob._base_manager.filter(pk=job.pk).update(status="running", heartbeat_at=None)
    with services.beating(job, every=0.05):
        deadline = timezone.now() + datetime.timedelta(seconds=10)
        while BackgroundJob._base_manager.get(pk=job.pk).heartbeat_at is None:
            assert timezone.now() < deadline, "no heartbeat written"
    assert BackgroundJob._base_manager.get(pk=job.pk).heartbeat_at is not None


def test_parameters_refuse_full_id_and_phone_numbers(county_staff):
    number = idnumber.make("321302", datetime.date(1990, 1, 1), 7, True)
    with pytest.raises(ValueError):
        start_job("test.count", county_staff, COUNTY, task=count_job, q=number)
    with pytest.raises(ValueError):
        start_job("test.count", county_staff, COUNTY, task=count_job, search={"q": "13912345678"})
    assert not BackgroundJob._base_manager.exists()


def test_purge_deletes_result_files_past_their_retention(settings):
    settings.HOMEWARD_JOB_RESULT_HOURS = 24
    old, new = _queued(), _queued()
    finish(old, content=b"old", name="old.xlsx")
    finish(new, content=b"new", name="new.xlsx")
    old_path, new_path = services.result_path(old), services.result_path(new)
    a_day_ago = (timezone.now() - datetime.timedelta(hours=25)).timestamp()
    os.utime(old_path, (a_day_ago, a_day_ago))
    BackgroundJob._base_manager.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    stray = services.jobs_dir() / "99-input-abc"  # an upload whose task never ran
    stray.write_bytes(b"x")
    os.utime(stray, (a_day_ago, a_day_ago))
    assert purge_expired() == 2
    assert not old_path.exists() and not stray.exists() and new_path.exists()
    old.refresh_from_db()
    assert old.result_file == "" and services.result_path(old) is None


def test_the_purge_command(settings, capsys):
    job = _queued()
    finish(job, content=b"x", name="x.xlsx")
    BackgroundJob._base_manager.filter(pk=job.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("background", "purge")
    assert "purged 1 file(s)" in capsys.readouterr().out
