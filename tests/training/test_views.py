"""The staff pages: create a provider and a course, enrol, mark attendance, complete, assess,
certify, invite — and pages of another county's records answer 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.training.models import Certificate, Course, Enrolment, Provider
from tests.factories import TOWN

from .helpers import attending, enrolled, make_course, make_provider

pytestmark = pytest.mark.django_db


def test_staff_create_a_provider_and_a_course(client, county_staff):
    client.force_login(county_staff)
    response = client.post(
        reverse("training:provider-create"),
        {"name": "宿城区技工学校", "kind": "technical_school", "region": TOWN, "licence": "X1"},
    )
    provider = Provider.objects.get()
    assert response.status_code == 302
    today = timezone.localdate()
    data = {
        "title": "送培入乡电焊班",
        "provider": provider.pk,
        "occupation": "welder",
        "level": "5",
        "hours": 40,
        "starts_on": today.isoformat(),
        "ends_on": today.isoformat(),
        "place_kind": "village",
        "region": "321302001001",
        "capacity": 20,
        "is_subsidised": "on",
    }
    response = client.post(reverse("training:course-create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    course = Course.objects.get()
    assert course.is_subsidised and course.region_id == "321302001001"
    page = client.get(reverse("training:course", args=[course.pk])).content.decode()
    assert "送培入乡电焊班" in page


def test_a_course_ending_before_it_starts_or_outside_the_area_is_refused(client, county_staff):
    client.force_login(county_staff)
    provider = make_provider()
    today = timezone.localdate()
    data = {
        "title": "班",
        "provider": provider.pk,
        "occupation": "welder",
        "level": "5",
        "hours": 40,
        "starts_on": today.isoformat(),
        "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
        "place_kind": "village",
        "region": "321311001",
        "capacity": 20,
    }
    page = client.post(reverse("training:course-create"), data).content.decode()
    assert not Course.objects.exists()
    assert "课程结束日期不能早于开始日期" in page
    assert "不在您的辖区" in page


def test_the_roster_moves_through_the_staff_pages(client, county_staff, worker):
    client.force_login(county_staff)
    course = make_course()
    client.post(reverse("training:course-enrol", args=[course.pk]), {"person": worker.id_number})
    enrolment = Enrolment.objects.get()
    day = course.starts_on.isoformat()
    page = client.get(reverse("training:course-attendance", args=[course.pk]), {"day": day})
    assert worker.name in page.content.decode()
    client.post(
        reverse("training:course-attendance", args=[course.pk]),
        {"day": day, "present": [enrolment.pk]},
    )
    today = timezone.localdate().isoformat()
    client.post(
        reverse("training:enrolment-complete", args=[enrolment.pk]), {"completed_on": today}
    )
    client.post(
        reverse("training:enrolment-assess", args=[enrolment.pk]),
        {"assessed_on": today, "passed": "yes", "score": "90"},
    )
    client.post(
        reverse("training:enrolment-certify", args=[enrolment.pk]),
        {"number": "JN-001", "issued_on": today},
    )
    assert Certificate.objects.get().enrolment == enrolment
    page = client.get(reverse("training:course", args=[course.pk])).content.decode()
    assert "JN-001" in page


def test_the_refusal_is_shown_in_chinese(client, county_staff, worker):
    client.force_login(county_staff)
    enrolment = attending(make_course(), worker, county_staff)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("training:enrolment-certify", args=[enrolment.pk]),
        {"number": "JN-001", "issued_on": today},
        follow=True,
    )
    assert "只能为已完成的课程发证" in response.content.decode()


def test_enrolling_the_same_person_twice_says_so(client, county_staff, worker):
    client.force_login(county_staff)
    course = make_course()
    enrolled(course, worker, county_staff)
    response = client.post(
        reverse("training:course-enrol", args=[course.pk]), {"worker": worker.pk}, follow=True
    )
    assert "张三已报名这门课程" in response.content.decode()


def test_another_countys_course_and_enrolment_answer_404(client, outsider, county_staff, worker):
    course = make_course()
    enrolment = enrolled(course, worker, county_staff)
    client.force_login(outsider)
    assert client.get(reverse("training:course", args=[course.pk])).status_code == 404
    assert client.get(reverse("training:enrolment", args=[enrolment.pk])).status_code == 404
    response = client.post(
        reverse("training:course-enrol", args=[course.pk]), {"worker": worker.pk}
    )
    assert response.status_code == 404
    assert "电焊工培训班" not in client.get(reverse("training:courses")).content.decode()


def test_a_leader_reads_but_may_not_enrol(client, leader, worker):
    course = make_course()
    client.force_login(leader)
    assert client.get(reverse("training:course", args=[course.pk])).status_code == 200
    response = client.post(
        reverse("training:course-enrol", args=[course.pk]), {"worker": worker.pk}
    )
    assert response.status_code == 403
    assert not Enrolment.objects.exists()


def test_the_staff_home_lists_courses_running_now(client, county_staff, outsider):
    make_course(title="正在上的课")
    client.force_login(county_staff)
    assert "正在上的课" in client.get(reverse("home")).content.decode()
    client.force_login(outsider)
    assert "正在上的课" not in client.get(reverse("home")).content.decode()
