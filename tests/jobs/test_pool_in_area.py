"""A posting's page tells each viewer how many workers of *their* area were considered, never
the size of the whole city's pool (issue 10, section 5)."""

import datetime

import pytest
from django.urls import reverse

from homeward.matching.services import refresh_posting_matches
from tests.factories import make_employer, make_posting, make_staff, make_worker

pytestmark = pytest.mark.django_db

TOWN, OTHER_TOWN_VILLAGE, COUNTY_B_VILLAGE = "321302001", "321302002001", "321311001001"


@pytest.fixture
def posting(db):
    job = make_posting(make_employer(TOWN), occupation="焊工")
    job.status, job.published_at = "published", datetime.datetime.now(datetime.UTC)
    job.save()
    make_worker(TOWN + "001", sequence=1, occupation_text="电焊工")
    for n, village in enumerate([OTHER_TOWN_VILLAGE] * 2 + [COUNTY_B_VILLAGE] * 3, start=2):
        make_worker(village, sequence=n, occupation_text="电焊工")
    stored = refresh_posting_matches(job)
    assert stored.pool == 6  # the whole city
    return job


@pytest.mark.parametrize(
    "area, shown",
    [("3213", 6), ("321302", 3), (TOWN, 1), (TOWN + "001", 1), ("321302002", 2)],
)
def test_each_viewer_is_told_their_own_areas_count(client, posting, area, shown):
    client.force_login(make_staff(area, username=f"staff-{area}"))
    response = client.get(reverse("jobs:detail", args=[posting.pk]))
    assert response.status_code == 200
    assert response.context["pool"] == shown
    note = response.content.decode().split('data-testid="pool">')[1].split("</p>")[0]
    assert f" {shown} " in note
    if shown != 6:
        assert " 6 " not in note  # the city's size is not told
