"""The 500-yuan returnee bonus from the phone to the bank and back, in Chromium at 360 px:

a returnee applies on the phone with a bank card → village, town and county approve on their
pages → the seven-day public notice passes (the clock moved on: time-machine) → county staff
build a batch and take the bank file → the bank's return file says it failed → the worker
corrects the account on the phone → the reissue, in a later batch, is paid once.
"""

import datetime
import re

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from homeward.subsidies import services
from homeward.subsidies.models import Entitlement, Payment, PaymentBatch
from homeward.subsidies.seeds import install_seed_policies
from tests.browser.conftest import sign_in
from tests.browser.test_push_to_hire import _enter_code
from tests.factories import COUNTY, PASSWORD, TOWN, VILLAGE, make_staff
from tests.subsidies.conftest import card, make_returnee

WORKER_PHONE = "13912345678"


def _staff(browser, base, username):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, base, username, PASSWORD)
    return page


def _return_file(page, batch, rows):
    page.goto(f"{page.url.split('/subsidies/')[0]}/subsidies/batches/{batch.pk}/")
    text = "业务参考号,结果,原因代码\n" + "".join(f"{r},{res},{code}\n" for r, res, code in rows)
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "return.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_test_id("return-report")).to_be_visible()


def _build_batch(page, base, period):
    page.goto(f"{base}/subsidies/")
    page.locator("input[name=period]").fill(period)
    page.locator("form[action$='/batches/new'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/subsidies/batches/\d+/$"))
    with page.expect_download() as download:
        page.locator("button[name=format][value=csv]").click()
    assert download.value.suggested_filename.endswith(".csv")
    return PaymentBatch._base_manager.order_by("-pk").first()


def _bonus_offer(page):
    heading = page.get_by_role("heading", name="返乡就业一次性补助", exact=True)
    return page.get_by_test_id("offer").filter(has=heading)


def test_returnee_bonus_applied_approved_paid_failed_corrected_reissued(
    browser, phone_page, live_server, settings
):
    settings.HOMEWARD_PUBLIC_URL = live_server.url
    base = live_server.url
    install_seed_policies()
    worker = make_returnee(name="李返乡", phone=WORKER_PHONE, consents_to_contact=True)
    make_staff(VILLAGE, username="village-clerk")
    make_staff(TOWN, username="town-clerk")
    make_staff(COUNTY, username="county-clerk", may_see_personal_data=True)

    # The returnee signs in on the phone, reads why they may claim the bonus, and applies.
    page = phone_page
    page.goto(f"{base}/m/subsidies")
    _enter_code(page, WORKER_PHONE)
    expect(page).to_have_url(re.compile(r"/m/bind"))
    page.locator("input[name=name]").fill("李返乡")
    page.locator("input[name=id_number]").fill(worker.id_number)
    page.locator("button[type=submit]").first.click()
    page.goto(f"{base}/m/subsidies")
    offer = _bonus_offer(page)
    expect(offer).to_contain_text("返乡日期 2026-06-01 在政策期内 ✓")
    offer.locator("input[name=bank_name]").fill("农业银行")
    offer.locator("input[name=bank_account]").fill("6222 0212 3456 7890 1")  # a wrong digit
    offer.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("校验位不对")
    offer = _bonus_offer(page)
    offer.locator("input[name=bank_name]").fill("农业银行")
    offer.locator("input[name=bank_account]").fill(card("622202123456789011"))
    offer.locator("button[type=submit]").click()
    expect(page.get_by_test_id("my-subsidy").first).to_contain_text("返乡就业一次性补助")
    entitlement = Entitlement._base_manager.get(worker=worker, policy__code="SQ-RETURN-500")

    # Village, town and county approve, each on their own page.
    for username in ("village-clerk", "town-clerk", "county-clerk"):
        staff = _staff(browser, base, username)
        staff.goto(f"{base}/subsidies/entitlements/{entitlement.pk}/")
        staff.get_by_test_id("decide").locator("button[value=approved]").click()
        expect(staff.locator("body")).to_contain_text("已记录")
        if username != "county-clerk":
            staff.context.close()
    county = staff
    entitlement.refresh_from_db()
    assert entitlement.status == "notice" and entitlement.step == 3

    # The notice of seven days passes with no objection: the clock moves eight days on.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8), tick=True):
        assert services.close_notices() == 1
    county.goto(f"{base}/subsidies/entitlements/{entitlement.pk}/")
    expect(county.get_by_test_id("status")).to_contain_text("待支付")

    # A batch; the bank file taken once; the bank's return says the account failed.
    first = _build_batch(county, base, "2026-12")
    payment = Payment._base_manager.get(batch=first)
    _return_file(county, first, [(payment.reference, "失败", "ACCT01")])
    expect(county.get_by_test_id("reconciliation")).to_contain_text("1")
    entitlement.refresh_from_db()
    assert entitlement.status == "failed"

    # The worker corrects the account on the phone.
    page.goto(f"{base}/m/subsidies")
    mine = page.get_by_test_id("my-subsidy").filter(has_text="返乡就业一次性补助")
    mine.locator("input[name=bank_name]").fill("工商银行")
    mine.locator("input[name=bank_account]").fill(card("621226123456789012"))
    mine.get_by_role("button", name=re.compile("更正")).click()
    expect(page.locator("body")).to_contain_text("下一批")
    entitlement.refresh_from_db()
    assert entitlement.status == "ready"

    # The reissue goes in a later batch and is paid, once.
    second = _build_batch(county, base, "2027-01")
    reissue = Payment._base_manager.get(batch=second)
    assert reissue.attempt == 2 and reissue.bank_account == card("621226123456789012")
    _return_file(county, second, [(reissue.reference, "成功", "")])
    expect(county.get_by_test_id("return-report")).to_contain_text("1")
    entitlement.refresh_from_db()
    assert entitlement.status == "paid"
    payments = Payment._base_manager.filter(entitlement=entitlement)
    assert sorted(payments.values_list("status", flat=True)) == ["failed", "paid"]
    page.goto(f"{base}/m/subsidies")
    expect(page.get_by_test_id("my-subsidy").first).to_contain_text("已支付")
    county.context.close()
