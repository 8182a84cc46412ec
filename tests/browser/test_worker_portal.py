"""A worker on a 360-px phone: signs in with the code from the outbox (read there by the village
administrator), sees recommended jobs with their reasons, applies, follows the application."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import (
    PASSWORD,
    VILLAGE,
    make_published,
    make_staff,
    make_worker,
)

PHONE = "13912345678"


def code_from_outbox(browser, base_url) -> str:
    """The village administrator reads the newest sign-in code on the staff outbox page."""
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, base_url, "village-admin", PASSWORD)
    page.goto(f"{base_url}/outreach/outbox/")
    text = page.get_by_test_id("text").first.inner_text()
    context.close()
    return re.search(r"\d{6}", text).group(0)


def test_worker_signs_in_sees_reasons_and_applies(browser, phone_page, live_server):
    make_staff(VILLAGE, role="admin", username="village-admin")
    make_worker(
        VILLAGE,
        sequence=3,
        name="张三",
        phone=PHONE,
        occupation_text="电焊工",
        intention="local",
        expected_wage=Decimal(5000),
    )
    welder = make_published(title="电焊工", occupation="电焊工", wage_min=6000, wage_max=7000)
    page, base = phone_page, live_server.url

    page.goto(f"{base}/m/")
    expect(page).to_have_url(re.compile(r"/m/signin\?next="))
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("button[type=submit]").first.click()
    page.locator("input[name=code]").fill(code_from_outbox(browser, base))
    page.locator("button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/m/bind"))
    page.locator("input[name=name]").fill("张三")
    from homeward.workers.models import Worker

    page.locator("input[name=id_number]").fill(Worker._base_manager.get(name="张三").id_number)
    page.locator("button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/m/$"))
    card = page.locator(f"a.card[href='/m/jobs/{welder.pk}']")
    expect(card).to_contain_text("电焊工")
    expect(card.locator(".why")).to_contain_text("工种对口")
    page.screenshot(path=ARTIFACTS / "portal-home.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    card.click()
    page.locator("form[action$='/apply'] button").click()
    expect(page).to_have_url(re.compile(r"/m/applications$"))
    expect(page.locator(".card").first).to_contain_text("电焊工")
    page.screenshot(path=ARTIFACTS / "portal-applications.png", full_page=True)
    from homeward.placements.models import Application

    assert Application._base_manager.get().posting_id == welder.pk
