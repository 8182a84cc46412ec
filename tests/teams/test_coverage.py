"""Coverage against a hand-counted fixture: 3 returnees and one worker away in the village; two
assigned, one of them contacted with a policy and a job, then training."""

from django.utils import timezone

from homeward.teams import coverage, services
from homeward.teams.models import Assignment


def _setup(member, clerk, returnees, town_staff):
    services.assign_returnees(returnees[:2], member, by=town_staff)
    case = Assignment.objects.get(worker=returnees[0])
    today = timezone.localdate()
    services.record_contact(
        case, by=clerk, contacted_on=today, channel="visit", brought={"policy", "job"}
    )
    services.record_contact(
        case, by=clerk, contacted_on=today, channel="phone", brought={"training"}
    )


def test_the_area_figures_count_people_once(team, member, clerk, returnees, away, town_staff):
    _setup(member, clerk, returnees, town_staff)
    values = {k: v for k, _label, v in coverage.figures()}
    assert values == {
        "returnees": 3,
        "assigned": 2,
        "unassigned": 1,
        "contacted": 1,
        "not_contacted": 1,
        "policy": 1,
        "training": 1,
        "job": 1,
        "service": 0,
    }
    assert list(coverage.rows("not_contacted")) == [returnees[1]]
    assert list(coverage.rows("unassigned")) == [returnees[2]]


def test_the_caseload_puts_people_not_contacted_first(member, clerk, returnees, town_staff):
    _setup(member, clerk, returnees, town_staff)
    cases = list(coverage.caseload(member))
    assert [c.worker_id for c in cases] == [returnees[1].pk, returnees[0].pk]
    assert cases[0].last_contact is None and cases[1].contacts_made == 2
    values = {k: v for k, _l, v in coverage.figures(member=member, keys=coverage.CASELOAD_KEYS)}
    assert values["assigned"] == 2 and values["contacted"] == 1 and "unassigned" not in values
