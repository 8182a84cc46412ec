"""Progress by village, rolled up to town and county, against hand-counted visits."""

import datetime

import pytest
from django.utils import timezone

from homeward.surveys import progress, reports, services
from tests.factories import COUNTY, TOWN, VILLAGE, make_staff, make_worker

pytestmark = pytest.mark.django_db
VILLAGE_B = "321302001002"
OTHER_TOWN_VILLAGE = "321302002001"


@pytest.fixture
def visited(survey, county_staff):
    """Village A: 3 people (1 visited, 1 not found, 1 left); village B: 2 (one visited twice);
    a village of another town: 1, not visited."""
    a = [make_worker(VILLAGE, sequence=20 + n, name=f"甲{n}") for n in range(3)]
    b = [make_worker(VILLAGE_B, sequence=30 + n, name=f"乙{n}") for n in range(2)]
    c = make_worker(OTHER_TOWN_VILLAGE, sequence=40, name="丙")
    day = timezone.localdate()
    plan = [(a[0], "visited"), (a[1], "not_found"), (b[0], "visited"), (b[0], "visited")]
    for n, (person, outcome) in enumerate(plan):
        services.record_visit(
            survey,
            person,
            outcome=outcome,
            visited_on=day,
            answers={"status": "flexible"} if outcome == "visited" else {},
            client_key=f"key-{n:06d}",
            by=county_staff,
        )
    return {"a": a, "b": b, "c": c}


def _counts(tally):
    return (tally.expected, tally.visited, tally.not_found, tally.pending)


def test_progress_by_village_and_rolled_up(survey, visited):
    tallies = reports.village_tallies(survey)
    assert _counts(tallies[VILLAGE]) == (3, 1, 1, 1)
    assert _counts(tallies[VILLAGE_B]) == (2, 1, 0, 1)
    assert _counts(tallies[OTHER_TOWN_VILLAGE]) == (1, 0, 0, 1)
    towns = progress.roll_up(tallies, "town")
    assert _counts(towns[TOWN]) == (5, 2, 1, 2)
    assert _counts(towns["321302002"]) == (1, 0, 0, 1)
    whole, rows = reports.progress_rows(survey, at=COUNTY, today=timezone.localdate())
    assert _counts(whole["tally"]) == (6, 2, 1, 3)
    assert {r["code"]: _counts(r["tally"]) for r in rows} == {
        TOWN: (5, 2, 1, 2),
        "321302002": (1, 0, 0, 1),
    }


def test_every_number_opens_its_people(survey, visited):
    def names(at, state):
        return sorted(w.name for w in reports.people(survey, at=at, state=state))

    assert names(VILLAGE, "expected") == ["甲0", "甲1", "甲2"]
    assert names(VILLAGE, "visited") == ["甲0"]
    assert names(VILLAGE, "not_found") == ["甲1"]
    assert names(VILLAGE, "pending") == ["甲2"]
    assert names(TOWN, "visited") == ["乙0", "甲0"]
    assert names(COUNTY, "pending") == ["丙", "乙1", "甲2"]


def test_a_village_clerk_counts_only_their_village(client, survey, visited):
    clerk = make_staff(VILLAGE_B, username="clerk-b")
    client.force_login(clerk)
    response = client.get(f"/surveys/{survey.pk}/")
    assert response.status_code == 200
    assert _counts(response.context["whole"]["tally"]) == (2, 1, 0, 1)


def test_timeliness_against_the_deadline():
    start, deadline = datetime.date(2027, 1, 1), datetime.date(2027, 1, 10)

    def state(expected, reached, today, last=None):
        tally = progress.Tally("x", expected=expected, visited=reached, last_visit=last)
        return progress.timeliness(tally, today=today, starts_on=start, deadline=deadline)

    assert state(10, 5, datetime.date(2027, 1, 5)) == progress.ON_TRACK  # half in half the time
    assert state(10, 4, datetime.date(2027, 1, 5)) == progress.BEHIND
    assert state(10, 9, datetime.date(2027, 1, 11)) == progress.LATE
    assert state(10, 10, datetime.date(2027, 1, 12), last=datetime.date(2027, 1, 9)) == (
        progress.DONE_ON_TIME
    )
    assert state(10, 10, datetime.date(2027, 1, 12), last=datetime.date(2027, 1, 11)) == (
        progress.DONE_LATE
    )
    assert state(10, 0, datetime.date(2026, 12, 30)) == progress.NOT_STARTED


def test_villages_behind_are_a_queue_on_the_staff_home(client, survey, visited, village_staff):
    """Day 31 of 51 to the deadline: village B (1 of 2 reached) is behind, village A (2 of 3)
    is not; the clerk of B and the county see B, the clerk of A sees no reminder."""
    client.force_login(make_staff(VILLAGE_B, username="clerk-b"))
    queues = {q.key: q for q in client.get("/staff/").context["queues"]}
    assert queues["surveys"].count == 1
    assert "（1/2）" in queues["surveys"].items[0].text
    assert f"at={VILLAGE_B}&state=pending" in queues["surveys"].items[0].url
    client.force_login(village_staff)
    queues = {q.key: q for q in client.get("/staff/").context["queues"]}
    assert "surveys" not in queues
    client.force_login(make_staff(COUNTY, username="county-2"))
    queues = {q.key: q for q in client.get("/staff/").context["queues"]}
    assert queues["surveys"].count == 2  # B and the other town's village (0 of 1)
