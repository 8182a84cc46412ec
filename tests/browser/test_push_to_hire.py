"""The whole way from a push message to a hire, in Chromium at phone size:

town staff compose and send an SMS campaign of a job's matched workers → the worker opens the
personal link from their message, signs in with the code from the outbox and applies → the
employer's HR signs in, invites to an interview and marks the hire → the campaign's funnel
counts sent, delivered, clicked, applied and hired.
"""

import re

from playwright.sync_api import expect

from homeward.crypto import hash_filter
from homeward.employers.models import EmployerUser
from homeward.outreach.models import OutboxMessage
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD, make_employer, make_posting, make_staff
from tests.portal.helpers import WORKER_PHONE, portal_welder

HR_PHONE = "13700001111"


def _newest_text(phone: str) -> str:
    rows = OutboxMessage._base_manager.filter(
        **hash_filter(OutboxMessage, "recipient_phone", phone)
    )
    return rows.order_by("-pk").first().text


def _code(phone: str) -> str:
    return re.search(r"\d{6}", _newest_text(phone)).group(0)


def _enter_code(page, phone):
    page.locator("input[name=phone]").fill(phone)
    page.locator("button[type=submit]").first.click()
    page.locator("input[name=code]").fill(_code(phone))
    page.locator("button[type=submit]").first.click()


def test_push_message_to_hire(browser, phone_page, live_server, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.HOMEWARD_PUBLIC_URL = live_server.url
    settings.CAMPAIGN_QUIET_HOURS = None  # whatever the hour the suite runs (tested apart)
    base = live_server.url

    worker = portal_welder(consents_to_contact=True)
    employer = make_employer("321302001", name="宿迁焊接设备有限公司")
    posting = make_posting(
        employer, title="电焊工", occupation="电焊工", wage_min=6000, wage_max=7000
    )
    posting.status = "published"
    posting.save()
    from homeward.matching.services import refresh_posting_matches

    refresh_posting_matches(posting)
    EmployerUser.objects.create(employer=employer, name="王经理", phone=HR_PHONE)
    make_staff("321302001", role="staff", username="town-clerk")

    # Town staff compose the campaign on a desktop screen and send it.
    desk = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    staff = desk.new_page()
    staff.set_default_timeout(10_000)
    sign_in(staff, base, "town-clerk", PASSWORD)
    staff.goto(f"{base}/campaigns/new/")
    staff.locator("input[name=name]").fill("电焊工招聘推送")
    staff.locator("select[name=channel]").select_option("sms")
    staff.locator("input[name=audience][value=matched]").check()
    staff.locator(f"input[name=postings][value='{posting.pk}']").check()
    staff.locator("form button[type=submit]").last.click()
    expect(staff.locator("body")).to_contain_text("张")  # a sample message to the worker
    staff.locator("form[action$='/send/'] button").click()
    expect(staff.locator("body")).to_contain_text("已发送")

    # The worker's SMS carries their own link; they open it on their phone.
    link = re.search(r"https?://\S+/r/\S+", _newest_text(WORKER_PHONE)).group(0).rstrip("。，,")
    page = phone_page
    page.goto(link)
    expect(page).to_have_url(re.compile(rf"/m/jobs/{posting.pk}$"))
    page.locator("form[action$='/apply'] button").click()
    expect(page).to_have_url(re.compile(r"/m/signin"))
    _enter_code(page, WORKER_PHONE)
    expect(page).to_have_url(re.compile(r"/m/bind"))
    page.locator("input[name=name]").fill("张三")
    page.locator("input[name=id_number]").fill(worker.id_number)
    page.locator("button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/m/jobs/{posting.pk}$"))
    page.locator("form[action$='/apply'] button").click()
    expect(page).to_have_url(re.compile(r"/m/applications$"))
    expect(page.locator(".card").first).to_contain_text("电焊工")

    # The employer's HR signs in on their phone, invites to an interview and hires.
    hr_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    hr = hr_context.new_page()
    hr.set_default_timeout(10_000)
    hr.goto(f"{base}/e/signin")
    _enter_code(hr, HR_PHONE)
    expect(hr.locator("body")).to_contain_text("电焊工")
    hr.goto(f"{base}/e/postings/{posting.pk}")
    expect(hr.locator("body")).to_contain_text(WORKER_PHONE)  # applied: contact shared
    hr.locator("a[href*='/e/applications/']").first.click()
    hr.locator("form[action$='/interview'] input[type=datetime-local]").fill("2026-12-01T09:30")
    hr.locator("form[action$='/interview'] input[name=place]").fill("厂区门卫室")
    hr.locator("form[action$='/interview'] button").click()
    hr.locator("form[action$='/hire'] input[type=date]").fill("2026-12-05")
    hr.locator("form[action$='/hire'] input[name=contract_months]").fill("12")
    hr.locator("form[action$='/hire'] button").click()
    expect(hr.locator("body")).to_contain_text("已录用")
    hr_context.close()

    # The worker sees the hire; staff see the whole funnel.
    page.goto(f"{base}/m/applications")
    expect(page.locator(".status.hired")).to_be_visible()
    from homeward.campaigns.models import Campaign

    campaign = Campaign._base_manager.get()
    staff.goto(f"{base}/campaigns/{campaign.pk}/")
    staff.screenshot(path=ARTIFACTS / "campaign-funnel.png", full_page=True)
    for step in ("sent", "delivered", "clicked", "applied", "hired"):
        expect(staff.get_by_test_id(f"count-{step}").first).to_have_text("1")
    desk.close()
