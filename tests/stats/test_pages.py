"""The statistics pages: an area's figures with the list behind each, the drill-down, small
counts suppressed for the city, and nothing of another county."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from homeward.accounts.models import Role
from homeward.stats import services
from homeward.stats.indicators import INDICATORS
from tests.factories import CITY, COUNTY, TOWN, VILLAGE, make_staff

from .conftest import VILLAGE_2

pytestmark = pytest.mark.django_db


def _page(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("stats:dashboard"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_town_sees_its_figures_each_linked_to_its_people(client, town_staff, people, hire):
    services.rebuild()
    page = _page(client, town_staff, indicator="labour_force")
    assert 'data-indicator="labour_force"' in page
    people_url = reverse("stats:people")
    assert f"{people_url}?indicator=labour_force&amp;area={TOWN}" in page
    # the breakdown by village, each a link down
    assert f'data-area="{VILLAGE}"' in page and f'data-area="{VILLAGE_2}"' in page
    listed = client.get(people_url, {"indicator": "out_migrants", "area": TOWN}).content.decode()
    assert "乙" in listed and "甲" not in listed  # A came back this month, B is still away


def test_counts_of_villages_are_ranges_for_the_city_and_exact_for_the_county(client, people, hire):
    services.rebuild()
    county = _page(client, make_staff(COUNTY, username="c2"), area=TOWN)
    assert "&lt;5" not in county
    city = make_staff(CITY, role=Role.LEADER, username="city-leader")
    page = _page(client, city, area=TOWN, indicator="labour_force")
    # village 1 has 3, village 2 has 1: both below 5, the total of 4 too
    assert page.count("&lt;5") >= 3
    client.force_login(city)
    refused = client.get(reverse("stats:people"), {"indicator": "labour_force", "area": VILLAGE})
    assert refused.status_code == 404


def test_another_county_is_out_of_reach(client, outsider, people):
    services.rebuild()
    client.force_login(outsider)
    assert client.get(reverse("stats:dashboard"), {"area": COUNTY}).status_code == 404
    assert (
        client.get(reverse("stats:people"), {"indicator": "labour_force", "area": TOWN}).status_code
        == 404
    )


def test_a_village_clerk_cannot_list_the_towns_people(client, village_staff, people):
    services.rebuild()
    client.force_login(village_staff)
    assert client.get(reverse("stats:dashboard"), {"area": TOWN}).status_code == 404
    listed = client.get(reverse("stats:people"), {"indicator": "labour_force"}).content.decode()
    assert "甲" in listed and "丁" not in listed  # own village only


def test_bad_parameters_fall_back_or_answer_plainly(client, town_staff, people):
    services.rebuild()
    page = _page(client, town_staff, month="2027-13", indicator="nonsense")
    assert 'data-indicator="labour_force"' in page
    client.force_login(town_staff)
    assert client.get(reverse("stats:people"), {"indicator": "nonsense"}).status_code == 404


def test_the_dictionary_lists_every_indicator_on_the_page_and_in_the_command(
    client, town_staff, capsys
):
    client.force_login(town_staff)
    page = client.get(reverse("stats:indicators")).content.decode()
    call_command("stats", "dictionary")
    printed = capsys.readouterr().out
    for indicator in INDICATORS:
        assert f'id="{indicator.code}"' in page and f"`{indicator.code}`" in printed


def test_the_check_command_fails_on_a_figure_typed_over(people):
    from django.core.management.base import CommandError

    from homeward.stats.models import Figure

    services.rebuild()
    call_command("stats", "check")
    Figure.objects.filter(region_code=TOWN, indicator="labour_force").update(value=99)
    with pytest.raises(CommandError, match="differ"):
        call_command("stats", "check")
