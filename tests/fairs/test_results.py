"""Results of a fair and of a season against a hand-counted fixture; each figure's list holds
exactly the rows counted, and the results page links every number."""

from django.urls import reverse
from django.utils import timezone

from homeward.fairs import services
from homeward.fairs.models import Fair
from homeward.fairs.results import rows
from homeward.placements.services import hire
from tests.factories import VILLAGE, make_employer, make_worker

from .conftest import approved_booth, make_fair, published


def test_the_figures_of_a_fair_and_its_season(client, county_a, county_staff, employer):
    # Fair 1: two booths (3 postings: 5 + 5 + 10 people), one refused booth (not counted);
    # 3 people in, 1 of them low-income; 2 intentions, 1 low-income; 1 hire.
    one = make_fair(county_a.code, title="一场")
    a1, a2 = published(employer), published(employer, title="普工", headcount=10)
    other = make_employer("321302001")
    b1 = published(other)
    approved_booth(one, employer, a1, a2)
    approved_booth(one, other, b1)
    refused = make_employer("321302001")
    from homeward.fairs.models import Booth

    Booth(fair=one, employer=refused, status="refused").save()
    poor = make_worker(VILLAGE, sequence=11, low_income="low_income")
    p2, p3 = make_worker(VILLAGE, sequence=12), make_worker(VILLAGE, sequence=13)
    for person in (poor, p2, p3):
        services.check_in_by_id(one, person.id_number, by=county_staff)
    first, _ = services.record_intention(one, poor, a1, by=county_staff)
    services.record_intention(one, p2, b1, by=county_staff)
    hire(first.application, hired_on=timezone.localdate(), contract_months=12, by="employer:1")
    # Fair 2 of the same season: one booth of 1 posting (5), nobody in yet.
    two = make_fair(county_a.code, title="二场")
    approved_booth(two, employer, a1)

    fairs = Fair.objects.filter(pk=one.pk)
    expected = {
        "employers": 2,
        "postings": 3,
        "headcount": 20,
        "attendees": 3,
        "attendees_low_income": 1,
        "intentions": 2,
        "intentions_low_income": 1,
        "hires": 1,
    }
    from homeward.fairs.results import results

    got = {k: v for k, _label, v in results(fairs).figures()}
    assert got == expected
    for key in ("employers", "postings", "attendees", "intentions", "hires"):
        assert rows(fairs, key).count() == expected[key], key
    season = results(Fair.objects.filter(season=one.season)).figures()
    assert {k: v for k, _l, v in season} == {**expected, "employers": 3}

    client.force_login(county_staff)
    page = client.get(reverse("fairs:results", args=[one.pk])).content.decode()
    assert reverse("fairs:figure", args=[one.pk, "attendees_low_income"]) in page
    listed = client.get(reverse("fairs:figure", args=[one.pk, "hires"]))
    assert listed.context["page"].paginator.count == 1
    season_page = client.get(reverse("fairs:season-results"), {"season": one.season})
    assert season_page.status_code == 200 and len(season_page.context["per_fair"]) == 2
