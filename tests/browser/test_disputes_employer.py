"""The respondent employer on a 360-px phone: the commission serves the copy of a worker's
application electronically, the employer's HR signs in, opens /e/disputes, confirms receipt and
files its defence; the case page of the commission then shows the defence."""

from datetime import date

from django.utils import timezone
from playwright.sync_api import expect

from homeward.disputes import services
from homeward.disputes.models import Commission, DocumentKind, PartyRole, ServiceMethod
from homeward.employers.models import EmployerUser
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_push_to_hire import _enter_code
from tests.factories import COUNTY, TOWN, VILLAGE, make_employer, make_staff, make_worker

HR_PHONE = "13900001111"


def test_the_employer_signs_for_the_copy_and_files_its_defence(browser, live_server):
    clerk = make_staff(COUNTY, username="dispute-clerk")
    employer = make_employer(TOWN, name="宿迁某建筑劳务有限公司")
    hr_user = EmployerUser(employer=employer, name="王经理", phone=HR_PHONE)
    hr_user.save()
    worker = make_worker(VILLAGE, sequence=3, name="张三")
    commission = Commission.objects.create(
        title="宿迁市宿城区劳动人事争议仲裁委员会", region_id=COUNTY, prefix="宿城劳人仲案字"
    )
    today = timezone.localdate()
    dispute = services.file_dispute(
        commission=commission,
        worker=worker,
        employer=employer,
        employer_name="",
        facts="工资未发。",
        claims=[services.ClaimLine("wages", 8000)],
        source="window",
        filed_on=today,
        by=clerk,
    ).dispute
    services.apply_for_arbitration(dispute, received_on=today, by=clerk)
    services.accept_dispute(dispute, on=today, by=clerk)
    services.serve_document(
        dispute.documents.get(kind=DocumentKind.APPLICATION),
        dispute.parties.get(role=PartyRole.RESPONDENT),
        method=ServiceMethod.ELECTRONIC,
        on=today,
        by=clerk,
    )
    base = live_server.url

    hr = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    hr.goto(f"{base}/e/signin")
    _enter_code(hr, HR_PHONE)
    hr.goto(f"{base}/e/disputes")
    card = hr.get_by_test_id("employer-dispute")
    expect(card).to_contain_text(dispute.case_number)
    expect(card).to_contain_text("待贵单位签收")
    card.click()
    hr.get_by_role("button", name="确认签收").click()
    expect(hr.locator("body")).to_contain_text("已签收")
    hr.locator("textarea[name=text]").fill("已按约定支付工资，不存在拖欠。")
    hr.get_by_role("button", name="提交答辩书").click()
    expect(hr.get_by_test_id("defence")).to_contain_text("不存在拖欠")
    hr.screenshot(path=ARTIFACTS / "disputes-employer.png", full_page=True)
    dispute.refresh_from_db()
    assert dispute.copy_served_on == today and dispute.defence_on == today
    assert dispute.filed_on != date(2000, 1, 1)
    hr.context.close()
