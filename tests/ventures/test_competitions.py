"""Startup competitions (创业大赛) through the services: criteria with weights, rounds, one entry
per venture, judges, a judge's sheet refused for their own or a declared-conflict entry, the
scores locked when the round closes, the top N advancing as a recorded decision (the extremes of
five judges dropped), awards to the final's entries; refusals in Chinese, audited, nothing
half-written; another area's venture and a staff user of another area refused."""

from datetime import date
from decimal import Decimal

import pytest

from homeward.audit.models import AuditEvent
from homeward.ventures import services
from homeward.ventures.models import Advancement, Award, Competition, Contestant, Score
from homeward.ventures.services import VentureError
from tests.ventures.helpers import credit_code, make_founder, make_venture

YEAR = 2025


@pytest.fixture
def competition(county_staff):
    competition = services.create_competition(
        Competition(name="宿城区返乡创业大赛", region_id="321302", year=YEAR), by=county_staff
    )
    services.add_criterion(competition, name="商业模式", weight=60, by=county_staff)
    services.add_criterion(competition, name="带动就业", weight=40, by=county_staff)
    return competition


@pytest.fixture
def ventures(town_staff):
    return [
        make_venture(make_founder(sequence=20 + n, name=f"创业者{n}"), town_staff,
                     name=f"项目{n}", credit_code=credit_code())
        for n in range(3)
    ]  # fmt: skip


def sheet(competition, a, b):
    first, second = competition.criteria.order_by("pk")
    return {first: Decimal(a), second: Decimal(b)}


def refused(action):
    return AuditEvent.objects.filter(action=action, result="refused").count()


def test_a_competition_from_entries_to_awards(competition, ventures, county_staff):
    prelim = services.add_round(competition, stage="preliminary", held_on=date(YEAR, 5, 1),
                                by=county_staff)  # fmt: skip
    final = services.add_round(competition, stage="final", held_on=date(YEAR, 6, 1),
                               by=county_staff)  # fmt: skip
    entries = [services.enter_contestant(competition, venture=v, by=county_staff) for v in ventures]
    judges = [services.add_judge(prelim, name=f"评委{n}", by=county_staff) for n in range(5)]
    # five judges: the highest and the lowest dropped
    marks = {0: [90, 70, 80, 85, 100], 1: [60, 65, 70, 75, 80], 2: [50, 55, 60, 65, 70]}
    for e, entry in enumerate(entries):
        for j, judge in enumerate(judges):
            services.record_scores(prelim, judge, entry, sheet(competition, marks[e][j],
                                   marks[e][j]), by=county_staff)  # fmt: skip
    table = services.standings(prelim)
    assert [s.contestant for s in table] == entries
    assert table[0].shown == Decimal("85.00") and len(table[0].dropped) == 2
    with pytest.raises(VentureError, match="先结束本轮"):
        services.advance_top(prelim, count=2, by=county_staff)
    services.close_round(prelim, by=county_staff)
    with pytest.raises(VentureError, match="评分已锁定"):
        services.record_scores(prelim, judges[0], entries[2], sheet(competition, 100, 100),
                               by=county_staff)  # fmt: skip
    assert Score.objects.get(judge=judges[0], contestant=entries[2],
                             criterion__name="商业模式").value == 50  # fmt: skip
    services.advance_top(prelim, count=2, by=county_staff)
    assert [a.contestant for a in Advancement.objects.filter(round=prelim)] == entries[:2]
    with pytest.raises(VentureError, match="已决定"):
        services.advance_top(prelim, count=1, by=county_staff)
    assert list(services.contestants_of(final)) == entries[:2]
    # the third entry did not advance: not scored in the final, no award
    judge = services.add_judge(final, name="决赛评委", by=county_staff)
    with pytest.raises(VentureError, match="不在本轮"):
        services.record_scores(final, judge, entries[2], sheet(competition, 90, 90),
                               by=county_staff)  # fmt: skip
    with pytest.raises(VentureError, match="结束后才能颁奖"):
        services.grant_award(competition, entries[0], title="一等奖", awarded_on=date(YEAR, 6, 2),
                             by=county_staff)  # fmt: skip
    services.close_round(final, by=county_staff)
    services.grant_award(competition, entries[0], title="一等奖", awarded_on=date(YEAR, 6, 2),
                         by=county_staff)  # fmt: skip
    with pytest.raises(VentureError, match="参加决赛"):
        services.grant_award(competition, entries[2], title="优胜奖",
                             awarded_on=date(YEAR, 6, 2), by=county_staff)  # fmt: skip
    figures = services.competition_figures(competition)
    assert len(figures["entries"]) == 3 and len(figures["advanced"][prelim.pk]) == 2
    assert [a.contestant for a in figures["awarded"]] == [entries[0]]
    assert refused("ventures.award.refused") == 2 and refused("ventures.score.refused") == 2


def test_one_entry_per_venture_and_none_from_another_area(competition, ventures, county_staff):
    services.enter_contestant(competition, venture=ventures[0], by=county_staff)
    with pytest.raises(VentureError, match="已报名"):
        services.enter_contestant(competition, venture=ventures[0], project="又一次",
                                  by=county_staff)  # fmt: skip
    from tests.factories import make_staff

    other = make_venture(make_founder("321311001001", sequence=40), make_staff("321311001"),
                         region="321311001", credit_code=credit_code("321311"))  # fmt: skip
    with pytest.raises(VentureError, match="不在大赛所在地区"):
        services.enter_contestant(competition, venture=other, by=county_staff)
    # a founder without a registered venture enters by name of the project
    alone = services.enter_contestant(competition, founder=make_founder(sequence=44),
                                      project="山货直播", by=county_staff)  # fmt: skip
    assert alone.venture is None and Contestant.objects.count() == 2


def test_a_judge_cannot_score_their_own_or_a_conflicted_entry(competition, ventures, county_staff):
    prelim = services.add_round(competition, stage="preliminary", held_on=date(YEAR, 5, 1),
                                by=county_staff)  # fmt: skip
    own, other = (services.enter_contestant(competition, venture=v, by=county_staff)
                  for v in ventures[:2])  # fmt: skip
    founder_judge = services.add_judge(prelim, name="创业者0", worker=ventures[0].founder,
                                       by=county_staff)  # fmt: skip
    with pytest.raises(VentureError, match="自己的参赛项目"):
        services.record_scores(prelim, founder_judge, own, sheet(competition, 99, 99),
                               by=county_staff)  # fmt: skip
    expert = services.add_judge(prelim, name="王教授", organisation="宿迁学院", by=county_staff)
    services.record_scores(prelim, expert, other, sheet(competition, 80, 80), by=county_staff)
    services.declare_conflict(expert, other, reason="亲属", by=county_staff)
    assert not Score.objects.filter(judge=expert).exists()  # the earlier sheet is removed
    with pytest.raises(VentureError, match="回避"):
        services.record_scores(prelim, expert, other, sheet(competition, 80, 80), by=county_staff)
    assert refused("ventures.score.refused") == 2


def test_bad_scores_write_nothing(competition, ventures, county_staff):
    prelim = services.add_round(competition, stage="preliminary", held_on=date(YEAR, 5, 1),
                                by=county_staff)  # fmt: skip
    entry = services.enter_contestant(competition, venture=ventures[0], by=county_staff)
    judge = services.add_judge(prelim, name="评委", by=county_staff)
    first, second = competition.criteria.order_by("pk")
    with pytest.raises(VentureError, match="“带动就业”的得分须在 0 到 100"):
        services.record_scores(prelim, judge, entry, {first: Decimal(80), second: Decimal(101)},
                               by=county_staff)  # fmt: skip
    with pytest.raises(VentureError, match="请填写“带动就业”"):
        services.record_scores(prelim, judge, entry, {first: Decimal(80)}, by=county_staff)
    assert not Score.objects.exists()
    services.record_scores(prelim, judge, entry, {first: 80, second: 70}, by=county_staff)
    with pytest.raises(VentureError, match="已开始评分"):
        services.add_criterion(competition, name="创新", weight=10, by=county_staff)
    with pytest.raises(VentureError, match="该赛程已设立"):
        services.add_round(competition, stage="preliminary", held_on=date(YEAR, 5, 2),
                           by=county_staff)  # fmt: skip
    with pytest.raises(VentureError, match="先后"):
        services.add_round(competition, stage="final", held_on=date(YEAR, 4, 1), by=county_staff)
    with pytest.raises(VentureError, match="权重"):
        services.add_criterion(competition, name="x", weight=0, by=county_staff)


def test_a_tie_at_the_cut_off_is_refused(competition, ventures, county_staff):
    prelim = services.add_round(competition, stage="preliminary", held_on=date(YEAR, 5, 1),
                                by=county_staff)  # fmt: skip
    entries = [services.enter_contestant(competition, venture=v, by=county_staff) for v in ventures]
    judge = services.add_judge(prelim, name="评委", by=county_staff)
    for entry, mark in zip(entries, (90, 80, 80), strict=True):
        services.record_scores(prelim, judge, entry, sheet(competition, mark, mark),
                               by=county_staff)  # fmt: skip
    services.close_round(prelim, by=county_staff)
    with pytest.raises(VentureError, match="第 2 名与第 3 名同分"):
        services.advance_top(prelim, count=2, by=county_staff)
    assert not Advancement.objects.exists()
    services.advance_top(prelim, count=3, by=county_staff)
    assert Advancement.objects.count() == 3


def test_staff_of_another_area_and_a_leader_are_refused(competition, outsider, leader):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(VentureError, match="其他地区"):
        services.add_round(competition, stage="preliminary", held_on=date(YEAR, 5, 1),
                           by=outsider)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.add_criterion(competition, name="创新", weight=10, by=leader)
    assert not Award.objects.exists() and competition.rounds.count() == 0
