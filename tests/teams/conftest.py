"""The teams' small cast: a town team with the town clerk as a member, three returnees of the
cast's village and one who stayed away (no returnee)."""

import pytest

from homeward.teams.models import Member, Team
from tests.factories import TOWN, VILLAGE, make_staff, make_worker


@pytest.fixture
def team(town):
    team = Team(name="幸福街道三送小分队", region=town)
    team.save()
    return team


@pytest.fixture
def clerk(db):
    return make_staff(VILLAGE, username="team-clerk")


@pytest.fixture
def member(team, clerk):
    member = Member(team=team, user=clerk)
    member.save()
    return member


@pytest.fixture
def returnees(db):
    return [
        make_worker(VILLAGE, sequence=20 + i, name=f"返乡{i}", status="returned_unemployed")
        for i in range(3)
    ]


@pytest.fixture
def away(db):
    return make_worker(VILLAGE, sequence=40, name="在外", status="out_migrant")


@pytest.fixture
def town_clerk(db):
    return make_staff(TOWN, username="team-town-clerk")
