"""Interviews and hires happen around now, and a hire dated ahead does not freeze the person's
status: a form error or a service refusal, never a 500 or a status that later changes cannot
move."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.codes import bounds
from homeward.placements import services
from homeward.placements.models import Application
from homeward.scoping import area_scope
from homeward.workers.models import Worker
from homeward.workers.services import record_status
from tests.factories import VILLAGE, make_posting, make_worker
from tests.portal.test_employer_signin import make_employer_user, sign_in_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(client):
    user = make_employer_user()
    sign_in_employer(client, user)
    return user


@pytest.fixture
def application(hr):
    posting = make_posting(hr.employer, title="插件工")
    posting.status = "published"
    posting.save()
    worker = make_worker(VILLAGE, sequence=7, name="张三丰", phone="13712345678")
    return services.apply(worker, posting)[0]


@pytest.mark.parametrize("at", ["0001-01-01T09:00", "9999-12-31T09:00", "1990-05-01T09:00"])
def test_an_interview_far_from_now_is_a_form_error(client, application, at):
    url = reverse("portal:employer-interview", args=[application.pk])
    response = client.post(url, {"at": at, "place": "厂区东门"})
    assert response.status_code == 200
    assert "面试时间应在" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == "applied"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2000-01-01"])
def test_a_hire_far_from_now_is_a_form_error(client, application, day):
    url = reverse("portal:employer-hire", args=[application.pk])
    response = client.post(url, {"hired_on": day, "contract_months": "12"})
    assert response.status_code == 200
    assert "入职日期应在" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == "applied"


def test_the_services_refuse_days_out_of_the_window_too(application):
    far = timezone.localdate() + datetime.timedelta(days=365 * 3)
    with pytest.raises(services.ApplicationError):
        services.hire(application, hired_on=far, contract_months=12, by="staff:x")
    with pytest.raises(services.ApplicationError):
        services.invite_to_interview(
            application, at=timezone.now().replace(year=1990), place="", by="staff:x"
        )
    assert Application.objects.get(pk=application.pk).status == "applied"


def test_a_hire_dated_ahead_does_not_freeze_later_changes(application):
    """Hired to start next month: the status says so, and a change staff record today still
    takes effect (the newest event counts, a day ahead counting as today)."""
    ahead = min(
        timezone.localdate() + datetime.timedelta(days=30),
        bounds.event_window(timezone.localdate())[1],
    )
    services.hire(application, hired_on=ahead, contract_months=12, by="employer:1")
    worker = Worker._base_manager.get(pk=application.worker_id)
    assert worker.status in ("local_employed", "out_migrant") and worker.status_since == ahead
    with area_scope(worker.region_id):
        record_status(worker, status="unemployed", occurred_on=timezone.localdate(), source="staff")
    worker.refresh_from_db()
    assert worker.status == "unemployed" and worker.status_since == timezone.localdate()
    with area_scope(worker.region_id):  # an entry dated before the hire is history, not news
        record_status(
            worker,
            status="flexible",
            occurred_on=timezone.localdate() - datetime.timedelta(days=3),
            source="staff",
        )
    worker.refresh_from_db()
    assert worker.status == "unemployed"
