"""Town and village staff read (never change) the published postings of their county.

The profile of a village's worker recommends county postings; their links must open for the
village clerk, read-only. Drafts of the county and postings of other counties stay 404.
"""

import pytest
from django.urls import reverse

from homeward.jobs.models import Status
from tests.factories import VILLAGE, make_employer, make_posting, make_staff


@pytest.fixture
def village_staff(db):
    return make_staff(VILLAGE, username="village-staff")


@pytest.fixture
def county_jobs(db):
    employer = make_employer("321302002")  # a town of the same county, not the village's own
    return {
        "published": make_posting(employer, title="县里在招", status=Status.PUBLISHED),
        "draft": make_posting(employer, title="县里草稿"),
        "other_county": make_posting(
            make_employer("321311001"), title="别县在招", status=Status.PUBLISHED
        ),
        "own_draft": make_posting(make_employer(VILLAGE), title="本村草稿"),
    }


def test_village_clerk_reads_own_countys_published_posting(client, village_staff, county_jobs):
    client.force_login(village_staff)
    response = client.get(reverse("jobs:detail", args=[county_jobs["published"].pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "县里在招" in content and 'data-testid="from-county"' in content
    # Read-only: no edit link, no status moves, no recompute, no link to the employer's page.
    posting = county_jobs["published"]
    for name in ("jobs:edit", "jobs:fill", "jobs:close", "matching:refresh"):
        assert reverse(name, args=[posting.pk]) not in content, name
    assert reverse("employers:detail", args=[posting.employer_id]) not in content


def test_it_refuses_the_countys_drafts_and_other_counties(client, village_staff, county_jobs):
    client.force_login(village_staff)
    for key in ("draft", "other_county"):
        response = client.get(reverse("jobs:detail", args=[county_jobs[key].pk]))
        assert response.status_code == 404, key


def test_village_clerk_cannot_change_the_countys_posting(client, village_staff, county_jobs):
    posting = county_jobs["published"]
    client.force_login(village_staff)
    assert client.get(reverse("jobs:edit", args=[posting.pk])).status_code == 404
    form = {"title": "改掉", "occupation": "改掉", "headcount": 1}
    assert client.post(reverse("jobs:edit", args=[posting.pk]), form).status_code == 404
    for name in ("jobs:close", "jobs:fill"):
        assert client.post(reverse(name, args=[posting.pk])).status_code == 404, name
    assert client.post(reverse("matching:refresh", args=[posting.pk])).status_code == 404
    posting.refresh_from_db()
    assert posting.title == "县里在招" and posting.status == Status.PUBLISHED


def test_the_list_shows_the_countys_published_postings_marked(client, village_staff, county_jobs):
    client.force_login(village_staff)
    response = client.get(reverse("jobs:list"))
    rows = {p.title: p.from_county for p in response.context["page"].object_list}
    assert rows == {"县里在招": True, "本村草稿": False}
    assert response.context["page"].paginator.count == 2
    content = response.content.decode()
    assert "别县在招" not in content and "县里草稿" not in content
    assert content.count('data-testid="from-county"') == 1
    published = client.get(reverse("jobs:list"), {"status": "published"})
    assert [p.title for p in published.context["page"].object_list] == ["县里在招"]


def test_county_staff_list_is_unchanged(client, county_jobs):
    client.force_login(make_staff("321302", username="county-staff"))
    response = client.get(reverse("jobs:list"))
    titles = sorted(p.title for p in response.context["page"].object_list)
    assert titles == ["县里在招", "县里草稿", "本村草稿"]
    assert not any(p.from_county for p in response.context["page"].object_list)
