"""Retention at 3 and 6 months against hand-counted follow-ups, with the people behind each rate.

Four hires 7 months ago, all milestones due. Employer E1: h1 (still employed at 3 and 6),
h2 (left at 1 month: 3 and 6 closed as left). Employer E2: h3 (employed at 3, left at 6),
h4 (not answered). h1 came from a push campaign, h3 from a job fair.
    3 months: answered h1 h2 h3, kept h1 h3 → 66.7 %; E1 1/2 = 50 %, E2 1/1 = 100 %, 1 waiting
    6 months: answered h1 h2 h3, kept h1 → 33.3 %
"""

import pytest

from homeward.campaigns.models import Campaign
from homeward.followups import rates, reports
from homeward.followups.models import FollowUp
from homeward.followups.services import record_followup, schedule_followups
from tests.factories import VILLAGE, make_hire, make_posting, make_worker

from .conftest import months_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def hires(db, employer, other_employer, county_staff):
    campaign = Campaign(
        region_id="321302", name="春风行动", channel="inapp", template="{name} {link}"
    )
    campaign.save()
    people = [make_worker(VILLAGE, sequence=60 + n, name=f"工{n}") for n in range(4)]
    h1 = make_hire(people[0], make_posting(employer), hired_on=months_ago(7), campaign=campaign)
    h2 = make_hire(people[1], make_posting(employer), hired_on=months_ago(7))
    h3 = make_hire(people[2], make_posting(other_employer), hired_on=months_ago(7), source="fair")
    h4 = make_hire(people[3], make_posting(other_employer), hired_on=months_ago(7))
    for h in (h1, h2, h3, h4):
        schedule_followups(h.pk)

    def answer(h, months, result, **extra):
        followup = FollowUp.objects.get(application=h, months=months)
        record_followup(followup, result=result, via="staff", by=county_staff, **extra)

    answer(h1, 3, "employed")
    answer(h1, 6, "employed")
    answer(h2, 1, "left", left_on=months_ago(6), reason="wage")
    answer(h3, 3, "employed")
    answer(h3, 6, "left", left_on=months_ago(1), reason="conditions")
    return {"h1": h1, "h2": h2, "h3": h3, "h4": h4, "campaign": campaign}


def _apps(ids):
    return sorted(FollowUp.objects.filter(pk__in=ids).values_list("application_id", flat=True))


def test_retention_at_three_months(hires, employer, other_employer):
    h = {k: v.pk for k, v in hires.items() if k.startswith("h")}
    whole, rows = reports.retention(3, "employer", area="321302", today=months_ago(0))
    assert whole.percent == 66.7
    assert _apps(whole.kept) == sorted([h["h1"], h["h3"]])
    assert _apps(whole.answered) == sorted([h["h1"], h["h2"], h["h3"]])
    assert _apps(whole.waiting) == [h["h4"]]
    by = {row["key"]: row["rate"] for row in rows}
    assert by[employer.pk].percent == 50.0 and _apps(by[employer.pk].kept) == [h["h1"]]
    assert by[other_employer.pk].percent == 100.0
    assert _apps(by[other_employer.pk].waiting) == [h["h4"]]


def test_retention_at_six_months_by_campaign_and_source(hires):
    h = {k: v.pk for k, v in hires.items() if k.startswith("h")}
    whole, rows = reports.retention(6, "campaign", area="321302", today=months_ago(0))
    assert whole.percent == 33.3 and _apps(whole.kept) == [h["h1"]]
    by = {row["key"]: row["rate"] for row in rows}
    assert by[hires["campaign"].pk].percent == 100.0
    assert by[reports.NO_CAMPAIGN].percent == 0.0  # h2 and h3 left, h4 waiting
    _whole, rows = reports.retention(6, "source", area="321302", today=months_ago(0))
    by = {row["key"]: row["rate"] for row in rows}
    assert by["fair"].percent == 0.0 and _apps(by["fair"].answered) == [h["h3"]]


def test_retention_by_place_rolls_up_to_the_towns(hires):
    whole, rows = reports.retention(3, "area", area="321302", today=months_ago(0))
    assert [row["key"] for row in rows] == ["321302001"] and rows[0]["rate"].percent == 66.7


def test_the_people_behind_a_rate(hires, employer):
    rows = reports.people(3, "employer", str(employer.pk), "answered", today=months_ago(0))
    assert sorted(f.worker.name for f in rows) == ["工0", "工1"]
    rows = reports.people(3, "employer", str(employer.pk), "kept", today=months_ago(0))
    assert [f.worker.name for f in rows] == ["工0"]


def test_the_page_links_numerator_and_denominator(client, hires, county_staff, outsider):
    client.force_login(county_staff)
    html = client.get("/followups/retention/?months=3").content.decode()
    assert "66.7%" in html and "which=kept" in html and "which=answered" in html
    people = client.get("/followups/retention/people/?months=3&by=area&key=all&which=kept")
    shown = people.content.decode()
    assert "工0" in shown and "工2" in shown and "工1" not in shown and "工3" not in shown
    client.force_login(outsider)
    html = client.get("/followups/retention/?months=3").content.decode()
    assert "66.7%" not in html


def test_rates_are_plain_arithmetic():
    rows = [("a", 1, "employed"), ("a", 2, "left"), ("a", 3, ""), ("b", 4, "left")]
    found = rates.rates(rows)
    assert found["a"].percent == 50.0 and found["a"].waiting == [3]
    assert found["b"].percent == 0.0
    assert rates.rates([("c", 5, "")])["c"].percent is None
