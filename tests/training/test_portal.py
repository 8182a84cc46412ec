"""The worker's pages: the invitation in my courses, the course page, the one-tap enrolment,
certificates; another person's enrolment is not shown."""

import pytest
from django.urls import reverse

from homeward.training import services
from homeward.training.models import Enrolment
from tests.factories import VILLAGE, make_worker
from tests.portal.helpers import WORKER_PHONE, sign_in_worker

from .helpers import enrolled, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(db):
    return make_worker(VILLAGE, sequence=3, name="张三", phone=WORKER_PHONE, training_wish="电焊")


def test_an_invited_person_enrols_with_one_tap(
    client, learner, county_staff, django_capture_on_commit_callbacks
):
    course = make_course()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_to_course(course, [learner], by=county_staff)
    sign_in_worker(client, learner)
    page = client.get(reverse("portal:my-courses")).content.decode()
    assert "你被邀请参加" in page and course.title in page
    assert course.title in client.get(reverse("portal:inbox")).content.decode()
    response = client.post(reverse("portal:course-enrol", args=[course.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.worker == learner and enrolment.source == Enrolment.Source.INVITATION
    again = client.post(reverse("portal:course-enrol", args=[course.pk]), follow=True)
    assert "已报名这门课程" in again.content.decode()


def test_proposed_courses_show_without_an_invitation(client, learner):
    course = make_course()
    make_course(title="厨师班", occupation="cook")
    sign_in_worker(client, learner)
    page = client.get(reverse("portal:my-courses")).content.decode()
    assert course.title in page and "厨师班" not in page


def test_a_full_course_refuses_on_the_portal(client, learner, county_staff):
    course = make_course(capacity=1)
    enrolled(course, make_worker(VILLAGE, sequence=9), county_staff)
    sign_in_worker(client, learner)
    response = client.post(reverse("portal:course-enrol", args=[course.pk]), follow=True)
    assert "课程已满" in response.content.decode()


def test_enrolling_needs_sign_in(client):
    course = make_course()
    response = client.post(reverse("portal:course-enrol", args=[course.pk]))
    assert response["Location"].startswith(reverse("portal:signin"))
    assert client.get(reverse("portal:course", args=[course.pk])).status_code == 200


def test_another_persons_enrolment_is_out_of_reach(client, learner, county_staff):
    course = make_course()
    other = make_worker(VILLAGE, sequence=8, name="李四")
    enrolled(course, other, county_staff)
    sign_in_worker(client, learner)
    page = client.get(reverse("portal:my-courses")).content.decode()
    assert "李四" not in page and 'data-testid="enrolment"' not in page
    course_page = client.get(reverse("portal:course", args=[course.pk])).content.decode()
    assert 'data-testid="enrolled"' not in course_page
