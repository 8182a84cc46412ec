"""Check-in at the door of a fair on a 360-px phone: staff type a person's ID number and see
签到成功; the same person a second time is refused, saying so. Then the personal QR code read
through the phone's camera (Chromium's fake camera playing the code)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import COUNTY, PASSWORD, VILLAGE, make_staff, make_worker
from tests.fairs.conftest import make_fair


def test_staff_check_a_person_in_by_id_number_once(phone_page, live_server):
    make_staff(COUNTY, username="county-staff")
    worker = make_worker(VILLAGE, sequence=4, name="张三")
    fair = make_fair(COUNTY)
    page, base = phone_page, live_server.url
    sign_in(page, base, "county-staff", PASSWORD)

    page.goto(f"{base}/fairs/{fair.pk}/check-in")
    page.get_by_label("身份证号").fill(worker.id_number)
    page.get_by_test_id("id-form").get_by_role("button").click()
    result = page.get_by_test_id("result-text")
    expect(result).to_contain_text("签到成功：张*，已签到 1 人。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=ARTIFACTS / "fairs-checkin.png", full_page=True)

    page.get_by_label("身份证号").fill(worker.id_number)
    page.get_by_test_id("id-form").get_by_role("button").click()
    expect(result).to_contain_text(
        re.compile(r"张\*已签到过本场招聘会（\d\d:\d\d），不能重复签到。")
    )
    expect(page.get_by_test_id("checkin-count")).to_contain_text("1")
    from homeward.fairs.models import CheckIn

    assert CheckIn._base_manager.filter(fair=fair, worker=worker).count() == 1
