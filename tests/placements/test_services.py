"""Applications: apply once, move only forward, hire records the worker's new status."""

import datetime

import pytest
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.placements import services
from homeward.placements.models import Application, ApplicationEvent
from homeward.workers.models import StatusEvent, Worker
from tests.factories import VILLAGE, make_employer, make_posting, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting():
    posting = make_posting(make_employer("321302002"), title="普工")
    posting.status = "published"
    posting.save()
    return posting


@pytest.fixture
def worker():
    return make_worker(VILLAGE, sequence=5, name="张三")


def test_apply_twice_is_one_application(worker, posting):
    first, created = services.apply(worker, posting)
    again, created_again = services.apply(worker, posting)
    assert created and not created_again and first.pk == again.pk
    assert Application._base_manager.count() == 1
    assert ApplicationEvent._base_manager.filter(application=first).count() == 1


def test_apply_refuses_a_draft_or_past_posting(worker, posting):
    posting.ends_on = datetime.date(2020, 1, 1)
    posting.starts_on = None
    posting.save()
    with pytest.raises(services.ApplicationError):
        services.apply(worker, posting)
    draft = make_posting(make_employer("321302002"))
    with pytest.raises(services.ApplicationError):
        services.apply(worker, draft)


def test_apply_refuses_children(posting):
    today = timezone.localdate()
    child = make_worker(VILLAGE, sequence=6, birth_date=today.replace(year=today.year - 15))
    with pytest.raises(services.ApplicationError):
        services.apply(child, posting)


def test_interview_then_hire_records_status_and_history(worker, posting):
    application, _ = services.apply(worker, posting)
    at = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
    services.invite_to_interview(application, at=at, place="厂门口", by="employer:1")
    hired = services.hire(
        application, hired_on=datetime.date(2026, 12, 5), contract_months=12, by="employer:1"
    )
    assert hired.status == "hired" and hired.contract_months == 12 and hired.decided_at
    steps = list(
        ApplicationEvent._base_manager.filter(application=application).values_list(
            "status", flat=True
        )
    )
    assert steps == ["applied", "interview", "hired"]
    worker = Worker._base_manager.get(pk=worker.pk)
    # 321302002 is another town of the worker's county: working away from one's own town.
    assert worker.status == "out_migrant" and worker.work_scope == "in_county"
    assert worker.work_place == posting.employer.name
    event = StatusEvent._base_manager.filter(worker=worker).latest("recorded_at")
    assert event.source == "employer" and event.occurred_on == datetime.date(2026, 12, 5)
    assert AuditEvent.objects.filter(action="placements.application.hired").count() == 1


def test_hire_needs_a_date_and_a_contract_length(worker, posting):
    application, _ = services.apply(worker, posting)
    with pytest.raises(services.ApplicationError):
        services.hire(application, hired_on=None, contract_months=12, by="x")
    with pytest.raises(services.ApplicationError):
        services.hire(application, hired_on=datetime.date(2026, 12, 5), contract_months=0, by="x")
    assert Application._base_manager.get().status == "applied"


def test_finished_applications_do_not_move(worker, posting):
    application, _ = services.apply(worker, posting)
    services.reject(application, reason="岗位已满", by="employer:1")
    with pytest.raises(services.ApplicationError):
        services.hire(application, hired_on=datetime.date(2026, 12, 5), contract_months=6, by="x")
    with pytest.raises(services.ApplicationError):
        services.withdraw(application)
    assert Application._base_manager.get().status == "not_hired"


def test_a_hired_row_without_a_date_is_refused_by_the_database(worker, posting):
    from django.db import IntegrityError, transaction

    application, _ = services.apply(worker, posting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application._base_manager.filter(pk=application.pk).update(status="hired")
