"""Proposals and invitations: people who wished for training are proposed the courses whose
trade and place fit them; an invitation goes in-app, by SMS when allowed and not at night."""

import datetime

import pytest
from django.utils import timezone

from homeward.outreach.models import OutboxMessage
from homeward.training import proposals, services
from homeward.training.fit import course_fit
from homeward.training.models import Course, Invitation
from tests.factories import VILLAGE, make_worker

from .helpers import make_course

pytestmark = pytest.mark.django_db


def test_the_wished_trade_fits_and_an_unrelated_one_does_not():
    fit = dict(training_wish="想学电焊", occupation="", home=VILLAGE, place="321302001")
    assert course_fit(course_occupation="welder", **fit).wished
    assert (
        course_fit(course_occupation="machinist", **fit).score
        < course_fit(course_occupation="welder", **fit).score
    )  # a related trade, half the points
    assert course_fit(course_occupation="cook", **fit) is None
    # Nearer is better; another province is too far; online is near.
    same_town = course_fit(course_occupation="welder", **fit).score
    fit["place"] = "321311"
    assert course_fit(course_occupation="welder", **fit).score < same_town
    fit["place"] = "5110"
    assert course_fit(course_occupation="welder", **fit) is None
    assert course_fit(course_occupation="welder", online=True, **fit) is not None


def test_without_a_wished_trade_the_persons_own_trade_is_used():
    fit = course_fit(
        training_wish="", occupation="cook", home=VILLAGE, course_occupation="cook", place="3213"
    )
    assert fit is not None and not fit.wished


def test_people_for_a_course_are_those_who_wished_for_training(county_staff):
    course = make_course()
    wants = make_worker(VILLAGE, sequence=1, name="想学", training_wish="电焊")
    needs = make_worker(
        VILLAGE, sequence=2, name="需要", service_needs="job,training", occupation="welder"
    )
    make_worker(VILLAGE, sequence=3, name="不想", occupation="welder")
    make_worker(VILLAGE, sequence=4, name="别的", training_wish="厨师")
    found = [p.worker.pk for p in proposals.people_for_course(course)]
    assert found == [wants.pk, needs.pk]


def test_an_invitation_reaches_the_inbox_and_the_phone_once(
    county_staff, settings, django_capture_on_commit_callbacks
):
    settings.CAMPAIGN_QUIET_HOURS = None
    course = make_course()
    person = make_worker(
        VILLAGE, sequence=1, training_wish="电焊", phone="13900001111", consents_to_contact=True
    )
    quiet = make_worker(VILLAGE, sequence=2, training_wish="电焊")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invite_to_course(course, [person, quiet], by=county_staff)
        assert len(sent) == 2
        assert services.invite_to_course(course, [person], by=county_staff) == []  # once
    inbox = OutboxMessage._base_manager.filter(worker=person, channel="inapp")
    assert inbox.count() == 1 and course.title in inbox.get().text
    assert f"/m/courses/{course.pk}" in inbox.get().text
    assert OutboxMessage._base_manager.filter(worker=person, channel="sms").count() == 1
    assert Invitation.objects.get(worker=person).sms == Invitation.Sms.SENT
    assert Invitation.objects.get(worker=quiet).sms == Invitation.Sms.NOT_WANTED


def test_no_sms_in_the_quiet_hours(
    county_staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CAMPAIGN_QUIET_HOURS = (21, 8)
    night = datetime.datetime(2026, 3, 2, 23, 0, tzinfo=datetime.UTC)  # 07:00 Beijing
    monkeypatch.setattr(timezone, "now", lambda: night)
    course = make_course(ends_on=datetime.date(2026, 4, 1), starts_on=datetime.date(2026, 3, 1))
    person = make_worker(
        VILLAGE, sequence=1, training_wish="电焊", phone="13900001111", consents_to_contact=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_to_course(course, [person], by=county_staff)
    assert not OutboxMessage._base_manager.filter(worker=person, channel="sms").exists()
    assert OutboxMessage._base_manager.filter(worker=person, channel="inapp").exists()
    assert Invitation.objects.get(worker=person).sms == Invitation.Sms.QUIET


def test_people_outside_the_inviters_area_are_not_invited(town_staff, county_staff):
    course = make_course()
    other_town = make_worker("321302002001", sequence=1, training_wish="电焊")
    assert services.invite_to_course(course, [other_town], by=town_staff) == []


def test_courses_for_a_worker_leave_out_ended_and_unfitting_ones():
    person = make_worker(VILLAGE, sequence=1, training_wish="电焊")
    fits = make_course()
    make_course(title="厨师班", occupation="cook")
    today = timezone.localdate()
    make_course(
        title="旧班",
        starts_on=today - datetime.timedelta(days=40),
        ends_on=today - datetime.timedelta(days=1),
    )
    assert [c.pk for c, _ in proposals.courses_for_worker(person)] == [fits.pk]
    assert Course.objects.count() == 3
