"""The leaders' dashboard on a 360-px phone: the charts draw (Sankey, funnel, the grid of
villages) with no script error and nothing wider than the screen; a number opens its people."""

import pytest
from playwright.sync_api import expect

from homeward.stats import services
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD, TOWN, make_staff
from tests.stats.conftest import people, today  # noqa: F401 (the hand-counted people)

pytestmark = pytest.mark.browser


def test_a_town_leader_reads_the_dashboard_on_a_phone(phone_page, live_server, people):  # noqa: F811
    make_staff(TOWN, username="town-dash")
    services.rebuild()
    page, base = phone_page, live_server.url
    page.set_default_timeout(60_000)  # a loaded machine
    page.set_default_navigation_timeout(60_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, base, "town-dash", PASSWORD)
    page.goto(f"{base}/stats/?indicator=labour_force")
    expect(page.locator("#sankey-chart svg")).to_have_count(1)
    drawn = page.locator("#sankey-chart svg text").all_text_contents()
    assert drawn and not any(t.startswith("was_") or t == "home" for t in drawn), drawn
    expect(page.locator("#funnel-chart svg")).to_have_count(1)
    expect(page.locator("#map-chart svg")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=ARTIFACTS / "stats-dashboard.png", full_page=True)
    page.locator('tr[data-indicator="out_migrants"] a').first.click()
    expect(page.get_by_test_id("people")).to_contain_text("乙")
    page.wait_for_load_state("networkidle")
