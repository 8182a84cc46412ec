"""The scan after the events that matter: a hire, a recorded follow-up, a certificate each queue
the person's scan on commit; and compliance re-checked before payment from the follow-ups."""

import datetime

import pytest
from django.utils import timezone

from homeward.followups.services import record_followup, schedule_followups
from homeward.subsidies import services
from homeward.subsidies.facts import facts_of
from homeward.subsidies.models import Candidate, Entitlement
from homeward.training import services as training
from tests.factories import COUNTY, make_hire, make_staff
from tests.training.helpers import completed, make_course

from .conftest import card, make_returnee

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


def test_a_hire_queues_the_persons_scan_on_commit(
    bonus, immediate, django_capture_on_commit_callbacks
):
    worker = make_returnee(sequence=61)
    type(worker)._base_manager.filter(pk=worker.pk).update(status="unemployed")
    assert not Candidate._base_manager.exists()
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        make_hire(worker, hired_on=datetime.date(2026, 7, 1))
    assert not Candidate._base_manager.exists()  # nothing before the commit
    for callback in waiting:
        callback()
    found = Candidate._base_manager.filter(worker=worker)
    assert {c.version.policy.code for c in found} >= {"SQ-RETURN-500", "SQ-TRANSPORT-50"}
    assert all(c.explanation["eligible"] for c in found)


def test_a_recorded_followup_queues_the_scan(bonus, immediate, django_capture_on_commit_callbacks):
    worker = make_returnee(sequence=62)
    with django_capture_on_commit_callbacks(execute=True):
        application = make_hire(worker, hired_on=datetime.date(2026, 6, 5))
    assert Candidate._base_manager.filter(worker=worker).exists()
    schedule_followups(application.pk)
    followup = application.followups.order_by("months").first()
    staff = make_staff(COUNTY, username="follower")
    Candidate._base_manager.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        record_followup(followup, result="employed", via="staff", by=staff)
    assert Candidate._base_manager.filter(worker=worker).exists()  # found again


def test_a_certificate_queues_the_scan(seeded, immediate, django_capture_on_commit_callbacks):
    worker = make_returnee(sequence=63)
    staff = make_staff(COUNTY, username="trainer")
    enrolment = completed(make_course(level="4"), worker, staff)
    today = timezone.localdate()
    training.record_assessment(enrolment, assessed_on=today, passed=True, by=staff)
    Candidate._base_manager.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        training.issue_certificate(enrolment, number="C-63", issued_on=today, by=staff)
    facts = facts_of(worker)
    assert facts["certificates"] == 1 and facts["certificate_level"] == 4
    codes = set(
        Candidate._base_manager.filter(worker=worker).values_list(
            "version__policy__code", flat=True
        )
    )
    assert "SQ-TRAINING-CERT" in codes


def test_a_lapsed_compliance_from_the_followups_is_refused_into_the_batch(bonus):
    """Still employed? The latest follow-up says the person left: held, with the reason."""
    worker = make_returnee(sequence=64)
    application = make_hire(worker, hired_on=datetime.date(2026, 6, 5))
    entitlement = services.apply_for(bonus, worker=worker, bank_name="农行", bank_account=card())
    Entitlement._base_manager.filter(pk=entitlement.pk).update(status="ready")
    schedule_followups(application.pk)
    # The follow-up alone (status untouched): the registry still says local_employed.
    application.followups.filter(months=1).update(
        result="left", left_on=datetime.date(2026, 8, 1), recorded_at=timezone.now()
    )
    payer = make_staff(COUNTY, username="payer")
    batch = services.build_batch(bonus.fund, COUNTY, "2026-12", by=payer)
    assert batch is None  # nothing payable: the one entitlement was held
    entitlement.refresh_from_db()
    assert entitlement.status == "on_hold" and not entitlement.payments.exists()
    assert "最近一次回访未离职（仍在岗：否） ✗" in entitlement.reason
    assert "发放时仍在本地就业（当前状态 本地就业） ✓" in entitlement.reason


def test_still_employed_keeps_the_payment(bonus):
    worker = make_returnee(sequence=65)
    application = make_hire(worker, hired_on=datetime.date(2026, 6, 5))
    entitlement = services.apply_for(bonus, worker=worker, bank_name="农行", bank_account=card())
    Entitlement._base_manager.filter(pk=entitlement.pk).update(status="ready")
    schedule_followups(application.pk)
    application.followups.filter(months=1).update(result="employed", recorded_at=timezone.now())
    payer = make_staff(COUNTY, username="payer")
    batch = services.build_batch(bonus.fund, COUNTY, "2026-12", by=payer)
    assert batch.payments.get().entitlement_id == entitlement.pk
