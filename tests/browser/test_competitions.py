"""A competition round on a 360-px phone: county staff open the preliminary round (five judges'
sheets recorded, the rule of dropping the highest and lowest shown), record a sixth judge's sheet
from the phone, close the round (its scores locked) and decide who advances; the expert teams'
field-visit page fits the phone too."""

from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import COUNTY, PASSWORD, make_staff


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_round_scored_closed_and_advanced_on_a_phone(phone_page, live_server):
    from homeward.ventures import services
    from homeward.ventures.models import Advancement, Competition, ExpertTeam, Score
    from tests.ventures.helpers import credit_code, make_founder, make_venture

    staff = make_staff(COUNTY, username="county-staff")
    town = make_staff("321302001", username="town-staff")
    competition = services.create_competition(
        Competition(name="宿城区返乡创业大赛", region_id=COUNTY, year=2025), by=staff
    )
    first, second = (
        services.add_criterion(competition, name=n, weight=w, by=staff)
        for n, w in (("商业模式", 60), ("带动就业", 40))
    )
    prelim = services.add_round(competition, stage="preliminary", held_on=date(2025, 5, 1),
                                by=staff)  # fmt: skip
    entries = [
        services.enter_contestant(competition, by=staff, venture=make_venture(
            make_founder(sequence=20 + n, name=f"创业者{n}"), town, name=f"项目{n}",
            credit_code=credit_code()))
        for n in range(3)
    ]  # fmt: skip
    for j in range(5):
        judge = services.add_judge(prelim, name=f"评委{j}", by=staff)
        for e, entry in enumerate(entries):
            services.record_scores(prelim, judge, entry, {first: 90 - 10 * e + j, second: 80},
                                   by=staff)  # fmt: skip
    services.add_judge(prelim, name="新评委", by=staff)
    services.create_team(ExpertTeam(name="专家服务团", region_id=COUNTY), by=staff)

    page, base = phone_page, live_server.url
    sign_in(page, base, "county-staff", PASSWORD)
    page.goto(f"{base}/ventures/rounds/{prelim.pk}/")
    expect(page.get_by_test_id("rules")).to_contain_text("去掉一个最高分和一个最低分")
    expect(page.get_by_test_id("standings")).to_contain_text("项目0")
    _fits(page)
    form = page.get_by_test_id("score-form")
    form.locator("select[name=judge]").select_option(label="新评委")
    form.locator("select[name=contestant]").select_option(label="项目2（创业者2）")
    form.locator(f"input[name=c{first.pk}]").fill("75")
    form.locator(f"input[name=c{second.pk}]").fill("70.5")
    form.get_by_role("button").click()
    expect(page.locator("body")).to_contain_text("已记录")
    assert Score.objects.filter(judge__name="新评委").count() == 2
    page.get_by_test_id("close-form").get_by_role("button").click()
    expect(page.get_by_test_id("closed")).to_contain_text("评分已锁定")
    advance = page.get_by_test_id("advance-form")
    advance.locator("input[name=count]").fill("2")
    advance.get_by_role("button").click()
    expect(page.get_by_test_id("advanced")).to_contain_text("项目1")
    assert Advancement.objects.count() == 2
    _fits(page)
    page.screenshot(path=ARTIFACTS / "ventures-round.png", full_page=True)

    page.goto(f"{base}/ventures/field-visits/")
    expect(page.get_by_test_id("teams")).to_contain_text("专家服务团")
    _fits(page)
    page.goto(f"{base}/ventures/competitions/{competition.pk}/?show=entries")
    expect(page.get_by_test_id("shown")).to_contain_text("项目2")
    _fits(page)


def test_a_judge_fills_in_their_own_sheet_on_a_phone(phone_page, live_server):
    """A named expert with a staff sign-in opens their rounds from the competitions page, sees
    the entry they recused from marked and unlinked, and records a whole sheet from the phone."""
    from homeward.ventures import services
    from homeward.ventures.models import Competition, Score
    from tests.ventures.helpers import credit_code, make_founder, make_venture

    staff = make_staff(COUNTY, username="county-staff")
    town = make_staff("321302001", username="town-staff")
    expert = make_staff(COUNTY, username="expert-wang", first_name="王教授")
    competition = services.create_competition(
        Competition(name="宿城区返乡创业大赛", region_id=COUNTY, year=2025), by=staff
    )
    first, second = (
        services.add_criterion(competition, name=n, weight=w, by=staff)
        for n, w in (("商业模式", 60), ("带动就业", 40))
    )
    prelim = services.add_round(competition, stage="preliminary", held_on=date(2025, 5, 1),
                                by=staff)  # fmt: skip
    entries = [
        services.enter_contestant(competition, by=staff, venture=make_venture(
            make_founder(sequence=20 + n, name=f"创业者{n}"), town, name=f"项目{n}",
            credit_code=credit_code()))
        for n in range(2)
    ]  # fmt: skip
    judge = services.add_judge(prelim, name="", user=expert, by=staff)
    services.declare_conflict(judge, entries[1], reason="亲属", by=staff)

    page, base = phone_page, live_server.url
    sign_in(page, base, "expert-wang", PASSWORD)
    page.goto(f"{base}/ventures/competitions/")
    page.get_by_test_id("my-sheets").click()
    expect(page.get_by_test_id("judging")).to_contain_text("0 / 1")
    _fits(page)
    page.get_by_test_id("judging").get_by_role("link").first.click()
    expect(page.get_by_test_id(f"recused-{entries[1].pk}")).to_contain_text("须回避")
    expect(page.get_by_test_id("entries").get_by_role("link", name="项目1")).to_have_count(0)
    _fits(page)
    page.get_by_test_id("entries").get_by_role("link", name="项目0").click()
    form = page.get_by_test_id("sheet-form")
    form.locator(f"input[name=c{first.pk}]").fill("86")
    form.locator(f"input[name=c{second.pk}]").fill("72.5")
    _fits(page)
    form.get_by_role("button").click()
    expect(page.locator("body")).to_contain_text("您的评分表已记录")
    assert sorted(Score.objects.filter(judge=judge).values_list("value", flat=True)) == [72.5, 86]
    page.goto(f"{base}/ventures/judging/")
    expect(page.get_by_test_id("judging")).to_contain_text("1 / 1")
    _fits(page)
    page.screenshot(path=ARTIFACTS / "ventures-judging.png", full_page=True)
