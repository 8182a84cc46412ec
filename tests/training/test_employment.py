"""Employment after training against a hand-counted fixture.

Course 1 (provider 1, county A), completed eight months ago by:
    A  hired through Homeward two months after completing        → employed
    B  hired a month before completing (and nothing since)       → not: work began before
    C  hired seven months after completing                       → not: after the six months
    D  never employed                                            → not
Course 2 (provider 2, county B), completed eight months ago by:
    E  status changed to employed locally three months after     → employed
    F  status changed to working away exactly six months after   → employed (the day counts)
Course 3 (provider 1, county A), completed today by:
    G  not employed yet                                          → not employed, pending
So: course 1 1/4, course 2 2/2, course 3 0/1 (1 pending); provider 1 1/5, provider 2 2/2;
county A 1/5, county B 2/2; everything 3/7.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.placements import services as placements
from homeward.training import employment
from homeward.training.models import Course, Enrolment
from homeward.training.outcomes import Completion, Start, add_months, outcomes
from homeward.workers.services import record_status
from tests.factories import COUNTY_B, TOWN, make_employer, make_posting, make_worker

from .helpers import make_course, make_provider

pytestmark = pytest.mark.django_db
VILLAGE_B = "321311001001"


def _done(course, worker, on):
    enrolment = Enrolment(
        course=course,
        worker=worker,
        region_id=course.region_id,
        source="staff",
        enrolled_on=course.starts_on,
        status=Enrolment.Status.COMPLETED,
        completed_on=on,
    )
    enrolment.save()
    return enrolment


def _hire(worker, day, posting):
    application, _ = placements.apply(worker, posting, source="staff", by="staff")
    placements.hire(application, hired_on=day, contract_months=12, by="staff")


@pytest.fixture
def fixture(db):
    today = timezone.localdate()
    done = add_months(today, -8)
    posting = make_posting(make_employer(TOWN), status="published")
    provider1, provider2 = (
        make_provider(TOWN, name="一号学校"),
        make_provider("321311001", name="二号学校"),
    )
    old = {"starts_on": done - datetime.timedelta(days=20), "ends_on": done}
    course1 = make_course(TOWN, provider=provider1, title="一班", **old)
    course2 = make_course("321311001", provider=provider2, title="二班", **old)
    course3 = make_course(TOWN, provider=provider1, title="三班")
    people = {}
    for n, (key, home) in enumerate(
        [
            ("A", "321302001001"),
            ("B", "321302001001"),
            ("C", "321302001002"),
            ("D", "321302001001"),
            ("E", VILLAGE_B),
            ("F", VILLAGE_B),
            ("G", "321302001001"),
        ],
        start=1,
    ):
        people[key] = make_worker(home, sequence=n, name=f"学员{key}")
    for key in "ABCD":
        _done(course1, people[key], done)
    for key in "EF":
        _done(course2, people[key], done)
    _done(course3, people["G"], today)
    _hire(people["A"], add_months(done, 2), posting)
    _hire(people["B"], done - datetime.timedelta(days=31), posting)
    _hire(people["C"], add_months(done, 7), make_posting(make_employer(TOWN), status="published"))
    record_status(
        people["E"], status="local_employed", occurred_on=add_months(done, 3), source="staff"
    )
    record_status(
        people["F"], status="out_migrant", occurred_on=add_months(done, 6), source="staff"
    )
    return {"courses": (course1, course2, course3), "providers": (provider1, provider2), **people}


def _counts(rate):
    return len(rate.employed), rate.completed, len(rate.pending)


def test_employment_after_training_matches_the_hand_count(fixture):
    report = employment.report(Course.objects.all())
    course1, course2, course3 = fixture["courses"]
    provider1, provider2 = fixture["providers"]
    assert _counts(report.total) == (3, 7, 1)
    assert report.total.percent == 42.9
    assert _counts(report.by_course[course1]) == (1, 4, 0)
    assert _counts(report.by_course[course2]) == (2, 2, 0)
    assert _counts(report.by_course[course3]) == (0, 1, 1)
    assert _counts(report.by_provider[provider1]) == (1, 5, 1)
    assert _counts(report.by_provider[provider2]) == (2, 2, 0)
    assert _counts(report.by_county["321302"]) == (1, 5, 1)
    assert _counts(report.by_county[COUNTY_B]) == (2, 2, 0)
    employed = {o.completion.worker: o.source for o in report.total.employed}
    assert employed == {
        fixture["A"].pk: "hire",
        fixture["E"].pk: "status",
        fixture["F"].pk: "status",
    }


def test_the_rate_page_lists_its_people(client, fixture, city_staff):
    client.force_login(city_staff)
    page = client.get(reverse("training:outcomes")).content.decode()
    assert "42.9%" in page
    course1 = fixture["courses"][0]
    url = reverse("training:outcome-people")
    employed = client.get(url, {"course": course1.pk, "which": "employed"}).content.decode()
    assert "学员A" in employed and "学员B" not in employed and "学员D" not in employed
    everyone = client.get(url, {"course": course1.pk, "which": "all"}).content.decode()
    assert all(f"学员{k}" in everyone for k in "ABCD")
    pending = client.get(url, {"which": "pending"}).content.decode()
    assert "学员G" in pending and "学员A" not in pending


def test_a_county_sees_only_its_own_courses_rates(client, fixture, outsider):
    client.force_login(outsider)  # county B
    report_page = client.get(reverse("training:outcomes")).content.decode()
    assert "二班" in report_page and "一班" not in report_page
    other = client.get(reverse("training:outcome-people"), {"course": fixture["courses"][0].pk})
    assert other.status_code == 404


def test_months_and_the_window_edges():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 1, 15), -8) == datetime.date(2025, 5, 15)
    done = datetime.date(2026, 1, 10)
    completions = [Completion(1, 1, done), Completion(2, 2, done), Completion(3, 3, done)]
    starts = [
        Start(1, done, "status"),  # the completion day itself counts
        Start(2, datetime.date(2026, 7, 11), "hire"),  # a day past six months
        Start(3, datetime.date(2026, 1, 9), "hire"),  # the day before
    ]
    found = outcomes(completions, starts, today=datetime.date(2026, 12, 1))
    assert [o.employed_on for o in found] == [done, None, None]
    assert not any(o.pending for o in found)
