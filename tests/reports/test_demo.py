import pytest

from homeward.reports.demo_data import fill_reports
from homeward.reports.models import Step, Submission
from tests.factories import CITY, TOWN

pytestmark = pytest.mark.django_db


def test_the_demo_makes_a_year_of_reports_through_the_services(people, last_month):
    assert fill_reports([CITY]) == 12
    reports = Submission.objects.filter(region_id=TOWN)
    assert reports.count() == 12
    assert reports.get(month=last_month).state == "submitted"  # the newest waits for the county
    assert reports.filter(state="approved").count() == 11
    assert Step.objects.filter(kind="send_back").exists()
    assert reports.get(month=last_month).figures[TOWN]["labour_force"] == 5
    assert fill_reports([CITY]) == 0  # once
