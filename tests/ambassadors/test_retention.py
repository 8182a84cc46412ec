"""Retention at 3 months by ambassador and by fair against a hand count, with the people.

p0, p1 recorded as referred by 李大使 before their hires; p2 not referred, hired at a fair.
p0 still employed at 3 months, p1 left at 1 month (3 closed as left), p2 still employed.
    by ambassador: 李大使 1 kept / 2 answered = 50 %; none 1 / 1 = 100 %
    by fair: the fair 1 / 1; none 1 / 2
"""

import pytest
from django.utils import timezone

from homeward.ambassadors import services
from homeward.fairs.models import Booth, Fair, Intention
from homeward.followups import reports
from homeward.followups.models import FollowUp
from homeward.followups.services import record_followup, schedule_followups
from tests.factories import VILLAGE, make_hire, make_posting, make_worker

from .conftest import months_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def hires(ambassador, employer, county_staff):
    people = [make_worker(VILLAGE, sequence=80 + n, name=f"留{n}") for n in range(3)]
    for p in people[:2]:
        services.record_referral(ambassador, p, consent=True)
    h = [make_hire(p, make_posting(employer), hired_on=months_ago(4)) for p in people]
    today = timezone.localdate()
    fair = Fair(region_id="321302", kind="onsite", title="春风行动", starts_on=today, ends_on=today)
    fair.save()
    booth = Booth(fair=fair, employer=employer)
    booth.save()
    Intention(
        fair=fair, booth=booth, worker=people[2], posting=h[2].posting, application=h[2]
    ).save()
    for x in h:
        schedule_followups(x.pk)

    def answer(x, months, result, **extra):
        f = FollowUp.objects.get(application=x, months=months)
        record_followup(f, result=result, via="staff", by=county_staff, **extra)

    answer(h[0], 3, "employed")
    answer(h[1], 1, "left", left_on=months_ago(3), reason="wage")
    answer(h[2], 3, "employed")
    return {"h": h, "fair": fair}


def test_by_ambassador(hires, ambassador):
    whole, rows = reports.retention(3, "ambassador", area="321302", today=months_ago(0))
    by = {row["key"]: row for row in rows}
    assert by[ambassador.pk]["label"] == "李大使"
    assert (len(by[ambassador.pk]["rate"].kept), len(by[ambassador.pk]["rate"].answered)) == (1, 2)
    assert by[ambassador.pk]["rate"].percent == 50.0
    assert by["none"]["rate"].percent == 100.0
    people = reports.people(3, "ambassador", str(ambassador.pk), "answered", today=months_ago(0))
    assert sorted(f.application_id for f in people) == sorted(x.pk for x in hires["h"][:2])


def test_by_fair(hires):
    whole, rows = reports.retention(3, "fair", area="321302", today=months_ago(0))
    by = {row["key"]: row["rate"] for row in rows}
    fair = hires["fair"].pk
    assert (len(by[fair].kept), len(by[fair].answered)) == (1, 1)
    assert (len(by["none"].kept), len(by["none"].answered)) == (1, 2)
    people = reports.people(3, "fair", str(fair), "kept", today=months_ago(0))
    assert [f.application_id for f in people] == [hires["h"][2].pk]


def test_the_retention_page_shows_both(client, hires, county_staff):
    client.force_login(county_staff)
    page = client.get("/followups/retention/?months=3").content.decode()
    assert "按招聘大使" in page and "按招聘会" in page and "李大使" in page
