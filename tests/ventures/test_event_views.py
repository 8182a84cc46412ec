"""The staff pages of competitions and field visits write through the services: a competition
set up, entered, scored, closed, advanced and awarded from the pages; a closed round's score, a
conflicted judge's sheet and bad input answered with the form and a Chinese error, nothing
written; figures open their lists; another area's competition, round, team and visit answer 404
and a leader's writes 403."""

from datetime import date

import pytest
from django.urls import reverse

from homeward.ventures import services
from homeward.ventures.models import (
    Advancement,
    Award,
    Competition,
    Contestant,
    ExpertTeam,
    FieldVisit,
    Problem,
    Round,
    Score,
)
from tests.factories import VILLAGE
from tests.ventures.helpers import make_founder, make_venture


@pytest.fixture
def competition(county_staff):
    competition = services.create_competition(
        Competition(name="宿城区返乡创业大赛", region_id="321302", year=2025), by=county_staff
    )
    services.add_criterion(competition, name="商业模式", weight=60, by=county_staff)
    services.add_criterion(competition, name="带动就业", weight=40, by=county_staff)
    return competition


def _sheet(competition, judge, contestant, a, b):
    first, second = competition.criteria.order_by("pk")
    return {"judge": judge.pk, "contestant": contestant.pk, f"c{first.pk}": a, f"c{second.pk}": b}


def test_a_competition_run_from_the_pages(client, competition, county_staff, town_staff):
    ventures = [make_venture(make_founder(sequence=30 + n, name=f"创业者{n}"), town_staff,
                             name=f"项目{n}") for n in range(2)]  # fmt: skip
    client.force_login(county_staff)
    page = reverse("ventures:competition", args=[competition.pk])
    made = client.post(reverse("ventures:competition-create"), {"name": "新大赛", "year": 2025})
    assert made.status_code == 302 and Competition.objects.count() == 2
    assert client.post(reverse("ventures:competition-round", args=[competition.pk]),
                       {"stage": "preliminary", "held_on": "2025-05-01"}).status_code == 302  # fmt: skip
    assert client.post(reverse("ventures:competition-round", args=[competition.pk]),
                       {"stage": "final", "held_on": "2025-06-01"}).status_code == 302  # fmt: skip
    prelim, final = Round.objects.filter(competition=competition)
    for v in ventures:
        assert client.post(reverse("ventures:competition-entry", args=[competition.pk]),
                           {"venture": v.pk}).status_code == 302  # fmt: skip
    twice = client.post(reverse("ventures:competition-entry", args=[competition.pk]),
                        {"venture": ventures[0].pk})  # fmt: skip
    assert twice.status_code == 200 and Contestant.objects.count() == 2
    first, second = Contestant.objects.order_by("pk")
    assert client.post(reverse("ventures:round-judge", args=[prelim.pk]),
                       {"name": "王教授", "organisation": "宿迁学院"}).status_code == 302  # fmt: skip
    judge = prelim.judges.get()
    url = reverse("ventures:round-score", args=[prelim.pk])
    bad = client.post(url, _sheet(competition, judge, first, "80", "120"))
    assert bad.status_code == 200 and not Score.objects.exists()
    assert client.post(url, _sheet(competition, judge, first, "90", "80")).status_code == 302
    assert client.post(url, _sheet(competition, judge, second, "70", "70")).status_code == 302
    ranking = client.get(reverse("ventures:round", args=[prelim.pk]))
    assert [s.contestant for s in ranking.context["standings"]] == [first, second]
    assert "去掉一个最高分和一个最低分" in ranking.content.decode()
    assert client.post(reverse("ventures:round-close", args=[prelim.pk])).status_code == 302
    locked = client.post(url, _sheet(competition, judge, second, "100", "100"))
    assert locked.status_code == 200 and "评分已锁定" in locked.content.decode()
    assert Score.objects.filter(contestant=second, value=100).count() == 0
    assert client.post(reverse("ventures:round-advance", args=[prelim.pk]),
                       {"count": 1}).status_code == 302  # fmt: skip
    assert Advancement.objects.get().contestant == first
    client.post(reverse("ventures:round-close", args=[final.pk]))
    award = client.post(reverse("ventures:competition-award", args=[competition.pk]),
                        {"contestant": first.pk, "title": "一等奖", "awarded_on": "2025-06-02"})  # fmt: skip
    assert award.status_code == 302 and Award.objects.get().contestant == first
    lost = client.post(reverse("ventures:competition-award", args=[competition.pk]),
                       {"contestant": second.pk, "title": "优胜奖", "awarded_on": "2025-06-02"})  # fmt: skip
    assert lost.status_code == 200 and Award.objects.count() == 1
    listed = client.get(reverse("ventures:competitions")).context["competitions"]
    assert [c.figures for c in listed if c.pk == competition.pk] == [
        {"entries": 2, "advanced": 1, "awarded": 1}
    ]
    entries = client.get(page, {"show": "entries"})
    assert entries.context["show"] == "entries" and "项目1" in entries.content.decode()
    advanced = client.get(page, {"show": f"advanced-{prelim.pk}"})
    assert advanced.context["shown_round"] == prelim
    assert "一等奖" in client.get(page, {"show": "awarded"}).content.decode()
    venture_page = client.get(reverse("ventures:detail", args=[ventures[0].pk]))
    assert list(venture_page.context["contests"]) == [first]
    assert "一等奖" in venture_page.content.decode()


def test_a_conflicted_judge_is_refused_on_the_page(client, competition, county_staff, town_staff):
    venture = make_venture(make_founder(), town_staff)
    prelim = services.add_round(competition, stage="preliminary", held_on=date(2025, 5, 1),
                                by=county_staff)  # fmt: skip
    entry = services.enter_contestant(competition, venture=venture, by=county_staff)
    judge = services.add_judge(prelim, name="李评委", by=county_staff)
    client.force_login(county_staff)
    assert client.post(reverse("ventures:round-conflict", args=[prelim.pk]),
                       {"judge": judge.pk, "contestant": entry.pk, "reason": "亲属"}).status_code == 302  # fmt: skip
    refused = client.post(reverse("ventures:round-score", args=[prelim.pk]),
                          _sheet(competition, judge, entry, "90", "90"))  # fmt: skip
    assert refused.status_code == 200 and "回避" in refused.content.decode()
    assert not Score.objects.exists()


def test_field_visits_from_the_pages(client, county_staff, town_staff):
    venture = make_venture(make_founder(), town_staff)
    client.force_login(county_staff)
    assert client.post(reverse("ventures:team-create"), {"name": "专家服务团"}).status_code == 302
    team = ExpertTeam.objects.get()
    assert client.post(reverse("ventures:team-expert", args=[team.pk]),
                       {"name": "王会计", "field": "finance"}).status_code == 302  # fmt: skip
    bad = client.post(reverse("ventures:team-visit", args=[team.pk]),
                      {"region": "321311001001", "on": "2025-05-01"})  # fmt: skip
    assert bad.status_code == 200 and not FieldVisit.objects.exists()
    ok = client.post(reverse("ventures:team-visit", args=[team.pk]),
                     {"region": VILLAGE, "on": "2025-05-01", "experts": [team.experts.get().pk]})  # fmt: skip
    visit = FieldVisit.objects.get()
    assert ok.status_code == 302 and visit.experts.count() == 1
    assert client.post(reverse("ventures:visit-served", args=[visit.pk]),
                       {"venture": venture.pk}).status_code == 302  # fmt: skip
    served = visit.served.get()
    assert client.post(reverse("ventures:visit-problem", args=[visit.pk]),
                       {"served": served.pk, "field": "finance", "text": "缺流动资金"}).status_code == 302  # fmt: skip
    problem = Problem.objects.get()
    client.post(reverse("ventures:problem-move", args=[problem.pk]),
                {"status": "solved", "on": "2025-05-10"})  # fmt: skip
    problem.refresh_from_db()
    assert problem.status == "solved"
    page = client.get(reverse("ventures:field-visits"))
    assert {f.key: f.value for f in page.context["totals"]}["solved"] == 1
    assert list(
        client.get(reverse("ventures:detail", args=[venture.pk])).context["visits_served"]
    ) == [served]
    shown = client.get(reverse("ventures:field-visits"), {"show": "solved", "place": "321302001"})
    assert shown.context["rows"] == [problem] and "缺流动资金" in shown.content.decode()


def test_another_areas_events_answer_404_and_a_leaders_writes_403(
    client, competition, county_staff, outsider, leader
):
    prelim = services.add_round(competition, stage="preliminary", held_on=date(2025, 5, 1),
                                by=county_staff)  # fmt: skip
    team = services.create_team(ExpertTeam(name="专家团", region_id="321302"), by=county_staff)
    visit = services.record_visit(team, region=VILLAGE, on=date(2025, 5, 1), by=county_staff)
    client.force_login(outsider)
    for name, pk in (("ventures:competition", competition.pk), ("ventures:round", prelim.pk),
                     ("ventures:team", team.pk), ("ventures:visit", visit.pk)):  # fmt: skip
        assert client.get(reverse(name, args=[pk])).status_code == 404
    assert client.post(reverse("ventures:round-close", args=[prelim.pk])).status_code == 404
    assert client.get(reverse("ventures:competitions")).context["competitions"] == []
    client.force_login(leader)
    assert client.get(reverse("ventures:round", args=[prelim.pk])).status_code == 200
    assert client.post(reverse("ventures:round-close", args=[prelim.pk])).status_code == 403
    prelim.refresh_from_db()
    assert not prelim.is_closed
