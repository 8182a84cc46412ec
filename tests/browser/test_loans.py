"""A startup loan on a phone-sized screen (Chromium at 360 px): a village clerk enters a returnee
founder's application; a town clerk (never the one who entered it) takes it through the
human-resources review, the guarantee, the bank's approval and the disbursement, then imports
the bank's repayment file; the first period shows repaid and the file imported once."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from homeward.loans.models import Instalment, Loan, Repayment
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, TOWN, VILLAGE, make_staff, make_worker
from tests.loans.helpers import CARD, make_fund, make_lender, make_lpr


def _page(browser, base, username):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, username, PASSWORD)
    return page


def test_a_clerk_takes_a_loan_to_disbursement_and_imports_the_repayments(browser, live_server):
    make_lpr()
    make_worker(VILLAGE, sequence=7, name="李创业")
    make_staff(VILLAGE, username="village-clerk")
    make_staff(TOWN, username="town-clerk")
    fund, lender = make_fund(), make_lender()
    base = live_server.url

    entrant = _page(browser, base, "village-clerk")
    entrant.locator("details.menu summary", has_text="扶持").click()
    entrant.get_by_role("link", name="创业担保贷款").click()
    expect(entrant).to_have_url(re.compile(r"/loans/$"))
    entrant.goto(f"{base}/loans/new/")
    entrant.locator("[name=kind]").select_option("individual")
    entrant.locator("[name=person]").fill("李创业")
    entrant.locator("input[name=groups][value=returnee]").check()
    entrant.locator("[name=amount]").fill("150000")
    entrant.locator("[name=months]").fill("12")
    entrant.locator("[name=fund]").select_option(str(fund.pk))
    entrant.locator("[name=lender]").select_option(str(lender.pk))
    entrant.locator("[name=repayment_account]").fill(CARD)
    entrant.get_by_role("button", name="保存").click()
    expect(entrant).to_have_url(re.compile(r"/loans/\d+/$"))
    loan = Loan.objects.get()
    assert entrant.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    entrant.context.close()

    clerk = _page(browser, base, "town-clerk")
    clerk.goto(f"{base}/loans/{loan.pk}/")
    form = clerk.get_by_test_id("step-form")
    form.locator("button[type=submit]").click()  # review: passed
    expect(clerk.locator("h1 .tag")).to_have_text(re.compile("审核"))
    form = clerk.get_by_test_id("step-form")
    form.locator("[name=guarantee_no]").fill("DB-2026-07")
    form.locator("button[type=submit]").click()
    expect(clerk.get_by_test_id("step-form").locator("[name=contract_no]")).to_be_visible()
    form = clerk.get_by_test_id("step-form")
    form.locator("[name=contract_no]").fill("CY-2026-007")
    form.locator("[name=spread_bp]").fill("0")
    form.locator("button[type=submit]").click()
    expect(clerk.get_by_test_id("step-form").locator("[name=disbursed_on]")).to_be_visible()
    today = timezone.localdate()
    form = clerk.get_by_test_id("step-form")
    form.locator("[name=disbursed_on]").fill(today.isoformat())
    form.locator("button[type=submit]").click()
    expect(clerk.get_by_test_id("instalments")).to_be_visible()
    loan.refresh_from_db()
    assert loan.status == Loan.Status.DISBURSED and loan.contract_no == "CY-2026-007"

    first = Instalment.objects.get(loan=loan, number=1)
    row = f"CY-2026-007,1,{today.isoformat()},0,{first.interest},,BK-001\n"
    content = ("贷款合同编号,期次,还款日期,还款本金,还款利息,逾期罚息,银行流水号\n" + row).encode()
    for _ in range(2):  # the same file twice changes nothing
        clerk.goto(f"{base}/loans/repayments/")
        clerk.locator("[name=lender]").select_option(str(lender.pk))
        clerk.locator("input[name=file]").set_input_files(
            files=[{"name": "还款明细.csv", "mimeType": "text/csv", "buffer": content}]
        )
        clerk.get_by_role("button", name="导入").click()
        expect(clerk.locator(".messages, [role=status], .message").first).to_be_visible()
    assert Repayment.objects.filter(loan=loan).count() == 1
    clerk.goto(f"{base}/loans/{loan.pk}/")
    expect(clerk.get_by_test_id("instalments")).to_contain_text(today.strftime("%Y-%m-%d"))
    first.refresh_from_db()
    assert first.repaid_on == today
    clerk.wait_for_load_state("networkidle")
    clerk.context.close()
