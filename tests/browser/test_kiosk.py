"""The self-service terminal at a station, on its 1080 × 1920 portrait screen and on a 360-px
phone: the ID-card reader types the number and Enter into the focused field, the code from the
SMS outbox (read there by the village administrator) is tapped on the digit pad, the person's
jobs show, a job's print view holds the job alone, the print button prints, sign out."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from homeward.scoping import unscoped
from homeward.stations.models import Station
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD, TOWN, VILLAGE, make_published, make_staff, make_worker


def _kiosk_code_from_outbox(browser, base_url) -> str:
    """The village administrator reads the newest sign-in code on the staff outbox page."""
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, base_url, "village-admin", PASSWORD)
    page.goto(f"{base_url}/outreach/outbox/")
    text = page.get_by_test_id("text").first.inner_text()
    context.close()
    return re.search(r"\d{6}", text).group(0)


def _kiosk_session(browser, base, station, person, welder, viewport, shot):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/m/kiosk/{station.pk}/")
    width = viewport["width"]
    # The reader: 18 characters and Enter into whatever has the focus — the one field.
    page.keyboard.type(person.id_number)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/m/kiosk/{station.pk}/code$"))
    for digit in _kiosk_code_from_outbox(browser, base):
        page.locator(f".pad [data-kiosk-key='{digit}']").click()
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(re.compile(rf"/m/kiosk/{station.pk}/jobs$"))
    card = page.get_by_test_id("kiosk-job").filter(has_text="电焊工")
    expect(card).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=ARTIFACTS / f"kiosk-jobs-{shot}.png", full_page=True)

    card.click()
    expect(page).to_have_url(re.compile(rf"/jobs/{welder.pk}$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.evaluate("window.print = function () { window.__printed = true; }")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    expect(page.get_by_test_id("kiosk-job-detail")).to_contain_text(welder.employer.name)
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(page.get_by_role("button", name="退出")).to_be_hidden()
    expect(page.locator(".print-only")).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"kiosk-job-print-{shot}.png", full_page=True)
    page.emulate_media(media="screen")

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(rf"/m/kiosk/{station.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("已退出")
    assert problems == [], problems
    context.close()


def test_a_person_signs_in_at_the_terminal_sees_and_prints_a_job(browser, live_server):
    make_staff(VILLAGE, role="admin", username="village-admin")
    with unscoped():
        station = Station.objects.create(
            name="幸福街道就业服务站", kind="town", region_id=TOWN, address="幸福路1号",
            has_terminal=True,
        )  # fmt: skip
    wishes = {"occupation_text": "电焊工", "intention": "local", "expected_wage": Decimal(5000)}
    first = make_worker(VILLAGE, sequence=3, name="张三", phone="13912345678", **wishes)
    second = make_worker(VILLAGE, sequence=5, name="李四", phone="13912345679", **wishes)
    welder = make_published(title="电焊工", occupation="电焊工", wage_min=6000, wage_max=7000)
    base = live_server.url
    portrait = {"width": 1080, "height": 1920}
    _kiosk_session(browser, base, station, first, welder, portrait, "portrait")
    _kiosk_session(browser, base, station, second, welder, {"width": 360, "height": 740}, "phone")
