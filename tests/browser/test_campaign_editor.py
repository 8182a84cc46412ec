"""In Chromium: a job's "push to these matched workers" opens the campaign form with its
matches, and the template editor's sample follows what is typed (htmx, no page reload)."""

import pytest
from playwright.sync_api import expect

from homeward.matching.models import PostingMatches
from tests.browser.conftest import sign_in
from tests.campaigns.conftest import open_job, person
from tests.factories import PASSWORD, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_push_a_job_and_watch_the_sample_follow_the_template(browser, live_server):
    worker = person(name="张建军", phone="13912345678")
    job = open_job(title="电焊工")
    PostingMatches.objects.create(
        posting=job, region_id=job.region_id, matches=[{"id": worker.pk, "score": 90.0}]
    )
    make_staff("321302", username="county-clerk")
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, live_server.url, "county-clerk", PASSWORD)
        page.goto(f"{live_server.url}/jobs/{job.pk}/")
        page.get_by_test_id("push-matched").click()
        expect(page.locator("input[name=audience][value=matched]")).to_be_checked()
        expect(page.locator(f"input[name=postings][value='{job.pk}']")).to_be_checked()
        sample = page.get_by_test_id("draft-text")
        expect(sample).to_contain_text("张师傅，为您推荐：电焊工")
        expect(page.locator("#template-preview")).to_contain_text("139****5678")
        page.locator("textarea[name=template]").fill("{name}您好，{jobs}正在招人：{link} 回T退订")
        expect(sample).to_contain_text("张师傅您好，电焊工")
        expect(page.locator("#template-preview")).not_to_contain_text("{name}")
        page.locator("textarea[name=template]").fill("{name}您好")
        expect(page.get_by_test_id("draft-problems")).to_be_visible()
    finally:
        context.close()
