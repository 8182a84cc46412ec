"""A checklist duty on a 360-px phone: a town's clerk reports progress on item 9 with a PDF, the
city office (湘乡's 市人社局) sees it and its file, issues a notice of supervision (督办) with a
reply deadline, the clerk finds it on the staff home and replies, and the office reads the reply."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_staff

XIANGXIANG = "430381"


@pytest.fixture
def story(settings, db):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    from homeward.regions.models import Region
    from homeward.targets import services
    from homeward.targets.models import Duty

    town = Region.tree.filter(parent_id=XIANGXIANG, level="town").order_by("code").first()
    make_staff(XIANGXIANG, username="xx-office")
    make_staff(town.code, username="xx-clerk")
    services.seed_targets(timezone.localdate().year)
    services.seed_checklist(timezone.localdate().year)
    services.take_snapshots(timezone.localdate() - dt.timedelta(days=7))
    services.take_snapshots(timezone.localdate())
    return Duty._base_manager.get(region_id=town.code, item__number=9)


def _phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_owner_reports_the_office_supervises_and_the_owner_replies(
    browser, phone_page, live_server, story
):
    base = live_server.url
    clerk = phone_page
    sign_in(clerk, base, "xx-clerk", PASSWORD)
    clerk.locator("details.menu summary", has_text="统计").click()
    clerk.get_by_role("link", name="目标任务与工作清单").click()
    clerk.get_by_role("link", name="工作清单", exact=True).click()
    clerk.get_by_test_id("duty").filter(has_text="9.").locator("a").first.click()
    expect(clerk.locator("h1")).to_contain_text("9.")
    form = clerk.get_by_test_id("update-form")
    form.locator("textarea[name=text]").fill("本周在 12 个村民群发布招聘信息。")
    form.locator("input[name=files]").set_input_files(
        {"name": "发布截图.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 screenshots"}
    )
    _fits(clerk)
    form.locator("button[type=submit]").click()
    expect(clerk.get_by_test_id("update")).to_contain_text("12 个村民群")
    expect(clerk.get_by_test_id("attachment")).to_contain_text("发布截图.pdf")

    office = _phone(browser)
    sign_in(office, base, "xx-office", PASSWORD)
    office.goto(f"{base}/targets/duties/{story.pk}/")
    expect(office.get_by_test_id("update")).to_contain_text("12 个村民群")
    with office.expect_download() as download:
        office.get_by_test_id("attachment").click()
    assert download.value.path().read_bytes() == b"%PDF-1.4 screenshots"
    supervise = office.get_by_test_id("supervise-form")
    supervise.locator("textarea[name=text]").fill("请报送本月各村发布招聘信息的截图。")
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    supervise.locator("input[name=reply_by]").fill(due)
    supervise.locator("button[type=submit]").click()
    expect(office.get_by_test_id("notice")).to_contain_text("等待责任单位回复")
    _fits(office)

    clerk.goto(f"{base}/staff/")
    expect(clerk.locator("body")).to_contain_text("待我回复的督办通知")
    clerk.goto(f"{base}/targets/duties/{story.pk}/")
    reply = clerk.get_by_test_id("reply-form")
    reply.locator("textarea[name=reply]").fill("已汇总各村截图，随本周进展上传。")
    reply.locator("button[type=submit]").click()
    expect(clerk.get_by_test_id("reply")).to_contain_text("已汇总各村截图")
    _fits(clerk)

    office.reload()
    expect(office.get_by_test_id("reply")).to_contain_text("已汇总各村截图")

    # the office's targets: at-risk flags, and a target's history drawn beside the time elapsed
    office.goto(f"{base}/targets/")
    office.get_by_test_id("targets").get_by_role("link", name="举办招聘会").click()
    expect(office.locator("#target-chart svg")).to_be_visible()
    expect(office.get_by_test_id("history").locator("tbody tr")).to_have_count(2)
    _fits(office)
    office.wait_for_load_state("networkidle")
    clerk.wait_for_load_state("networkidle")
    office.context.close()
