"""The monthly report's way up, in Chromium: a town office submits its month on a 360-px phone,
the county sends it back with a reason on a desktop, the town corrects and submits again, the
county and the city approve (locked), and the county's downloaded Excel table carries the
numbers the statistics dashboard shows for the same areas and month."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from homeward.reports import sheets
from tests.browser.conftest import sign_in
from tests.factories import CITY, COUNTY, PASSWORD, TOWN, make_staff
from tests.reports import conftest as reports_fixtures

# the hand-counted people of the town and last month, as tests/reports uses them
people = reports_fixtures.people
last_month = reports_fixtures.last_month
KEYS = ("labour_force", "out_migrants", "out_of_province", "in_county", "local_employed")


@pytest.fixture
def offices(settings, db, people):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    make_staff(TOWN, username="town-clerk", first_name="小王")
    make_staff(COUNTY, username="county-clerk", first_name="老李")
    make_staff(CITY, username="city-clerk", first_name="老张")


def _desktop(browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    page.set_default_timeout(10_000)
    return page


def _dashboard_figures(page, base, area, month) -> dict:
    page.goto(f"{base}/stats/?area={area}&month={month}")
    figures = {}
    for key in KEYS:
        text = page.locator(f"[data-testid=figures] tr[data-indicator={key}] td.num a").first
        figures[key] = int(text.inner_text().replace(",", ""))
    return figures


def test_submit_send_back_correct_approve_and_the_excel(
    browser,
    phone_page,
    live_server,
    offices,
    last_month,
    tmp_path,
):
    base, month = live_server.url, f"{last_month:%Y-%m}"

    # The town office, on a phone, opens the report tables from the Statistics menu and submits.
    town = phone_page
    sign_in(town, base, "town-clerk", PASSWORD)
    town.goto(f"{base}/staff/")
    town.locator("summary", has_text="统计").first.click()
    town.get_by_role("link", name="月报表").click()
    expect(town.get_by_test_id("report-transfer")).to_be_visible()
    town.goto(f"{base}/reports/{TOWN}/{month}/")
    town.locator("input[name=head]").fill("王镇长")
    town.get_by_test_id("submit").click()
    expect(town.get_by_test_id("state")).to_contain_text("已报送")
    report_url = town.url

    # The county sends it back with a reason, from its queue.
    county = _desktop(browser)
    sign_in(county, base, "county-clerk", PASSWORD)
    county.goto(f"{base}/reports/queue")
    county.get_by_test_id("waiting").get_by_role("link").first.click()
    county.locator("#reason-send_back").fill("返乡人数请核对")
    county.get_by_test_id("step-send_back").get_by_role("button").click()
    expect(county.get_by_test_id("state")).to_contain_text("已退回")

    # The town reads the reason, corrects and submits again.
    town.goto(report_url)
    expect(town.get_by_test_id("steps")).to_contain_text("返乡人数请核对")
    town.get_by_test_id("correct").click()
    town.get_by_test_id("submit").click()
    expect(town.get_by_test_id("state")).to_contain_text("已报送")

    # The county approves, then the city: locked.
    county.goto(report_url)
    county.get_by_test_id("step-approve").get_by_role("button").click()
    expect(county.get_by_test_id("state")).to_contain_text("县区已审核")
    city = _desktop(browser)
    sign_in(city, base, "city-clerk", PASSWORD)
    city.goto(report_url)
    city.get_by_test_id("step-approve").get_by_role("button").click()
    expect(city.get_by_test_id("state")).to_contain_text("已锁定")
    expect(city.get_by_test_id("step-reopen")).to_be_visible()

    # The county's Excel table carries the dashboard's numbers for the county and the town.
    county.goto(f"{base}/reports/{COUNTY}/{month}/")
    with county.expect_download() as download:
        county.get_by_test_id("download").click()
    path = Path(tmp_path) / "report.xlsx"
    download.value.save_as(path)
    cells = sheets.read_cells(path.read_bytes(), "transfer")
    for area, name in ((COUNTY, "宿城区"), (TOWN, "幸福街道")):
        row = next(v for k, v in cells.items() if k.endswith(name))
        shown = _dashboard_figures(county, base, area, month)
        assert {k: row[k] for k in KEYS} == shown
    assert next(v for k, v in cells.items() if k.endswith("幸福街道"))["labour_force"] == 5
    county.wait_for_load_state("networkidle")
    town.wait_for_load_state("networkidle")
    city.wait_for_load_state("networkidle")
