"""On a 360-px phone, an employer's HR signs in with the code from the outbox, finds the
applicant, invites them to an interview and records the hire."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from homeward.employers.models import EmployerUser
from homeward.placements.models import Application
from homeward.placements.services import apply
from tests.browser.conftest import ARTIFACTS
from tests.factories import TOWN, VILLAGE, make_employer, make_posting, make_worker
from tests.portal.helpers import last_code

HR_PHONE = "13900001111"


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_employer_signs_in_invites_and_hires(phone_page, live_server):
    employer = make_employer(TOWN, name="幸福电子厂")
    EmployerUser(employer=employer, name="王经理", phone=HR_PHONE).save()
    posting = make_posting(employer, title="插件工")
    posting.status = "published"
    posting.save()
    worker = make_worker(VILLAGE, sequence=5, name="张三丰", phone="13712345678")
    application, _ = apply(worker, posting)

    page = phone_page
    page.goto(f"{live_server.url}/e/")
    expect(page).to_have_url(f"{live_server.url}/e/signin?next=%2Fe%2F")
    page.locator("input[name=phone]").fill("139 0000 1111")
    page.locator("[data-testid=signin] button[type=submit]").click()
    page.locator("input[name=code]").fill(last_code(HR_PHONE))
    assert _fits_the_phone(page)
    page.locator("[data-testid=signin] button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/e/")
    expect(page.get_by_test_id("posting")).to_contain_text("插件工")
    assert _fits_the_phone(page)
    page.screenshot(path=ARTIFACTS / "employer-home.png", full_page=True)
    page.get_by_test_id("posting").click()

    applicant = page.get_by_test_id("applicant")
    expect(applicant).to_contain_text("张三丰")
    expect(applicant).to_contain_text("13712345678")
    assert _fits_the_phone(page)
    applicant.click()

    interview = page.get_by_test_id("interview-form")
    day = timezone.localdate() + datetime.timedelta(days=2)
    interview.locator("input[name=at]").fill(f"{day.isoformat()}T09:30")
    interview.locator("input[name=place]").fill("厂区东门")
    assert _fits_the_phone(page)
    page.screenshot(path=ARTIFACTS / "employer-application.png", full_page=True)
    interview.locator("button[type=submit]").click()
    expect(page.locator("dl.facts")).to_contain_text("厂区东门")
    expect(page.get_by_test_id("status")).to_have_class("status interview")

    hire = page.get_by_test_id("hire-form")
    hire.locator("input[name=hired_on]").fill(day.isoformat())
    hire.locator("input[name=contract_months]").fill("12")
    hire.locator("button[type=submit]").click()
    expect(page.get_by_test_id("status")).to_have_class("status hired")
    expect(page.get_by_test_id("outcome")).to_contain_text(day.isoformat())
    page.screenshot(path=ARTIFACTS / "employer-hired.png", full_page=True)

    application = Application._base_manager.get(pk=application.pk)
    assert application.status == "hired" and application.hired_on == day
    assert application.contract_months == 12 and application.interview_place == "厂区东门"
