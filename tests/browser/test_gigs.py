"""A day at the gig market on 360-px phones: the worker scans the market's poster and signs in,
staff send people by lottery, the employer checks the worker out with the day's pay, and the
worker sees the day's income."""

from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from homeward.employers.models import EmployerUser
from homeward.gigs import services
from homeward.gigs.models import Dispatch, Gig, Market
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.test_push_to_hire import _enter_code
from tests.factories import COUNTY, PASSWORD, VILLAGE, make_employer, make_staff, make_worker

WORKER_PHONE = "13912345678"
HR_PHONE = "13900001111"


def test_sign_in_lottery_check_out_and_the_days_income(browser, phone_page, live_server):
    staff = make_staff(COUNTY, username="market-clerk")
    employer = make_employer(COUNTY, name="宿城物流有限公司")
    EmployerUser(employer=employer, name="王经理", phone=HR_PHONE).save()
    worker = make_worker(VILLAGE, sequence=3, name="张三", phone=WORKER_PHONE)
    market = Market(name="宿城区零工市场", region_id=COUNTY)
    market.save()
    gig = services.post_gig(
        market,
        employer,
        title="物流园卸货",
        trade="porter",
        on=timezone.localdate(),
        place="3 号库",
        headcount=1,
        pay=Decimal("220"),
        by=staff,
    )
    base = live_server.url

    # The worker scans the poster at the gate (its link) and signs in for today.
    page = phone_page
    page.goto(f"{base}/m/gigs/markets/{market.pk}/signin?t={services.signin_token(market)}")
    _enter_code(page, WORKER_PHONE)
    page.locator("input[name=name]").fill("张三")
    page.locator("input[name=id_number]").fill(worker.id_number)
    page.locator("button[type=submit]").first.click()
    page.get_by_label("搬运装卸").check()
    page.get_by_role("button", name="签到").click()
    expect(page.get_by_test_id("signed-in")).to_contain_text("宿城区零工市场")

    # Staff draw the gig's people by lottery.
    desk = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    sign_in(desk, base, "market-clerk", PASSWORD)
    desk.goto(f"{base}/gigs/gigs/{gig.pk}/")
    desk.get_by_role("button", name="抽签派工").click()
    expect(desk.get_by_test_id("reproduced")).to_contain_text("完全一致")
    desk.screenshot(path=ARTIFACTS / "gigs-draw.png", full_page=True)
    assert Dispatch.objects.get(gig=gig).worker_id == worker.pk

    # The employer checks the worker out with the day's pay.
    hr = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    hr.goto(f"{base}/e/signin")
    _enter_code(hr, HR_PHONE)
    hr.goto(f"{base}/e/gigs/{gig.pk}")
    hr.get_by_label("当天工钱（元）").fill("230")
    hr.get_by_role("button", name="结算并记录工钱").click()
    expect(hr.locator("body")).to_contain_text("已结算")
    assert Gig.objects.get(pk=gig.pk).status == "done"

    # The worker sees the day's income.
    page.goto(f"{base}/m/gigs")
    expect(page.get_by_test_id("today-income")).to_have_text("230.00")
    page.screenshot(path=ARTIFACTS / "gigs-income.png", full_page=True)
    desk.context.close()
    hr.context.close()
