"""The front page on a phone: no sideways scrolling, the worker and employer doors open their
portals; a missing page answers in Chinese in the same layout; the staff home with its chart."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD, make_staff


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_the_front_page_fits_a_phone_and_leads_to_both_portals(phone_page, live_server):
    phone_page.goto(f"{live_server.url}/")
    expect(phone_page.get_by_test_id("worker-door")).to_contain_text("我要找工作")
    _no_sideways_scroll(phone_page)
    phone_page.screenshot(path=ARTIFACTS / "landing-360.png", full_page=True)
    phone_page.get_by_test_id("worker-door").click()
    expect(phone_page).to_have_url(re.compile(r"/m/"))
    phone_page.goto(f"{live_server.url}/")
    phone_page.get_by_test_id("employer-door").click()
    expect(phone_page).to_have_url(re.compile(r"/e/"))
    phone_page.goto(f"{live_server.url}/")
    phone_page.get_by_test_id("staff-signin").click()
    expect(phone_page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_missing_page_answers_in_chinese(phone_page, live_server):
    response = phone_page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    _no_sideways_scroll(phone_page)
    phone_page.screenshot(path=ARTIFACTS / "404-360.png", full_page=True)
    phone_page.get_by_role("link", name="回到首页").click()
    expect(phone_page.get_by_test_id("worker-door")).to_be_visible()


def test_the_staff_home_draws_its_chart(phone_page, live_server):
    make_staff("321302001001", username="fenghuang")
    sign_in(phone_page, live_server.url, "fenghuang", PASSWORD)
    expect(phone_page).to_have_url(re.compile(r"/staff/$"))
    expect(phone_page.get_by_test_id("queue-self-registered")).to_contain_text("待确认的自助登记")
    expect(phone_page.locator("#status-chart svg")).to_be_visible()  # ECharts, served locally
    _no_sideways_scroll(phone_page)
    phone_page.screenshot(path=ARTIFACTS / "staff-home-360.png", full_page=True)
