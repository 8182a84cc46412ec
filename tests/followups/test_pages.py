"""Staff pages of follow-ups, the worker's one tap and the employer's confirmation; county B
staff, another worker and another employer get 404."""

import time

import pytest

from homeward.employers.models import EmployerUser
from homeward.followups.models import FollowUp
from homeward.portal import identity
from tests.factories import make_worker
from tests.portal.helpers import sign_in_worker

pytestmark = pytest.mark.django_db


def _portal(client, **keys):
    session = client.session
    session.update({**keys, identity.SIGNED_IN_AT: time.time()})
    session.save()


def test_the_village_clerk_sees_them_due_and_records_one(client, hired, village_staff):
    client.force_login(village_staff)
    page = client.get("/followups/?show=overdue")
    assert page.status_code == 200 and "张三" in page.content.decode()
    assert page.context["counts"]["overdue"] == 3
    followup = FollowUp.objects.get(application=hired, months=1)
    response = client.post(f"/followups/{followup.pk}/", {"result": "employed"})
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.result == "employed"
    again = client.post(f"/followups/{followup.pk}/", {"result": "employed"})
    assert again.status_code == 200 and "不能重复记录" in again.content.decode()
    queues = {q.key: q for q in client.get("/staff/").context["queues"]}
    assert queues["followups"].count == 2


def test_county_b_staff_get_404(client, hired, outsider):
    client.force_login(outsider)
    followup = FollowUp.objects.filter(application=hired).first()
    assert client.get(f"/followups/{followup.pk}/").status_code == 404
    assert client.post(f"/followups/{followup.pk}/", {"result": "employed"}).status_code == 404
    assert client.get("/followups/?show=overdue").context["counts"]["overdue"] == 0
    followup.refresh_from_db()
    assert followup.result == ""


def test_a_leader_cannot_record(client, hired, leader):
    client.force_login(leader)
    followup = FollowUp.objects.filter(application=hired).first()
    assert client.post(f"/followups/{followup.pk}/", {"result": "employed"}).status_code == 403


def test_the_worker_answers_with_one_tap(client, hired, worker):
    sign_in_worker(client, worker)
    page = client.get("/m/followups")
    html = page.content.decode()
    assert page.status_code == 200 and "还在这里工作吗？" in html
    followup = FollowUp.objects.get(application=hired, months=1)
    client.post(f"/m/followups/{followup.pk}", {"result": "employed"})
    followup.refresh_from_db()
    assert (followup.result, followup.recorded_via) == ("employed", "worker")
    later = FollowUp.objects.get(application=hired, months=3)
    client.post(
        f"/m/followups/{later.pk}",
        {"result": "left", "left_on": str(hired.hired_on), "reason": "family"},
    )
    later.refresh_from_db()
    assert (later.result, later.reason) == ("left", "family")


def test_another_workers_followup_answers_404(client, hired):
    other = make_worker("321302001001", sequence=11, name="李四", phone="13911112222")
    sign_in_worker(client, other, phone="13911112222")
    followup = FollowUp.objects.filter(application=hired).first()
    assert client.post(f"/m/followups/{followup.pk}", {"result": "employed"}).status_code == 404


def test_the_employer_confirms_and_another_employer_gets_404(
    client, hired, employer, other_employer
):
    mine = EmployerUser(employer=employer, name="王经理", phone="13500001111")
    mine.save()
    theirs = EmployerUser(employer=other_employer, name="李经理", phone="13500002222")
    theirs.save()
    followup = FollowUp.objects.get(application=hired, months=6)
    _portal(client, **{identity.EMPLOYER_USER: theirs.pk})
    assert client.post(f"/e/followups/{followup.pk}", {"result": "employed"}).status_code == 404
    _portal(client, **{identity.EMPLOYER_USER: mine.pk})
    assert "张三" in client.get("/e/followups").content.decode()
    client.post(f"/e/followups/{followup.pk}", {"result": "employed"})
    followup.refresh_from_db()
    assert (followup.result, followup.recorded_via) == ("employed", "employer")
