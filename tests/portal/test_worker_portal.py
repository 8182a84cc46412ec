"""The worker portal after sign-in: recommendations, search, apply, applications, wishes,
messages, articles — and the refusals (another person's application, extra fields, drafts)."""

import datetime
from decimal import Decimal

import pytest

from homeward.audit.models import AuditEvent
from homeward.content.models import Article
from homeward.placements.models import Application
from homeward.workers.models import StatusEvent, Worker
from tests.factories import VILLAGE, make_employer, make_posting, make_published, make_worker

from .helpers import WORKER_PHONE, portal_welder, sign_in_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return portal_welder()


@pytest.fixture
def signed_in(client, worker):
    sign_in_worker(client, worker)
    return client


def test_home_lists_recommended_jobs_with_reasons(signed_in):
    posting = make_published(title="电焊工", occupation="电焊工")
    response = signed_in.get("/m/")
    page = response.content.decode()
    assert response.status_code == 200
    assert posting.title in page and f"/m/jobs/{posting.pk}" in page
    assert "工种对口" in page  # a reason in plain words


def test_pages_need_sign_in(client):
    for url in ("/m/", "/m/applications", "/m/me", "/m/me/wishes", "/m/me/messages"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/m/signin?next=")


def test_staff_session_is_not_a_worker(client, village_staff):
    client.force_login(village_staff)
    assert client.get("/m/").status_code == 302


def test_search_filters_and_hides_drafts(client):
    welder = make_published(title="电焊工", occupation="电焊工", wage_min=5000, wage_max=7000)
    cleaner = make_published(title="保洁员", occupation="保洁", wage_min=2500, wage_max=3000)
    draft = make_posting(make_employer("321302001"), title="草稿岗位")
    page = client.get("/m/jobs").content.decode()
    assert welder.title in page and cleaner.title in page and draft.title not in page
    page = client.get("/m/jobs", {"q": "焊"}).content.decode()
    assert welder.title in page and cleaner.title not in page
    page = client.get("/m/jobs", {"wage": 4000}).content.decode()
    assert welder.title in page and cleaner.title not in page
    far = make_published(title="内江岗位", employer=make_employer("511002001"))
    page = client.get("/m/jobs", {"area": "511002"}).content.decode()
    assert welder.title not in page and far.title in page


def test_job_page_is_public_but_drafts_are_not(client):
    posting = make_published(title="叉车工", benefits=["board", "lodging"])
    page = client.get(f"/m/jobs/{posting.pk}").content.decode()
    assert "叉车工" in page and posting.employer.name in page
    draft = make_posting(make_employer("321302001"))
    assert client.get(f"/m/jobs/{draft.pk}").status_code == 404


def test_apply_once_and_see_it(signed_in, worker):
    posting = make_published()
    response = signed_in.post(f"/m/jobs/{posting.pk}/apply", {"status": "hired", "worker": 1})
    assert response.status_code == 302
    application = Application._base_manager.get()
    assert application.worker == worker and application.status == "applied"  # S9
    assert application.region_id == worker.region_id and application.source == "portal"
    signed_in.post(f"/m/jobs/{posting.pk}/apply")
    assert Application._base_manager.count() == 1
    page = signed_in.get("/m/applications").content.decode()
    assert posting.title in page
    assert AuditEvent.objects.filter(action="placements.application.created").count() == 1


def test_apply_needs_sign_in_and_comes_back(client):
    posting = make_published()
    response = client.post(f"/m/jobs/{posting.pk}/apply")
    assert response["Location"] == f"/m/signin?next=/m/jobs/{posting.pk}"
    assert not Application._base_manager.exists()


def test_cannot_apply_to_a_closed_job(signed_in):
    posting = make_published()
    posting.status = "closed"
    posting.save()
    assert signed_in.post(f"/m/jobs/{posting.pk}/apply").status_code == 404
    assert not Application._base_manager.exists()


def test_another_persons_application_is_out_of_reach(signed_in):
    other = make_worker(VILLAGE, sequence=9, name="李四")
    posting = make_published()
    from homeward.placements.services import apply

    theirs, _ = apply(other, posting)
    assert signed_in.post(f"/m/applications/{theirs.pk}/withdraw").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "applied"
    assert "李四" not in signed_in.get("/m/applications").content.decode()


def test_withdraw_own_application(signed_in, worker):
    posting = make_published()
    signed_in.post(f"/m/jobs/{posting.pk}/apply")
    application = Application._base_manager.get()
    assert signed_in.post(f"/m/applications/{application.pk}/withdraw").status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    signed_in.post(f"/m/jobs/{posting.pk}/apply")  # changed their mind
    application.refresh_from_db()
    assert application.status == "applied"


def test_wishes_are_saved_as_a_portal_status_event(signed_in, worker):
    response = signed_in.post(
        "/m/me/wishes",
        {
            "status": "returned_unemployed",
            "intention": "go_out",
            "willing_scope": "province",
            "expected_wage": "6000",
            "available_from": "2026-12-15",
            "wanted_work_types": ["full_time", "seasonal"],
            "wanted_benefits": ["board", "lodging"],
            "service_needs": ["job", "training"],
            # not the person's to change (S9):
            "name": "王二",
            "region_id": "511002001001",
            "low_income": "monitored",
            "consents_to_contact": "on",
        },
    )
    assert response.status_code == 302
    worker = Worker._base_manager.get(pk=worker.pk)
    assert worker.willing_scope == "province" and worker.expected_wage == Decimal(6000)
    assert worker.wanted_work_types == "full_time,seasonal"
    assert worker.wanted_benefits == "board,lodging"
    assert worker.available_from == datetime.date(2026, 12, 15)
    assert worker.status == "returned_unemployed"
    assert (worker.name, worker.region_id, worker.low_income) == ("张三", VILLAGE, "")
    event = StatusEvent._base_manager.filter(worker=worker).latest("recorded_at")
    assert event.source == "portal" and event.status == "returned_unemployed"


def test_bad_wishes_get_errors_and_change_nothing(signed_in, worker):
    response = signed_in.post("/m/me/wishes", {"expected_wage": "-5", "willing_scope": "moon"})
    assert response.status_code == 200
    worker = Worker._base_manager.get(pk=worker.pk)
    assert worker.expected_wage == Decimal(5000) and worker.willing_scope == ""


def test_opt_out_and_back_in(signed_in, worker):
    Worker._base_manager.filter(pk=worker.pk).update(consents_to_contact=True)
    signed_in.post("/m/me/messages/settings", {"wanted": "no"})
    assert not Worker._base_manager.get(pk=worker.pk).consents_to_contact
    assert AuditEvent.objects.filter(action="portal.messages.opted_out").exists()
    signed_in.post("/m/me/messages/settings", {"wanted": "yes"})
    assert Worker._base_manager.get(pk=worker.pk).consents_to_contact


def test_inbox_shows_only_own_inapp_messages(signed_in, worker):
    from homeward.outreach.gateways import OutgoingMessage, send

    other = make_worker(VILLAGE, sequence=8, name="李四")
    send(OutgoingMessage(channel="inapp", worker_id=worker.pk, text="给张三的消息"))
    send(OutgoingMessage(channel="inapp", worker_id=other.pk, text="给李四的消息"))
    page = signed_in.get("/m/me/messages").content.decode()
    assert "给张三的消息" in page and "给李四的消息" not in page


def test_me_masks_the_persons_own_numbers(signed_in, worker):
    page = signed_in.get("/m/me").content.decode()
    assert WORKER_PHONE not in page and worker.id_number not in page
    assert "139****5678" in page


def test_articles_of_the_persons_area_and_above(signed_in):
    mine = Article.objects.create(region_id="3213", kind="policy", title="返乡补贴", body="a")
    theirs = Article.objects.create(region_id="5110", kind="policy", title="内江政策", body="b")
    hidden = Article.objects.create(
        region_id="3213", kind="guide", title="未发布", body="c", is_published=False
    )
    page = signed_in.get("/m/guides").content.decode()
    assert mine.title in page and theirs.title not in page and hidden.title not in page
    assert signed_in.get(f"/m/guides/{theirs.pk}").status_code == 404
    assert signed_in.get(f"/m/guides/{mine.pk}").status_code == 200


def test_no_worker_page_shows_a_full_phone_or_id_number(signed_in, worker):
    from homeward.codes import idnumber
    from tests.test_masking_on_pages import FULL_ID, FULL_PHONE

    posting = make_published(title="电焊工", occupation="电焊工")
    signed_in.post(f"/m/jobs/{posting.pk}/apply")
    article = Article.objects.create(region_id="3213", kind="guide", title="指南", body="正文")
    pages = [
        "/m/",
        "/m/jobs",
        f"/m/jobs/{posting.pk}",
        "/m/applications",
        "/m/me",
        "/m/me/wishes",
        "/m/me/messages",
        "/m/guides",
        f"/m/guides/{article.pk}",
    ]
    for url in pages:
        response = signed_in.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        # The employer's business contact is no worker's personal data: the job page gives it.
        assert not set(FULL_PHONE.findall(content)) - {posting.employer.contact_phone}, url
        assert not [n for n in FULL_ID.findall(content) if idnumber.is_valid(n)], url
    job_page = signed_in.get(f"/m/jobs/{posting.pk}").content.decode()
    assert posting.employer.contact_phone in job_page and "王经理" in job_page
