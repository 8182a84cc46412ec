"""Small makers for the training tests: a provider, a course, an enrolment moved along."""

import datetime

from django.utils import timezone

from homeward.training import services
from homeward.training.models import Course, Enrolment, Provider
from tests.factories import TOWN


def make_provider(region: str = TOWN, **fields) -> Provider:
    fields.setdefault("name", "宿城区技工学校")
    fields.setdefault("kind", Provider.Kind.TECHNICAL_SCHOOL)
    provider = Provider(region_id=region, **fields)
    provider.save()
    return provider


def make_course(region: str = TOWN, *, provider=None, days_ago: int = 10, **fields) -> Course:
    today = timezone.localdate()
    fields.setdefault("title", "电焊工培训班")
    fields.setdefault("occupation", "welder")
    fields.setdefault("level", "5")
    fields.setdefault("hours", 40)
    fields.setdefault("starts_on", today - datetime.timedelta(days=days_ago))
    fields.setdefault("ends_on", today + datetime.timedelta(days=20))
    fields.setdefault("place_kind", Course.Place.VILLAGE)
    fields.setdefault("capacity", 30)
    course = Course(provider=provider or make_provider(region), region_id=region, **fields)
    course.save()
    return course


def enrolled(course, worker, by) -> Enrolment:
    return services.enrol(course, worker, source=Enrolment.Source.STAFF, by=by)


def attending(course, worker, by, day=None) -> Enrolment:
    enrolment = enrolled(course, worker, by)
    services.mark_attendance(course, day=day or course.starts_on, present={enrolment.pk}, by=by)
    enrolment.refresh_from_db()
    return enrolment


def completed(course, worker, by, on=None) -> Enrolment:
    enrolment = attending(course, worker, by)
    return services.complete_enrolment(enrolment, completed_on=on or timezone.localdate(), by=by)
