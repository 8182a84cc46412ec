"""The Content-Security-Policy holds on the main pages: Chromium loads each one (the landing page,
the staff home with its chart, a worker's page, the job sheet, the workers list with htmx, the
worker portal's home and the employer portal's home) and the test fails on any CSP violation,
whether the console reports it or a `securitypolicyviolation` event does. The language switch,
whose inline handler moved to staff.js, still switches."""

import json
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from homeward.employers.models import EmployerUser
from homeward.portal import identity
from homeward.workers.models import WorkerAccount
from tests.factories import (
    COUNTY,
    TOWN,
    VILLAGE,
    make_employer,
    make_posting,
    make_staff,
    make_worker,
)

# Collects violations in the page itself; Playwright's init scripts run outside the page's CSP.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile
                    + ":" + e.lineNumber);
});
"""


def _session_cookie(base_url, **values) -> dict:
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session.update(values)
    session.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}


def _staff_cookie(base_url, user) -> dict:
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base_url}


@pytest.fixture
def people(db):
    staff = make_staff(COUNTY, username="county-clerk")
    worker = make_worker(
        VILLAGE, sequence=3, name="张三", phone="13912345678", occupation_text="电焊工"
    )
    WorkerAccount._base_manager.create(worker=worker, phone=worker.phone)
    employer = make_employer(TOWN)
    hr = EmployerUser(employer=employer, name="王经理", phone="13912340008")
    hr.save()
    posting = make_posting(employer, title="电焊工", occupation="电焊工")
    posting.status, posting.published_at = "published", timezone.now()
    posting.save()
    return {"staff": staff, "worker": worker, "hr": hr, "posting": posting}


class Visitor:
    """A browser context whose pages record every CSP violation."""

    def __init__(self, browser, cookie=None):
        self.context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="zh-CN")
        self.context.add_init_script(WATCH)
        if cookie:
            self.context.add_cookies([cookie])
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.console = []
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                or "Content-Security-Policy" in message.text
                else None
            ),
        )

    def visit(self, url, ready=None):
        response = self.page.goto(url)
        assert response.status == 200, (url, response.status)
        header = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in header and "unsafe-inline" not in header, header
        if ready:
            expect(self.page.locator(ready).first).to_be_attached()
        self.page.wait_for_load_state("networkidle")
        events = self.page.evaluate("window.__csp")
        assert events == [] and self.console == [], (url, events, self.console)

    def close(self):
        self.context.close()


def test_the_main_pages_pass_the_policy(browser, live_server, people):
    base = live_server.url
    anonymous = Visitor(browser)
    anonymous.visit(f"{base}/")
    anonymous.close()

    staff = Visitor(browser, _staff_cookie(base, people["staff"]))
    staff.visit(base + reverse("home"), ready="#status-chart svg")  # ECharts drew its chart
    staff.visit(base + reverse("workers:detail", args=[people["worker"].pk]))
    staff.visit(base + reverse("workers:list"))  # htmx's filters
    staff.visit(base + reverse("jobs:detail", args=[people["posting"].pk]))
    staff.visit(base + reverse("jobs:sheet", args=[TOWN]))
    staff.visit(base + reverse("campaigns:create"), ready="#template-preview")  # htmx swaps
    with staff.page.expect_response(lambda r: "template-preview" in r.url):  # htmx swaps it in
        staff.page.locator("textarea[name=template]").fill("{name}您好，{jobs}正在招人：{link}")
    staff.page.wait_for_load_state("networkidle")
    assert staff.page.evaluate("window.__csp") == [] and staff.console == []
    staff.close()

    admin = Visitor(
        browser, _staff_cookie(base, make_staff(TOWN, role="admin", username="town-admin"))
    )
    clerk = make_staff(VILLAGE, username="village-clerk")
    admin.visit(base + reverse("admin:index"))
    admin.visit(base + reverse("admin:accounts_user_changelist"))
    admin.visit(base + reverse("admin:accounts_user_change", args=[clerk.pk]), ready=".select2")
    admin.close()

    now = time.time()
    worker = Visitor(
        browser,
        _session_cookie(base, **{identity.WORKER: people["worker"].pk, identity.SIGNED_IN_AT: now}),
    )
    worker.visit(base + reverse("portal:home"))
    worker.close()

    employer = Visitor(
        browser,
        _session_cookie(
            base, **{identity.EMPLOYER_USER: people["hr"].pk, identity.SIGNED_IN_AT: now}
        ),
    )
    employer.visit(base + reverse("portal:employer-home"))
    employer.visit(base + reverse("portal:employer-posting", args=[people["posting"].pk]))
    employer.close()


def test_the_language_switch_works_without_an_inline_handler(browser, live_server, people):
    base = live_server.url
    staff = Visitor(browser, _staff_cookie(base, people["staff"]))
    staff.visit(base + reverse("home"))
    with staff.page.expect_navigation():
        staff.page.locator("select#language").select_option("en")
    expect(staff.page.locator("html")).to_have_attribute("lang", "en")
    assert staff.page.evaluate("window.__csp") == [] and staff.console == []
    staff.close()


def test_the_policy_is_strict():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["default-src"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name] and "'unsafe-eval'" not in directives[name]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert json.dumps(directives).count("http") == 0  # no outside origin at all
