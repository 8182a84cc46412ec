"""The dispute story on a 360-px phone and a staff desktop: a worker files a wage dispute on the
phone, the mediator records failure after the 15 days, the commission accepts, forms the tribunal,
schedules a video hearing, issues the award and serves it electronically; the worker confirms
receipt in the portal, and the figures page shows the rates."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.test_worker_portal import code_from_outbox
from tests.factories import COUNTY, PASSWORD, VILLAGE, make_staff, make_worker

PHONE = "13912345678"


@pytest.fixture
def story(settings, db):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    from homeward.accounts.models import User
    from homeward.disputes import services
    from homeward.disputes.deadlines import packaged_calendar
    from homeward.disputes.models import Arbitrator, Commission

    make_staff(VILLAGE, role="admin", username="village-admin")
    clerk = make_staff(COUNTY, username="county-clerk")
    make_worker(VILLAGE, sequence=3, name="张三", phone=PHONE)
    commission = Commission.objects.create(
        title="宿城区劳动人事争议仲裁委员会", region_id=COUNTY, prefix="宿城劳人仲案字", chair=clerk
    )
    Arbitrator.objects.create(commission=commission, name="李仲裁")
    # the years after the package's: entered as the city administrator would (weekends only
    # here), so the award limit of a case accepted today can be computed whatever today is
    root = User.objects.create_superuser("root", password=PASSWORD)
    for year in range(max(packaged_calendar().years) + 1, timezone.localdate().year + 2):
        services.add_holiday_year(year=year, source="测试安排", off=[], working=[], by=root)
    return commission


def _step(page, name, **fields):
    form = page.get_by_test_id(f"step-{name}")
    for field, value in fields.items():
        control = form.locator(f"[name={name}-{field}]")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()


def test_a_wage_dispute_from_the_phone_to_the_award(browser, phone_page, live_server, story):
    from homeward.disputes.models import Dispute

    page, base = phone_page, live_server.url
    today = timezone.localdate()
    page.goto(f"{base}/m/disputes/new")
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("button[type=submit]").first.click()
    page.locator("input[name=code]").fill(code_from_outbox(browser, base))
    page.locator("button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/m/bind"))
    page.locator("input[name=name]").fill("张三")
    from homeward.workers.models import Worker

    page.locator("input[name=id_number]").fill(Worker._base_manager.get(name="张三").id_number)
    page.locator("button[type=submit]").first.click()
    page.goto(f"{base}/m/disputes/new")
    page.locator("select[name=commission]").select_option(str(story.pk))
    page.locator("input[name=employer_name]").fill("宿迁某建筑劳务有限公司")
    page.locator("input[name=claim_wages]").fill("8000")
    page.locator("textarea[name=facts]").fill("去年 10 月至 12 月工资未发。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("宿城劳人仲案字")
    dispute = Dispute._base_manager.get()

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    sign_in(staff, base, "county-clerk", PASSWORD)
    staff.goto(f"{base}/disputes/{dispute.pk}/")
    started = (today - timedelta(days=20)).isoformat()
    _step(
        staff,
        "mediate",
        mediator_kind="town",
        mode="video",
        mediator_name="陈调解",
        started_on=started,
    )
    _step(staff, "fail", on=today.isoformat())
    _step(staff, "apply", received_on=today.isoformat())
    _step(staff, "accept", on=today.isoformat())
    expect(staff.get_by_test_id("documents")).to_contain_text("受理通知书")
    form = staff.get_by_test_id("step-tribunal")
    form.locator("input[name=tribunal-arbitrators]").first.check()
    form.locator("[name=tribunal-on]").fill(today.isoformat())
    form.locator("button[type=submit]").click()
    from homeward.disputes.deadlines import period_end
    from homeward.disputes.holidays import platform_calendar

    hearing = period_end(today, 5, platform_calendar()) + timedelta(days=1)
    _step(
        staff,
        "hearing",
        notice_on=today.isoformat(),
        hearing_on=hearing.isoformat(),
        mode="video",
        place="https://meeting.example.cn/room/1024",
    )
    expect(staff.locator("dl.facts")).to_contain_text("视频开庭")
    claim = dispute.claims.get()
    _step(staff, "award", on=today.isoformat(), **{f"claim_{claim.pk}": "8000"})
    expect(staff.locator("h1")).to_contain_text("已裁决")
    row = staff.get_by_test_id("documents").locator("tr", has_text="裁决书（终局裁决）")
    serve = row.locator("form", has_text="张三")
    serve.locator("select[name=method]").select_option("electronic")
    serve.locator("input[name=on]").fill(today.isoformat())
    serve.locator("button[type=submit]").click()
    expect(staff.get_by_test_id("documents")).to_contain_text("待签收")

    page.goto(f"{base}/m/disputes/{dispute.pk}")
    page.get_by_role("button", name="确认签收").click()
    expect(page.locator(".card", has_text="裁决书")).to_contain_text("已签收")
    page.screenshot(path=ARTIFACTS / "portal-dispute.png", full_page=True)

    staff.goto(f"{base}/disputes/figures/?year={today.year}")
    figures = staff.get_by_test_id("figures")
    expect(figures.locator("[data-figure=mediation_success]").first).to_have_text("0.0 %")
    expect(figures.locator("[data-figure=arbitration_closure]").first).to_have_text("100.0 %")
    staff.screenshot(path=ARTIFACTS / "dispute-figures.png", full_page=True)
