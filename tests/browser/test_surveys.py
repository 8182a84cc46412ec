"""A village clerk records a visit with no signal on a 360 px phone: it waits in the browser
("待上传 1 条") and arrives once when the network is back; sending it again stores nothing new."""

from playwright.sync_api import expect

from homeward.surveys.models import Visit
from homeward.workers.models import Worker
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import COUNTY, PASSWORD, VILLAGE, make_staff, make_survey, make_worker


def test_a_visit_typed_offline_arrives_once(phone_page, live_server):
    make_staff(VILLAGE, username="fenghuang")
    survey = make_survey(COUNTY)
    person = make_worker(VILLAGE, sequence=3, name="张三")
    make_worker(VILLAGE, sequence=4, name="李四")
    page = phone_page
    sign_in(page, live_server.url, "fenghuang", PASSWORD)
    page.goto(f"{live_server.url}/surveys/{survey.pk}/visit/")
    counter = page.locator("[data-pending]")
    expect(counter).to_have_text("待上传 0 条")

    page.context.set_offline(True)
    page.get_by_role("link", name="张三").click()
    expect(page.locator("[data-chosen]")).to_contain_text("张三")
    page.get_by_label("就业状态").select_option("returned_unemployed")
    page.get_by_label("就业意向").select_option("local")
    page.get_by_role("button", name="保存走访").click()
    expect(counter).to_have_text("待上传 1 条")
    expect(page.locator("[data-log]")).to_contain_text("没有网络")
    page.screenshot(path=ARTIFACTS / "survey-offline.png", full_page=True)
    assert Visit.objects.count() == 0

    page.context.set_offline(False)  # the browser's "online" event sends what waits
    expect(counter).to_have_text("待上传 0 条")
    expect(page.locator("[data-log]")).to_contain_text("已上传：张三")
    page.screenshot(path=ARTIFACTS / "survey-sent.png", full_page=True)
    visit = Visit.objects.get()
    assert visit.worker_id == person.pk and visit.answers["status"] == "returned_unemployed"
    assert Worker._base_manager.get(pk=person.pk).status == "returned_unemployed"

    # The answer was lost on the way back, say: the phone sends the same entry again.
    page.evaluate(
        """a => localStorage.setItem(a.key, JSON.stringify({fields: [
            ["worker", a.worker], ["client_key", a.client_key], ["outcome", "visited"],
            ["visited_on", a.day], ["status", "returned_unemployed"], ["intention", "local"]],
            label: "张三"}))""",
        {
            "key": f"homeward.surveys.{survey.pk}.{visit.client_key}",
            "worker": str(person.pk),
            "client_key": visit.client_key,
            "day": visit.visited_on.isoformat(),
        },
    )
    # Wait for the server's answer: the counter already read 0 (setItem redraws nothing), and a
    # request still in flight when the test ends would write into the flush of its database.
    with page.expect_response(lambda r: r.request.method == "POST" and "/record" in r.url):
        page.get_by_role("button", name="立即上传").click()
    expect(counter).to_have_text("待上传 0 条")
    assert Visit.objects.count() == 1
