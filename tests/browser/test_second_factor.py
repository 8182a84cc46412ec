"""A county admin enrols an authenticator on a phone, keeps the recovery codes, and later signs
in with one of them (360 px wide, Chinese)."""

import base64
import re

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD, make_staff


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_enrolment_shows_recovery_codes_and_one_signs_in(phone_page, live_server):
    make_staff("321302", role="admin", username="county-admin")
    page = phone_page
    sign_in(page, live_server.url, "county-admin", PASSWORD)
    expect(page).to_have_url(re.compile(r"/second-factor/setup/$"))
    assert _fits(page)
    secret = page.get_by_test_id("otp-secret").inner_text()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("验证器").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="确认").click()

    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    expect(page.get_by_text("恢复码只显示这一次")).to_be_visible()
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    assert _fits(page)
    page.screenshot(path=ARTIFACTS / "recovery-codes-360.png", full_page=True)
    first = codes.first.inner_text()
    assert re.fullmatch(r"[2-9a-z]{5}-[2-9a-z]{5}", first)
    page.get_by_role("link", name="我已保存好，继续").click()
    expect(page.get_by_test_id("role")).to_contain_text("管理员")

    page.get_by_role("button", name="退出").click()
    sign_in(page, live_server.url, "county-admin", PASSWORD)
    expect(page).to_have_url(re.compile(r"/second-factor/$"))
    expect(page.get_by_text("手机不在身边")).to_be_visible()
    page.get_by_label("验证器").fill(first)
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("status")).to_contain_text("还剩 9 个恢复码")
    expect(page.get_by_test_id("role")).to_contain_text("管理员")

    # The same code a second time is refused, with a message in Chinese.
    page.get_by_role("button", name="退出").click()
    sign_in(page, live_server.url, "county-admin", PASSWORD)
    page.get_by_label("验证器").fill(first)
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_text("恢复码不对或已经用过")).to_be_visible()
    assert _fits(page)
    page.screenshot(path=ARTIFACTS / "second-step-refused-360.png", full_page=True)
