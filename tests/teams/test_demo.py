"""The demo's service team: the demo town's team, a village's returnees assigned in one call,
half of them contacted in the past season; made once."""

import datetime

import pytest

from homeward.operations.demo import demo_regions  # test side: the demo accounts' chain
from homeward.teams import coverage
from homeward.teams.demo_data import fill_teams
from homeward.teams.models import Contact, Team
from tests.factories import CITY, make_staff, make_worker

pytestmark = pytest.mark.django_db


def test_fill_teams_makes_a_team_with_caseloads_once(city):
    chain = demo_regions(CITY)
    make_staff(chain["village"].code, username="demo-3213-village")
    make_staff(chain["town"].code, username="demo-3213-town")
    for n in range(1, 5):
        make_worker(chain["village"].code, sequence=n, status="returned_unemployed")
    make_worker(chain["village"].code, sequence=9, status="out_migrant")
    made = fill_teams([CITY])
    assert made == {"teams": 1, "assigned": 4, "contacts": 2}
    assert Team.objects.get().region_id == chain["town"].code
    assert all(c.contacted_on < datetime.date(2026, 3, 31) for c in Contact.objects.all())
    values = {k: v for k, _label, v in coverage.figures()}
    assert values["assigned"] == 4 and values["not_contacted"] == 2
    assert fill_teams([CITY]) == {"teams": 0, "assigned": 0, "contacts": 0}
