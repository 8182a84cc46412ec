"""From a training wish to a job, in Chromium at phone size (360 px):

county staff open a welding course and send its invitation to a returnee who wished to learn
welding → the returnee signs in on the phone, finds the invitation in the messages and enrols
with one tap → staff mark the day's attendance, the completion, a passed assessment and the
certificate on their phone → staff open the course's training-site fair, where an employer's
booth hires the returnee → the course lists the hire and shows 1 of 1 employed after training.
"""

import re

from django.utils import timezone
from playwright.sync_api import expect

from homeward.fairs import services as fairs
from homeward.fairs.models import Fair
from homeward.placements import services as placements
from homeward.training.models import Enrolment
from tests.browser.conftest import sign_in
from tests.browser.test_push_to_hire import _enter_code
from tests.factories import PASSWORD, VILLAGE, make_employer, make_posting, make_staff, make_worker
from tests.training.helpers import make_course

WORKER_PHONE = "13912345678"


def test_training_wish_to_certificate_to_hire(browser, phone_page, live_server, settings):
    settings.HOMEWARD_PUBLIC_URL = live_server.url
    settings.CAMPAIGN_QUIET_HOURS = None
    base = live_server.url
    worker = make_worker(
        VILLAGE,
        sequence=3,
        name="张三",
        phone=WORKER_PHONE,
        status="returned_unemployed",
        training_wish="想学电焊",
        consents_to_contact=True,
    )
    course = make_course(days_ago=0, title="送培入乡电焊班")
    clerk = make_staff("321302", username="county-clerk")

    # County staff, on a phone, invite the returnee the course is proposed to.
    staff_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    staff = staff_context.new_page()
    staff.set_default_timeout(10_000)
    sign_in(staff, base, "county-clerk", PASSWORD)
    staff.goto(f"{base}/training/courses/{course.pk}/")
    expect(staff.get_by_test_id("proposals")).to_contain_text("张三")
    staff.get_by_test_id("invite").click()
    expect(staff.locator("body")).to_contain_text("已发出 1 份邀请")

    # The returnee signs in, reads the invitation and enrols with one tap.
    page = phone_page
    page.goto(f"{base}/m/me/messages")
    _enter_code(page, WORKER_PHONE)
    expect(page).to_have_url(re.compile(r"/m/bind"))
    page.locator("input[name=name]").fill("张三")
    page.locator("input[name=id_number]").fill(worker.id_number)
    page.locator("button[type=submit]").first.click()
    page.goto(f"{base}/m/me/messages")
    page.locator(f"a[href$='/m/courses/{course.pk}']").first.click()
    page.get_by_test_id("enrol").click()
    expect(page).to_have_url(re.compile(r"/m/courses$"))
    expect(page.get_by_test_id("enrolment")).to_contain_text("送培入乡电焊班")

    # Staff mark attendance, completion, the assessment and the certificate.
    enrolment = Enrolment.objects.get()
    staff.goto(f"{base}/training/courses/{course.pk}/attendance/")
    staff.get_by_role("button", name="保存考勤").click()
    expect(staff.locator("body")).to_contain_text("出勤 1 人")
    staff.goto(f"{base}/training/enrolments/{enrolment.pk}/")
    staff.get_by_test_id("complete").click()
    expect(staff.get_by_test_id("status")).to_contain_text("已结业")
    staff.locator("input[name=score]").fill("88")
    staff.get_by_test_id("assess").click()
    staff.locator("input[name=number]").fill("JN2026-0001")
    staff.get_by_test_id("certify").click()
    expect(staff.get_by_test_id("certificate")).to_contain_text("JN2026-0001")

    # 培训即就业: staff open the course's training-site fair from its page; an employer's booth
    # there, the returnee's intention at it and the hire are the fair's own records; the course
    # traces the hire and counts 1 of 1 employed after training.
    staff.goto(f"{base}/training/courses/{course.pk}/")
    staff.get_by_test_id("site-fair-form").get_by_role("button").click()
    expect(staff).to_have_url(re.compile(r"/fairs/\d+/"))
    fair = Fair.objects.get()
    posting = make_posting(make_employer("321302001"), title="电焊工", status="published")
    booth = fairs.sign_up_booth(fair, posting.employer, [posting], by=clerk)
    fairs.approve_booth(booth, by=clerk)
    intention, _ = fairs.record_intention(fair, worker, posting, by=clerk)
    placements.hire(
        intention.application, hired_on=timezone.localdate(), contract_months=12, by="staff"
    )
    staff.goto(f"{base}/training/courses/{course.pk}/")
    expect(staff.get_by_test_id("site-hires")).to_contain_text("张三")
    expect(staff.get_by_test_id("site-hires-count")).to_have_text("1")
    assert staff.evaluate("document.documentElement.scrollWidth") <= 360
    expect(staff.get_by_test_id("rate-employed")).to_have_text("1")
    expect(staff.get_by_test_id("rate-completed")).to_have_text("1")
    page.goto(f"{base}/m/courses")
    expect(page.get_by_test_id("my-certificate")).to_contain_text("JN2026-0001")
    staff_context.close()
