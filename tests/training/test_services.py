"""The writes of training and every refusal: a full course, enrolling twice, a certificate for a
course not completed or not passed, a course outside the area, a leader's write."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.training import services
from homeward.training.models import Attendance, Certificate, Enrolment
from tests.factories import COUNTY_B, VILLAGE, make_worker

from .helpers import attending, completed, enrolled, make_course

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_enrol_then_attend_moves_to_attending_and_is_audited(county_staff, worker):
    course = make_course()
    enrolment = enrolled(course, worker, county_staff)
    assert enrolment.status == Enrolment.Status.ENROLLED and enrolment.region_id == course.region_id
    services.mark_attendance(course, day=course.starts_on, present={enrolment.pk}, by=county_staff)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ATTENDING
    assert Attendance.objects.get(enrolment=enrolment).present
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"training.enrolment.created", "training.attendance.marked"} <= codes


def test_a_full_course_refuses_one_more(county_staff):
    course = make_course(capacity=1)
    enrolled(course, make_worker(VILLAGE, sequence=1), county_staff)
    with pytest.raises(services.TrainingError, match="已满|full"):
        enrolled(course, make_worker(VILLAGE, sequence=2), county_staff)
    assert Enrolment.objects.filter(course=course).count() == 1
    assert AuditEvent.objects.filter(action="training.enrolment.full").exists()


def test_a_dropped_place_is_free_again(county_staff):
    course = make_course(capacity=1)
    first = enrolled(course, make_worker(VILLAGE, sequence=1), county_staff)
    services.drop_enrolment(first, by=county_staff)
    enrolled(course, make_worker(VILLAGE, sequence=2), county_staff)


def test_enrolling_twice_is_refused(county_staff, worker):
    course = make_course()
    enrolled(course, worker, county_staff)
    with pytest.raises(services.TrainingError, match="张三"):
        enrolled(course, worker, county_staff)
    assert Enrolment.objects.filter(course=course, worker=worker).count() == 1


def test_a_course_outside_the_area_is_refused(outsider, worker):
    course = make_course()
    with pytest.raises(services.TrainingError):
        enrolled(course, worker, outsider)
    assert not Enrolment.objects.exists()
    assert AuditEvent.objects.filter(action="training.area.refused").exists()


def test_an_ended_course_takes_no_one(county_staff, worker):
    course = make_course(days_ago=30, ends_on=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(services.TrainingError):
        enrolled(course, worker, county_staff)


def test_a_leader_may_not_enrol(leader, worker):
    with pytest.raises(PermissionDenied):
        enrolled(make_course(), worker, leader)
    assert AuditEvent.objects.filter(action="training.write.refused").exists()


def test_attendance_outside_the_course_days_is_refused(county_staff, worker):
    course = make_course()
    enrolment = enrolled(course, worker, county_staff)
    for day in (
        course.starts_on - datetime.timedelta(days=1),
        TODAY() + datetime.timedelta(days=1),
    ):
        with pytest.raises(services.TrainingError):
            services.mark_attendance(course, day=day, present={enrolment.pk}, by=county_staff)
    assert not Attendance.objects.exists()


def test_only_someone_attending_completes(county_staff, worker):
    enrolment = enrolled(make_course(), worker, county_staff)
    with pytest.raises(services.TrainingError):
        services.complete_enrolment(enrolment, completed_on=TODAY(), by=county_staff)


def test_a_certificate_for_a_course_not_completed_is_refused(county_staff, worker):
    course = make_course()
    enrolment = attending(course, worker, county_staff)
    services.record_assessment(enrolment, assessed_on=TODAY(), passed=True, by=county_staff)
    with pytest.raises(services.TrainingError, match="完成|completed"):
        services.issue_certificate(enrolment, number="S001", issued_on=TODAY(), by=county_staff)
    assert not Certificate.objects.exists()
    assert AuditEvent.objects.filter(action="training.certificate.refused").exists()


def test_a_certificate_needs_a_passed_assessment(county_staff, worker):
    enrolment = completed(make_course(), worker, county_staff)
    with pytest.raises(services.TrainingError):
        services.issue_certificate(enrolment, number="S001", issued_on=TODAY(), by=county_staff)
    services.record_assessment(enrolment, assessed_on=TODAY(), passed=False, by=county_staff)
    with pytest.raises(services.TrainingError):
        services.issue_certificate(enrolment, number="S001", issued_on=TODAY(), by=county_staff)


def test_certificate_of_a_completed_passed_course_is_the_persons(county_staff, worker):
    course = make_course(level="special")
    enrolment = completed(course, worker, county_staff)
    services.record_assessment(
        enrolment, assessed_on=TODAY(), passed=True, score=86, by=county_staff
    )
    certificate = services.issue_certificate(
        enrolment, number=" s-2026-001 ", issued_on=TODAY(), by=county_staff
    )
    assert certificate.number == "S-2026-001"
    assert certificate.kind == Certificate.Kind.SPECIAL
    assert certificate.region_id == worker.region_id
    assert list(Certificate.objects.of_person(worker)) == [certificate]
    with pytest.raises(services.TrainingError):  # one per enrolment
        services.issue_certificate(enrolment, number="S-2", issued_on=TODAY(), by=county_staff)


def test_a_certificate_number_is_issued_once(county_staff):
    course = make_course()
    numbers = []
    for sequence in (1, 2):
        enrolment = completed(course, make_worker(VILLAGE, sequence=sequence), county_staff)
        services.record_assessment(enrolment, assessed_on=TODAY(), passed=True, by=county_staff)
        numbers.append(enrolment)
    services.issue_certificate(numbers[0], number="N1", issued_on=TODAY(), by=county_staff)
    with pytest.raises(services.TrainingError):
        services.issue_certificate(numbers[1], number="n1", issued_on=TODAY(), by=county_staff)


def test_assessment_score_out_of_range_is_refused(county_staff, worker):
    enrolment = attending(make_course(), worker, county_staff)
    with pytest.raises(services.TrainingError):
        services.record_assessment(
            enrolment, assessed_on=TODAY(), passed=True, score=101, by=county_staff
        )


def test_an_enrolled_person_cannot_be_assessed_before_attending(county_staff, worker):
    enrolment = enrolled(make_course(), worker, county_staff)
    with pytest.raises(services.TrainingError):
        services.record_assessment(enrolment, assessed_on=TODAY(), passed=True, by=county_staff)


def test_a_course_of_another_county_is_not_saved(outsider):
    from homeward.training.forms import CourseForm

    course = make_course()
    form = CourseForm(instance=course, area=COUNTY_B, data={})
    with pytest.raises(services.TrainingError):
        services.save_course(form, by=outsider)


def test_an_ended_course_sends_no_invitations(county_staff, worker):
    course = make_course(days_ago=30, ends_on=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(services.TrainingError):
        services.invite_to_course(course, [worker], by=county_staff)


def test_places_cannot_drop_below_the_people_enrolled(county_staff):
    from homeward.training.forms import CourseForm

    course = make_course(capacity=2)
    for sequence in (1, 2):
        enrolled(course, make_worker(VILLAGE, sequence=sequence), county_staff)
    data = {
        "title": course.title,
        "provider": course.provider_id,
        "occupation": course.occupation,
        "level": course.level,
        "hours": course.hours,
        "starts_on": course.starts_on,
        "ends_on": course.ends_on,
        "place_kind": course.place_kind,
        "region": course.region_id,
        "capacity": 1,
    }
    form = CourseForm(data, instance=course, area="321302")
    assert form.is_valid(), form.errors
    with pytest.raises(services.TrainingError, match="2"):
        services.save_course(form, by=county_staff)
    course.refresh_from_db()
    assert course.capacity == 2
