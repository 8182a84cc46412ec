"""A town clerk uploads a ledger, sees a rejected row explained, confirms, finds the people."""

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD, make_staff
from tests.workers.test_import import ident, ledger


def test_upload_preview_confirm_and_find(phone_page, live_server, tmp_path):
    make_staff("321302001", username="xingfu")
    path = tmp_path / "幸福街道台账.xlsx"
    path.write_bytes(
        ledger(
            [
                ["张三", ident(1), "13900001111", "凤凰居委会", "外出务工", "电焊工", "6000"],
                ["李四", ident(2), "", "新盛居委会", "返乡待业", "保洁", ""],
                ["王五", "12345", "", "新盛居委会", "", "", ""],
            ]
        )
    )
    page = phone_page
    sign_in(page, live_server.url, "xingfu", PASSWORD)
    page.goto(f"{live_server.url}/workers/import/")
    page.get_by_label("台账文件").set_input_files(path)
    page.get_by_role("button", name="检查文件").click()

    expect(page.get_by_test_id("state")).to_contain_text("尚未保存")
    issues = page.get_by_test_id("issues")
    expect(issues).to_contain_text("6")  # the sheet's row number of 王五
    expect(issues).to_contain_text("身份证号")
    page.screenshot(path=ARTIFACTS / "import-preview.png", full_page=True)

    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_test_id("state")).to_contain_text("已导入")
    page.goto(f"{live_server.url}/workers/?q=张")
    page.screenshot(path=ARTIFACTS / "search.png", full_page=True)
    expect(page.get_by_test_id("count")).to_contain_text("1")
    expect(page.get_by_role("link", name="张三")).to_be_visible()
    page.goto(f"{live_server.url}/workers/")
    expect(page.get_by_test_id("count")).to_contain_text("2")
