"""A hire is one durable transaction, and the hired worker is told once it has committed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from homeward.audit.models import AuditEvent
from homeward.outreach.models import OutboxMessage
from homeward.placements import services
from homeward.placements.models import Application, ApplicationEvent
from homeward.workers.models import StatusEvent, Worker
from tests.factories import VILLAGE, make_employer, make_posting, make_worker

pytestmark = pytest.mark.django_db
HIRED_ON = datetime.date(2026, 12, 5)
BEIJING = ZoneInfo("Asia/Shanghai")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _beijing(hour, minute=0, day=3):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture
def daytime():
    with time_machine.travel(_beijing(10), tick=False):
        yield


@pytest.fixture
def posting():
    posting = make_posting(
        make_employer("321302002", name="宿城佳美建筑工程有限公司"), title="钢筋工"
    )
    posting.status = "published"
    posting.save()
    return posting


def _applied(posting, **fields):
    fields.setdefault("phone", "13912345678")
    fields.setdefault("consents_to_contact", True)
    worker = make_worker(VILLAGE, sequence=7, name="李四", status="returned_unemployed", **fields)
    application, _new = services.apply(worker, posting)
    return worker, application


def _hire(application):
    return services.hire(application, hired_on=HIRED_ON, contract_months=12, by="employer:1")


def test_when_the_status_write_fails_nothing_of_the_hire_remains(
    posting, monkeypatch, django_capture_on_commit_callbacks
):
    worker, application = _applied(posting)
    events_before = StatusEvent._base_manager.filter(worker=worker).count()
    real = services.record_status

    def fails_after_writing(*args, **kwargs):
        real(*args, **kwargs)  # the status event is written, then the write fails
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "record_status", fails_after_writing)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            _hire(application)
    assert callbacks == []
    row = Application._base_manager.get(pk=application.pk)
    assert (row.status, row.hired_on, row.contract_months, row.decided_at) == (
        "applied",
        None,
        None,
        None,
    )
    steps = ApplicationEvent._base_manager.filter(application=application)
    assert list(steps.values_list("status", flat=True)) == ["applied"]
    assert StatusEvent._base_manager.filter(worker=worker).count() == events_before
    assert Worker._base_manager.get(pk=worker.pk).status == "returned_unemployed"
    assert not AuditEvent.objects.filter(action="placements.application.hired").exists()
    assert not OutboxMessage._base_manager.exists()


def test_a_hire_refuses_to_run_inside_another_transaction(posting):
    _worker, application = _applied(posting)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        _hire(application)
    assert Application._base_manager.get(pk=application.pk).status == "applied"


@pytest.mark.usefixtures("daytime")
def test_the_hired_worker_is_told_in_the_inbox_and_by_sms_after_commit(
    posting, django_capture_on_commit_callbacks
):
    worker, application = _applied(posting)
    with django_capture_on_commit_callbacks() as callbacks:
        _hire(application)
        assert not OutboxMessage._base_manager.exists()  # nothing before the commit
    # telling the worker, the follow-ups (followups), the person's subsidy scan (subsidies),
    # the statistics' cells the hire touched (stats.signals: one callback for the transaction,
    # however many rows it wrote)
    names = [getattr(getattr(c, "func", c), "__name__", "") for c in callbacks]
    assert "tell_hired" in names and "schedule_followups" in names
    assert names.count("flush") == 1 and len(names) == 4
    tell = callbacks[names.index("tell_hired")]
    tell()
    messages = {m.channel: m for m in OutboxMessage._base_manager.filter(worker=worker)}
    assert set(messages) == {"inapp", "sms"}
    text = messages["inapp"].text
    assert "李四" in text and "宿城佳美建筑工程有限公司" in text and "钢筋工" in text
    assert "12月5日" in text and "恭喜" in text
    assert messages["sms"].recipient_phone == "13912345678"
    assert messages["sms"].template == services.HIRED_TEMPLATE
    tell()  # told twice: the keys store nothing new
    assert OutboxMessage._base_manager.filter(worker=worker).count() == 2


def _sms_tasks():
    return DBTaskResult.objects.filter(task_path="homeward.placements.tasks.hired_sms")


def _channels(worker):
    rows = OutboxMessage._base_manager.filter(worker=worker).order_by("pk")
    return list(rows.values_list("channel", flat=True))


@pytest.mark.parametrize(
    ("hour", "minute", "resume"),
    [(22, 30, _beijing(8, day=4)), (7, 59, _beijing(8)), (21, 0, _beijing(8, day=4))],
)
def test_a_hire_at_night_tells_the_inbox_at_once_and_texts_at_eight(
    posting, settings, django_capture_on_commit_callbacks, hour, minute, resume
):
    settings.TASKS = DATABASE_TASKS
    worker, application = _applied(posting)
    with time_machine.travel(_beijing(hour, minute), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            _hire(application)
        assert _channels(worker) == ["inapp"]  # no SMS in the quiet hours
        (task,) = _sms_tasks()
        assert task.run_after == resume and task.args_kwargs["args"] == [application.pk]
    with time_machine.travel(resume, tick=False):
        assert services.send_hired_sms(application.pk) == "sent"
    assert _channels(worker) == ["inapp", "sms"]
    sms = OutboxMessage._base_manager.get(worker=worker, channel="sms")
    assert sms.key == f"hired-{application.pk}:sms" and sms.template == services.HIRED_TEMPLATE
    with time_machine.travel(resume + datetime.timedelta(minutes=1), tick=False):
        services.send_hired_sms(application.pk)  # run twice: the key stores nothing new
    assert _channels(worker) == ["inapp", "sms"]


def test_a_hire_at_eight_is_texted_at_once(posting, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_TASKS
    worker, application = _applied(posting)
    with time_machine.travel(_beijing(8, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            _hire(application)
    assert _channels(worker) == ["inapp", "sms"]
    assert not _sms_tasks().exists()


def test_the_held_sms_waits_again_if_run_early_and_not_after_an_opt_out(posting, settings):
    settings.TASKS = DATABASE_TASKS
    worker, application = _applied(posting)
    Application._base_manager.filter(pk=application.pk).update(status="hired", hired_on=HIRED_ON)
    with time_machine.travel(_beijing(7, 30), tick=False):
        assert services.send_hired_sms(application.pk) == "later"
    assert [t.run_after for t in _sms_tasks()] == [_beijing(8)]
    Worker._base_manager.filter(pk=worker.pk).update(consents_to_contact=False)
    with time_machine.travel(_beijing(8), tick=False):
        assert services.send_hired_sms(application.pk) == "not wanted"
    assert _channels(worker) == []


def test_the_hire_task_runs_the_service(posting, settings):
    from homeward.placements.tasks import hired_sms

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    worker, application = _applied(posting)
    Application._base_manager.filter(pk=application.pk).update(status="hired", hired_on=HIRED_ON)
    with time_machine.travel(_beijing(9), tick=False):
        assert hired_sms.enqueue(application.pk).return_value == "sent"
    assert _channels(worker) == ["sms"]


@pytest.mark.parametrize("fields", [{"consents_to_contact": False}, {"phone": ""}])
def test_no_sms_to_a_worker_who_opted_out_or_has_no_number(
    posting, django_capture_on_commit_callbacks, fields
):
    worker, application = _applied(posting, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        _hire(application)
    channels = OutboxMessage._base_manager.filter(worker=worker).values_list("channel", flat=True)
    assert list(channels) == ["inapp"]


@pytest.mark.usefixtures("daytime")  # the hire (5 December) after the status it replaces
def test_a_hire_writes_one_audit_row_and_saves_only_its_fields(posting):
    worker, application = _applied(posting)
    # A concurrent edit of the note must survive the hire (update_fields, not a full save).
    Application._base_manager.filter(pk=application.pk).update(note="带身份证")
    hired = _hire(application)
    row = Application._base_manager.get(pk=application.pk)
    assert row.status == "hired" and row.hired_on == HIRED_ON and row.contract_months == 12
    assert row.note == "带身份证" and hired.decided_at is not None
    assert AuditEvent.objects.filter(action="placements.application.hired").count() == 1
    assert Worker._base_manager.get(pk=worker.pk).status == "out_migrant"
