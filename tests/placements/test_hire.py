"""A hire is one durable transaction, and the hired worker is told once it has committed."""

import datetime

import pytest
from django.db import transaction

from homeward.audit.models import AuditEvent
from homeward.outreach.models import OutboxMessage
from homeward.placements import services
from homeward.placements.models import Application, ApplicationEvent
from homeward.workers.models import StatusEvent, Worker
from tests.factories import VILLAGE, make_employer, make_posting, make_worker

pytestmark = pytest.mark.django_db
HIRED_ON = datetime.date(2026, 12, 5)


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


def test_the_hired_worker_is_told_in_the_inbox_and_by_sms_after_commit(
    posting, django_capture_on_commit_callbacks
):
    worker, application = _applied(posting)
    with django_capture_on_commit_callbacks() as callbacks:
        _hire(application)
        assert not OutboxMessage._base_manager.exists()  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    messages = {m.channel: m for m in OutboxMessage._base_manager.filter(worker=worker)}
    assert set(messages) == {"inapp", "sms"}
    text = messages["inapp"].text
    assert "李四" in text and "宿城佳美建筑工程有限公司" in text and "钢筋工" in text
    assert "12月5日" in text and "恭喜" in text
    assert messages["sms"].recipient_phone == "13912345678"
    assert messages["sms"].template == services.HIRED_TEMPLATE
    callbacks[0]()  # told twice: the keys store nothing new
    assert OutboxMessage._base_manager.filter(worker=worker).count() == 2


@pytest.mark.parametrize("fields", [{"consents_to_contact": False}, {"phone": ""}])
def test_no_sms_to_a_worker_who_opted_out_or_has_no_number(
    posting, django_capture_on_commit_callbacks, fields
):
    worker, application = _applied(posting, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        _hire(application)
    channels = OutboxMessage._base_manager.filter(worker=worker).values_list("channel", flat=True)
    assert list(channels) == ["inapp"]


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
