"""培训即就业: a course's training-site fair is an on-site fair of the course's area, to which
employers bring booths as to any fair; the hires there of the people who took the course are
traced to it (their intentions at that fair, hired), and count in its employment after
training. Refused: a second fair, a day outside the course (and 30 days after), another area's
course, a leader."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from homeward.fairs import services as fairs
from homeward.fairs.models import Fair
from homeward.placements import services as placements
from homeward.training import employment, services
from homeward.training.services import TrainingError
from tests.factories import VILLAGE, make_employer, make_posting, make_worker
from tests.training.helpers import completed, make_course


@pytest.fixture
def course(db):
    return make_course(place="村委会培训室")


def _hire_at(fair, worker, by, employer_region="321302001"):
    posting = make_posting(make_employer(employer_region), title="电焊工", status="published")
    booth = fairs.sign_up_booth(fair, posting.employer, [posting], by=by)
    fairs.approve_booth(booth, by=by)
    intention, _ = fairs.record_intention(fair, worker, posting, by=by)
    placements.hire(intention.application, hired_on=timezone.localdate(), contract_months=12,
                    by="staff")  # fmt: skip
    return intention


def test_the_site_fair_traces_its_hires_to_the_course(course, county_staff):
    trained = make_worker(VILLAGE, sequence=3, name="张三")
    other = make_worker(VILLAGE, sequence=4, name="李四")  # came to the fair, not on the course
    completed(course, trained, county_staff)
    fair = services.open_site_fair(course, on=timezone.localdate(), by=county_staff)
    course.refresh_from_db()
    assert course.site_fair == fair and fair.kind == "onsite" and fair.region_id == course.region_id
    assert "村委会培训室" in fair.venue
    _hire_at(fair, trained, county_staff)
    _hire_at(fair, other, county_staff, employer_region="321302002")
    hires = list(services.site_fair_hires(course))
    assert [i.worker.name for i in hires] == ["张三"]
    rate = employment.course_rate(course)
    assert (len(rate.employed), rate.completed) == (1, 1)


def test_site_fair_refusals(course, county_staff, outsider, leader):
    today = timezone.localdate()
    with pytest.raises(TrainingError, match="之间"):
        services.open_site_fair(course, on=course.starts_on - datetime.timedelta(days=1),
                                by=county_staff)  # fmt: skip
    with pytest.raises(TrainingError):
        services.open_site_fair(course, on=today, by=outsider)
    with pytest.raises(PermissionDenied):
        services.open_site_fair(course, on=today, by=leader)
    assert not Fair.objects.exists()
    services.open_site_fair(course, on=today, by=county_staff)
    with pytest.raises(TrainingError, match="已有"):
        services.open_site_fair(course, on=today, by=county_staff)
    assert Fair.objects.count() == 1


def test_the_course_page_opens_the_fair_and_lists_its_hires(client, course, county_staff):
    trained = make_worker(VILLAGE, sequence=3, name="张三")
    completed(course, trained, county_staff)
    client.force_login(county_staff)
    url = reverse("training:course-site-fair", args=[course.pk])
    late = client.post(url, {"on": f"{course.ends_on + datetime.timedelta(days=31):%Y-%m-%d}"})
    assert late.status_code == 302 and not Fair.objects.exists()
    response = client.post(url, {"on": f"{timezone.localdate():%Y-%m-%d}"})
    fair = Fair.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "fairs:detail", args=[fair.pk]
    )
    _hire_at(fair, trained, county_staff)
    page = client.get(reverse("training:course", args=[course.pk]))
    assert [i.worker.name for i in page.context["site_hires"]] == ["张三"]
    assert 'data-testid="site-hires-count">1<' in page.content.decode()
