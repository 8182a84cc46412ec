"""A county clerk exports a large ledger: the job page's bar polls, then the file downloads."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from homeward.background.models import BackgroundJob
from homeward.workers.tasks import export_ledger_job
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD, make_staff, make_worker


def test_export_progress_then_download(phone_page, live_server, settings):
    settings.HOMEWARD_DIRECT_EXPORT_ROWS = 3  # a "large" export of three people
    make_staff("321302", username="sucheng")
    for n in (1, 2, 3):
        make_worker("321302001001", sequence=n, name=f"工人{n}")
    page = phone_page
    sign_in(page, live_server.url, "sucheng", PASSWORD)
    page.goto(f"{live_server.url}/workers/")
    page.get_by_role("link", name="导出 Excel").click()

    progress = page.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-status", "queued")
    expect(page.locator("progress")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "export-queued.png", full_page=True)

    export_ledger_job.call(BackgroundJob.objects.get().pk)  # the task worker's turn
    link = page.get_by_test_id("job-download")  # the page polls every second and finds it
    expect(link).to_be_visible()
    expect(progress).to_have_attribute("data-status", "done")
    page.screenshot(path=ARTIFACTS / "export-done.png", full_page=True)
    with page.expect_download() as download:
        link.click()
    rows = list(load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active.values)
    assert [row[1] for row in rows[3:]] == ["工人1", "工人2", "工人3"]


def test_publishing_shows_matching_running_then_the_matches(phone_page, live_server):
    from homeward.matching.tasks import refresh_posting_job
    from tests.factories import make_employer, make_posting

    make_staff("321302", username="sucheng")
    posting = make_posting(make_employer("321302001"), title="电焊工", occupation="焊工")
    make_worker("321302001001", sequence=1, name="焊工甲", occupation_text="电焊工")
    page = phone_page
    sign_in(page, live_server.url, "sucheng", PASSWORD)
    page.goto(f"{live_server.url}/jobs/{posting.pk}/")
    page.get_by_role("button", name="发布").click()

    running = page.get_by_test_id("matching-running")
    expect(running).to_contain_text("匹配计算中")
    expect(page.get_by_text("暂无匹配")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "posting-matching-running.png", full_page=True)

    refresh_posting_job.call(BackgroundJob.objects.get().pk)  # the task worker's turn
    expect(page.get_by_test_id("matched")).to_contain_text("焊工甲")  # the poll reloads the page
    expect(running).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "posting-matched.png", full_page=True)
