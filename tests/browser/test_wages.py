"""A worker on a 360-px phone reports a month's wages unpaid in one tap; the county's staff
accept the report and close it with the amount recovered; the worker sees it on the phone."""

import re
from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

from homeward.wages.models import ArrearsClue, Attendance
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.test_worker_portal import code_from_outbox
from tests.factories import COUNTY, PASSWORD, VILLAGE, make_staff, make_worker
from tests.wages.helpers import make_entry, make_project

PHONE = "13912345679"


def _step(page, state, amount=None):
    page.locator("select[name=state]").select_option(state)
    if amount is not None:
        page.locator("input[name=amount_recovered]").fill(amount)
    page.get_by_test_id("clue-form").locator("button[type=submit]").click()


def test_worker_reports_unpaid_staff_close_it_with_the_amount(browser, phone_page, live_server):
    make_staff(VILLAGE, role="admin", username="village-admin")
    make_staff(COUNTY, username="county-wages")
    worker = make_worker(VILLAGE, sequence=4, name="李四", phone=PHONE)
    project = make_project()
    entry = make_entry(project, 1, worker=worker, name="李四")
    Attendance.objects.create(project=project, entry=entry, month=date(2026, 3, 1), days=20)
    page, base = phone_page, live_server.url

    page.goto(f"{base}/m/wages")
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("button[type=submit]").first.click()
    page.locator("input[name=code]").fill(code_from_outbox(browser, base))
    page.locator("button[type=submit]").first.click()
    if "/m/bind" in page.url:
        page.locator("input[name=name]").fill("李四")
        page.locator("input[name=id_number]").fill(worker.id_number)
        page.locator("button[type=submit]").first.click()
    page.goto(f"{base}/m/wages")
    page.get_by_test_id("not-paid").first.click()
    expect(page.get_by_test_id("clue-number")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    clue = ArrearsClue._base_manager.get()
    assert clue.region_id == COUNTY and clue.amount_claimed == Decimal(6000)

    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="zh-CN")
    staff = context.new_page()
    sign_in(staff, base, "county-wages", PASSWORD)
    staff.goto(f"{base}/wages/clues/{clue.pk}")
    for state, amount in (
        ("accepted", None),
        ("investigating", None),
        ("paid", "6000"),
        ("closed", None),
    ):
        _step(staff, state, amount)
        expect(staff).to_have_url(re.compile(rf"/wages/clues/{clue.pk}$"))
    context.close()
    clue.refresh_from_db()
    assert clue.state == "closed" and clue.amount_recovered == Decimal(6000)

    page.reload()
    expect(page.get_by_test_id("clue-state")).to_contain_text("已关闭")
    expect(page.get_by_test_id("clue-recovered")).to_contain_text("6000.00")
    page.screenshot(path=ARTIFACTS / "wages-clue.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
