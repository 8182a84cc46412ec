"""The respondent employer's own agents on a 360-px phone: its HR signs in, opens the case on
/e/disputes, appoints a lawyer and a member of staff (each with the signed authorisation), then
replaces the lawyer in one step (`services.replace_agent`) and withdraws the member of staff;
a replacement refused (no authorisation) leaves the lawyer acting. The commission's case page
shows the withdrawn agents with their reasons."""

from datetime import date

from playwright.sync_api import expect

from homeward.disputes import services
from homeward.disputes.models import Commission, Party, PartyRole
from homeward.employers.models import EmployerUser
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.test_push_to_hire import _enter_code
from tests.factories import (
    COUNTY,
    PASSWORD,
    TOWN,
    VILLAGE,
    make_employer,
    make_staff,
    make_worker,
)

HR_PHONE = "13900003333"
ON = date(2026, 11, 2)  # a Monday: the case's dates stay inside the held calendar


def _acting(dispute):
    return list(
        Party._base_manager.filter(
            dispute=dispute,
            role=PartyRole.AGENT,
            principal__role=PartyRole.RESPONDENT,
            withdrawn_at__isnull=True,
        )
        .order_by("pk")
        .values_list("name", "agent_kind")
    )


def _letter(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 signed authorisation " + name.encode())
    return path


def test_the_employer_appoints_replaces_and_withdraws_its_agents(browser, live_server, tmp_path):
    clerk = make_staff(COUNTY, username="agents-clerk")
    employer = make_employer(TOWN, name="宿迁某电子有限公司")
    EmployerUser(employer=employer, name="陈经理", phone=HR_PHONE).save()
    worker = make_worker(VILLAGE, sequence=4, name="李四")
    commission = Commission.objects.create(
        title="宿迁市宿城区劳动人事争议仲裁委员会", region_id=COUNTY, prefix="宿城劳人仲案字"
    )
    dispute = services.file_dispute(
        commission=commission,
        worker=worker,
        employer=employer,
        employer_name="",
        facts="加班费未付。",
        claims=[services.ClaimLine("overtime", 6000)],
        source="window",
        filed_on=ON,
        by=clerk,
    ).dispute
    services.apply_for_arbitration(dispute, received_on=ON, by=clerk)
    services.accept_dispute(dispute, on=ON, by=clerk)
    base = live_server.url

    hr = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN").new_page()
    hr.set_default_timeout(10_000)
    hr.goto(f"{base}/e/signin")
    _enter_code(hr, HR_PHONE)
    hr.goto(f"{base}/e/disputes")
    hr.get_by_test_id("employer-dispute").click()
    expect(hr.get_by_test_id("agents")).to_contain_text("尚未委托代理人")

    # a lawyer, then a member of staff
    form = hr.get_by_test_id("agent-form")
    form.locator("select[name=kind]").select_option("lawyer")
    form.locator("input[name=name]").fill("周律师")
    form.locator("input[name=phone]").fill("13912345678")
    form.locator("input[name=file]").set_input_files(_letter(tmp_path, "lawyer.pdf"))
    form.get_by_role("button", name="添加委托代理人").click()
    expect(hr.locator("body")).to_contain_text("已为本案添加贵单位的委托代理人")
    agents = hr.get_by_test_id("agents")
    expect(agents).to_contain_text("周律师")
    expect(agents).not_to_contain_text("13912345678")  # masked
    form = hr.get_by_test_id("agent-form")
    form.locator("select[name=kind]").select_option("employee")
    form.locator("input[name=name]").fill("人事部 吴某")
    form.locator("input[name=file]").set_input_files(_letter(tmp_path, "staff.pdf"))
    form.get_by_role("button", name="添加委托代理人").click()
    expect(hr.get_by_test_id("agents")).to_contain_text("人事部 吴某")
    expect(hr.get_by_test_id("agent-form")).to_have_count(0)  # two agents: no third
    lawyer, staff = Party._base_manager.filter(dispute=dispute, role=PartyRole.AGENT).order_by("pk")
    assert _acting(dispute) == [("周律师", "lawyer"), ("人事部 吴某", "employee")]

    # both places taken, the lawyer replaced in one step; first without the authorisation
    replace = hr.get_by_test_id(f"agent-replace-{lawyer.pk}")
    replace.locator("summary").click()
    replace.locator("input[name=reason]").fill("更换律师")
    replace.locator("input[name=name]").fill("郑律师")
    replace.locator("input[name=file]").evaluate("e => e.removeAttribute('required')")
    replace.get_by_role("button", name="确认更换").click()
    expect(hr.locator("body")).to_contain_text("请上传有委托人签名或盖章的授权委托书")
    assert _acting(dispute) == [("周律师", "lawyer"), ("人事部 吴某", "employee")]
    replace = hr.get_by_test_id(f"agent-replace-{lawyer.pk}")
    replace.locator("summary").click()
    replace.locator("input[name=reason]").fill("更换律师")
    replace.locator("select[name=kind]").select_option("lawyer")
    replace.locator("input[name=name]").fill("郑律师")
    replace.locator("input[name=file]").set_input_files(_letter(tmp_path, "new-lawyer.pdf"))
    replace.get_by_role("button", name="确认更换").click()
    expect(hr.locator("body")).to_contain_text("已更换代理人")
    agents = hr.get_by_test_id("agents")
    expect(agents).to_contain_text("郑律师")
    expect(agents).not_to_contain_text("周律师")
    assert _acting(dispute) == [("人事部 吴某", "employee"), ("郑律师", "lawyer")]

    # the member of staff withdrawn, with the reason
    remove = hr.get_by_test_id(f"agent-remove-{staff.pk}")
    remove.locator("input[name=reason]").fill("由律师单独代理")
    remove.get_by_role("button", name="解除委托").click()
    expect(hr.locator("body")).to_contain_text("已解除该代理人的委托")
    expect(hr.get_by_test_id("agents")).not_to_contain_text("人事部 吴某")
    expect(hr.get_by_test_id("agent-form")).to_have_count(1)  # a place free again
    width = hr.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360-px phone"
    ARTIFACTS.mkdir(exist_ok=True)
    hr.screenshot(path=ARTIFACTS / "disputes-employer-agents.png", full_page=True)
    hr.context.close()
    assert _acting(dispute) == [("郑律师", "lawyer")]

    # the commission sees both withdrawals with their reasons
    staff_page = browser.new_context(locale="zh-CN").new_page()
    sign_in(staff_page, base, "agents-clerk", PASSWORD)
    staff_page.goto(f"{base}/disputes/{dispute.pk}/")
    expect(staff_page.get_by_test_id(f"agent-withdrawn-{lawyer.pk}")).to_contain_text("更换律师")
    expect(staff_page.get_by_test_id(f"agent-withdrawn-{staff.pk}")).to_contain_text(
        "由律师单独代理"
    )
    staff_page.context.close()
