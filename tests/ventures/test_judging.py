"""A judge's own pages: a staff account named as a judge sees the rounds it judges and their
entries, and fills in and corrects its own whole sheet through `record_scores(own=True)` — the
function the staff form uses. Refused, with nothing written: an entry it recused from, a score
out of range, an incomplete sheet, a closed round, another judge's sheet (the service refuses,
a guessed URL is 404), a staff user who is no judge (404), another area's judge row (404). Only
accounts covering the competition's area, and that may write, can be named judges."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.ventures import services
from homeward.ventures.models import Competition, Score
from homeward.ventures.services import VentureError
from tests.factories import COUNTY, make_staff
from tests.ventures.helpers import credit_code, make_founder, make_venture


@pytest.fixture
def competition(county_staff):
    competition = services.create_competition(
        Competition(name="宿城区返乡创业大赛", region_id=COUNTY, year=2025), by=county_staff
    )
    services.add_criterion(competition, name="商业模式", weight=60, by=county_staff)
    services.add_criterion(competition, name="带动就业", weight=40, by=county_staff)
    return competition


@pytest.fixture
def expert(db):
    """A named expert given a staff sign-in of the county."""
    return make_staff(COUNTY, username="expert-wang", first_name="王教授")


@pytest.fixture
def prelim(competition, county_staff, town_staff):
    prelim = services.add_round(competition, stage="preliminary", held_on=date(2025, 5, 1),
                                by=county_staff)  # fmt: skip
    for n in range(3):
        services.enter_contestant(competition, by=county_staff, venture=make_venture(
            make_founder(sequence=40 + n, name=f"创业者{n}"), town_staff, name=f"项目{n}",
            credit_code=credit_code()))  # fmt: skip
    return prelim


@pytest.fixture
def judges(prelim, competition, expert, county_staff):
    mine = services.add_judge(prelim, name="王教授", user=expert, by=county_staff)
    theirs = services.add_judge(prelim, name="李评委", by=county_staff)
    entries = list(competition.contestants.order_by("pk"))
    services.declare_conflict(mine, entries[2], reason="亲属", by=county_staff)
    return mine, theirs, entries


def _post(competition, a, b):
    first, second = competition.criteria.order_by("pk")
    return {f"c{first.pk}": a, f"c{second.pk}": b}


def _url(judge, entry):
    return reverse("ventures:judging-sheet", args=[judge.pk, entry.pk])


def refused(why):
    return AuditEvent.objects.filter(
        action="ventures.score.refused", result="refused", detail__why=why
    ).count()


def test_a_judge_fills_in_and_corrects_their_own_sheet(client, competition, judges, expert):
    mine, theirs, entries = judges
    client.force_login(expert)
    listing = client.get(reverse("ventures:judging"))
    assert listing.status_code == 200
    assert "宿城区返乡创业大赛" in listing.content.decode()
    assert [(j.done, len(j.to_score), j.recused) for j in listing.context["judges"]] == [(0, 2, 1)]
    page = client.get(reverse("ventures:judging-round", args=[mine.pk]))
    body = page.content.decode()
    assert "项目0" in body and "须回避" in body  # the recused entry is marked, not linked
    assert _url(mine, entries[2]) not in body and _url(mine, entries[0]) in body

    done = client.post(_url(mine, entries[0]), _post(competition, "88.5", "70"))
    assert done.status_code == 302
    assert sorted(Score.objects.filter(judge=mine).values_list("value", flat=True)) == [
        Decimal("70.00"), Decimal("88.50")
    ]  # fmt: skip
    again = client.get(_url(mine, entries[0]))
    assert again.context["form"].initial  # the sheet comes back filled in
    client.post(_url(mine, entries[0]), _post(competition, "90", "71"))
    assert sorted(Score.objects.filter(judge=mine).values_list("value", flat=True)) == [
        Decimal("71.00"), Decimal("90.00")
    ]  # fmt: skip
    assert set(Score.objects.values_list("recorded_by", flat=True)) == {expert.pk}
    listing = client.get(reverse("ventures:judging"))
    assert [j.done for j in listing.context["judges"]] == [1]


def test_a_judge_is_refused_a_recused_entry(client, competition, judges, expert):
    mine, _, entries = judges
    client.force_login(expert)
    assert client.get(_url(mine, entries[2])).status_code == 403
    response = client.post(_url(mine, entries[2]), _post(competition, "90", "90"))
    assert response.status_code == 400
    assert "须回避" in response.content.decode()
    assert not Score.objects.exists()
    assert refused("该评委已申报与此项目有利害关系，须回避。") == 1


def test_out_of_range_and_incomplete_sheets_are_refused(client, competition, judges, expert):
    mine, _, entries = judges
    client.force_login(expert)
    over = client.post(_url(mine, entries[0]), _post(competition, "101", "70"))
    assert over.status_code == 400 and over.context["form"].errors
    short = client.post(_url(mine, entries[0]), _post(competition, "80", ""))
    assert short.status_code == 400 and short.context["form"].errors
    assert not Score.objects.exists()
    # the same refusals in the service itself, when a page's checks are bypassed
    first, second = competition.criteria.order_by("pk")
    with pytest.raises(VentureError, match="须在 0 到 100"):
        services.record_scores(mine.round, mine, entries[0], {first: 80, second: 101}, by=expert,
                               own=True)  # fmt: skip
    with pytest.raises(VentureError, match="请填写“带动就业”"):
        services.record_scores(mine.round, mine, entries[0], {first: 80}, by=expert, own=True)
    assert not Score.objects.exists()


def test_a_closed_round_refuses_the_judge(client, competition, judges, expert, county_staff):
    mine, _, entries = judges
    client.force_login(expert)
    client.post(_url(mine, entries[0]), _post(competition, "80", "80"))
    services.close_round(mine.round, by=county_staff)
    shown = client.get(_url(mine, entries[0]))
    assert shown.status_code == 200 and "评分已锁定" in shown.content.decode()
    response = client.post(_url(mine, entries[0]), _post(competition, "10", "10"))
    assert response.status_code == 400 and "评分已锁定" in response.content.decode()
    assert sorted(Score.objects.values_list("value", flat=True)) == [Decimal(80), Decimal(80)]


def test_another_judges_sheet_is_refused(client, competition, judges, expert, county_staff):
    mine, theirs, entries = judges
    client.force_login(expert)
    # guessing the other judge's URL: their row is not the viewer's
    assert client.get(_url(theirs, entries[0])).status_code == 404
    assert client.post(_url(theirs, entries[0]), _post(competition, "1", "1")).status_code == 404
    assert client.get(reverse("ventures:judging-round", args=[theirs.pk])).status_code == 404
    # an entry not in the round (another competition's) is 404 too
    other = services.create_competition(
        Competition(name="另一个大赛", region_id=COUNTY, year=2025), by=county_staff
    )
    stranger = services.enter_contestant(other, founder=make_founder(sequence=60), project="外",
                                         by=county_staff)  # fmt: skip
    assert client.get(_url(mine, stranger)).status_code == 404
    # the service itself refuses a judge's page writing another judge's sheet
    first, second = competition.criteria.order_by("pk")
    with pytest.raises(VentureError, match="只能填写您本人的评分表"):
        services.record_scores(theirs.round, theirs, entries[0], {first: 1, second: 1},
                               by=expert, own=True)  # fmt: skip
    assert not Score.objects.exists()
    assert refused("只能填写您本人的评分表。") == 1


def test_staff_who_are_not_the_judge_and_other_areas_get_404(client, judges, county_staff):
    mine, _, entries = judges
    client.force_login(county_staff)  # writes on the competition, but is not this judge
    assert client.get(reverse("ventures:judging-round", args=[mine.pk])).status_code == 404
    assert client.get(_url(mine, entries[0])).status_code == 404
    assert list(client.get(reverse("ventures:judging")).context["judges"]) == []
    # the judge's own account moved to another county: the competition is out of its area
    expert = mine.user
    expert.region_id = "321311"
    expert.save()
    client.force_login(expert)
    assert client.get(reverse("ventures:judging-round", args=[mine.pk])).status_code == 404


def test_only_writers_covering_the_area_may_be_named_judges(prelim, county_staff, town_staff):
    from homeward.accounts.models import Role

    leader = make_staff(COUNTY, role=Role.LEADER, username="county-leader")
    for account in (town_staff, leader, make_staff("321311", username="other-county")):
        with pytest.raises(VentureError, match="该账号不能为本次大赛评分"):
            services.add_judge(prelim, name="", user=account, by=county_staff)
    city = make_staff("3213", username="city-expert")
    assert services.add_judge(prelim, name="", user=city, by=county_staff).user == city
    accounts = services.judge_accounts(prelim.competition)
    assert city in accounts and county_staff in accounts
    assert town_staff not in accounts and leader not in accounts
