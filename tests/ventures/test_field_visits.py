"""Expert teams' field visits (专家团基层行) through the services: a team and its experts by
field, a visit to a village of its area on a day, the founders and ventures served there, the
problems raised and moved to solved (solved is final); refusals (a place outside the team's
area, an expert of another team, a founder served twice, a bad move) in Chinese and audited;
the figures per area equal the rows they open."""

from datetime import date

import pytest

from homeward.audit.models import AuditEvent
from homeward.scoping import area_scope
from homeward.ventures import figures, services
from homeward.ventures.models import ExpertTeam, FieldVisit, Problem
from homeward.ventures.services import VentureError
from tests.factories import VILLAGE
from tests.ventures.helpers import make_founder, make_venture


@pytest.fixture
def team(county_staff):
    team = services.create_team(ExpertTeam(name="宿城区创业专家服务团", region_id="321302"),
                                by=county_staff)  # fmt: skip
    services.add_expert(team, name="王会计", field="finance", by=county_staff)
    services.add_expert(
        team, name="赵律师", field="legal", organisation="法援中心", by=county_staff
    )
    return team


def test_a_visit_serves_founders_and_solves_their_problems(team, county_staff, town_staff):
    venture = make_venture(make_founder(), town_staff)
    visit = services.record_visit(team, region=VILLAGE, on=date(2025, 5, 1), place="村委会",
                                  experts=team.experts.all(), by=county_staff)  # fmt: skip
    served = services.serve_at_visit(visit, venture=venture, by=county_staff)
    alone = services.serve_at_visit(visit, founder=make_founder(sequence=9, name="周想创业"),
                                    by=county_staff)  # fmt: skip
    with pytest.raises(VentureError, match="已记录服务"):
        services.serve_at_visit(visit, founder=venture.founder, by=county_staff)
    problem = services.raise_problem(served, field="finance", text="缺少流动资金", by=county_staff)
    other = services.raise_problem(alone, field="legal", text="合同怎么签", by=county_staff)
    services.move_problem(problem, status="referred", note="转农商行", by=county_staff)
    services.move_problem(problem, status="solved", on=date(2025, 5, 20), by=county_staff)
    with pytest.raises(VentureError, match="不能改为此状态"):
        services.move_problem(problem, status="in_hand", by=county_staff)
    with pytest.raises(VentureError, match="不能早于"):
        services.move_problem(other, status="solved", on=date(2025, 4, 1), by=county_staff)
    problem.refresh_from_db()
    assert problem.status == "solved" and problem.solved_on == date(2025, 5, 20)
    assert Problem.objects.get(pk=other.pk).status == "raised"
    assert AuditEvent.objects.filter(action__in=["ventures.served.refused",
                                     "ventures.problem.refused"], result="refused").count() == 3  # fmt: skip
    with area_scope("321302"):
        totals, by_place = figures.visit_figures("321302", lambda k, p: f"{k}:{p}")
        assert {f.key: f.value for f in totals} == {
            "visits": 1,
            "served": 2,
            "ventures": 1,
            "problems": 2,
            "solved": 1,
        }
        [town] = by_place
        assert town["code"] == "321302001"
        assert [f.value for f in town["figures"]] == [1, 2, 1, 2, 1]
        assert list(figures.visit_rows("solved", "321302001")) == [problem]
        assert not figures.visit_rows("visits", "321302002").exists()
    with area_scope("321311"):
        assert {f.value for f in figures.visit_figures("321311", lambda k, p: "")[0]} == {0}


def test_a_place_outside_the_team_and_another_teams_expert_are_refused(team, county_staff):
    with pytest.raises(VentureError, match="不在专家团服务的地区"):
        services.record_visit(team, region="321311001001", on=date(2025, 5, 1), by=county_staff)
    with pytest.raises(VentureError, match="乡镇或村"):
        services.record_visit(team, region="321302", on=date(2025, 5, 1), by=county_staff)
    other = services.create_team(ExpertTeam(name="另一个团", region_id="321302"), by=county_staff)
    stranger = services.add_expert(other, name="钱专家", field="market", by=county_staff)
    with pytest.raises(VentureError, match="本专家团的专家"):
        services.record_visit(team, region=VILLAGE, on=date(2025, 5, 1), experts=[stranger],
                              by=county_staff)  # fmt: skip
    with pytest.raises(VentureError, match="不能晚于今天"):
        services.record_visit(team, region=VILLAGE, on=date(2999, 5, 1), by=county_staff)
    assert not FieldVisit.objects.exists()


def test_staff_of_another_area_are_refused(team, outsider):
    with pytest.raises(VentureError, match="其他地区"):
        services.add_expert(team, name="某专家", field="market", by=outsider)
    assert team.experts.count() == 2
