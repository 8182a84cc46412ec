"""A village clerk signs in on a phone and finds their village in the region browser."""

import re

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD, make_staff


def test_village_user_sees_their_village(phone_page, live_server):
    make_staff("321302001001", username="fenghuang")
    sign_in(phone_page, live_server.url, "fenghuang", PASSWORD)
    expect(phone_page.get_by_test_id("area")).to_contain_text("凤凰居委会")
    phone_page.locator("summary", has_text="登记").click()  # the Registry menu holds 区划
    phone_page.get_by_role("link", name="区划").first.click()
    expect(phone_page).to_have_url(re.compile(r"/regions/321302001001/$"))
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("凤凰居委会")
    phone_page.screenshot(path=ARTIFACTS / "village-region-browser.png", full_page=True)
    # A sibling village is not there to be seen.
    response = phone_page.goto(f"{live_server.url}/regions/321302001002/")
    assert response.status == 404


def test_town_user_browses_down_to_a_village(phone_page, live_server):
    make_staff("321302001", username="xingfu")
    sign_in(phone_page, live_server.url, "xingfu", PASSWORD)
    phone_page.goto(f"{live_server.url}/regions/")
    expect(phone_page.get_by_test_id("children")).to_contain_text("新盛居委会")
    phone_page.get_by_role("link", name="新盛居委会").click()
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("新盛居委会")


def test_city_admin_enrols_an_authenticator(phone_page, live_server):
    make_staff("3213", role="admin", username="city-admin")
    sign_in(phone_page, live_server.url, "city-admin", PASSWORD)
    expect(phone_page).to_have_url(re.compile(r"/second-factor/setup/$"))
    secret = phone_page.get_by_test_id("otp-secret").inner_text()
    import base64

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    phone_page.get_by_label("验证器").fill(f"{totp(key):06d}")
    phone_page.get_by_role("button", name="确认").click()
    phone_page.get_by_role("link", name="我已保存好，继续").click()  # past the recovery codes
    expect(phone_page.get_by_test_id("role")).to_contain_text("管理员")
