"""The worker home from the cache: rendered once per person and state, and still right at once
when a posting, the person's wishes or record, their applications or their confirmation change
(by the key alone); the cached page holds nothing personal, and the lookup decrypts nothing."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from homeward import crypto
from homeward.employers.models import Employer
from homeward.portal import identity, views
from homeward.workers.models import Worker, WorkerAccount
from tests.factories import VILLAGE, make_published, make_worker

from .helpers import portal_welder, sign_in_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return portal_welder()


@pytest.fixture
def signed_in(client, worker):
    sign_in_worker(client, worker)
    return client


@pytest.fixture
def rendered(monkeypatch):
    """Counts the times the home page is really rendered (a cache miss)."""
    calls = []
    real = views._home

    def counting(request, worker, applied):
        calls.append(worker.pk)
        return real(request, worker, applied)

    monkeypatch.setattr(views, "_home", counting)
    return calls


def _home(client) -> str:
    response = client.get("/m/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_is_rendered_once_while_nothing_changes(signed_in, rendered):
    welder = make_published(title="电焊工", occupation="电焊工")
    first, again = _home(signed_in), _home(signed_in)
    assert first == again and welder.title in again and "工种对口" in again
    assert f'href="/m/jobs/{welder.pk}"' in again  # cached HTML, not escaped text
    assert len(rendered) == 1


def test_a_new_posting_shows_at_once(signed_in, rendered):
    make_published(title="电焊工", occupation="电焊工")
    assert "电焊工（夜班）" not in _home(signed_in)
    make_published(title="电焊工（夜班）", occupation="电焊工")
    assert "电焊工（夜班）" in _home(signed_in)
    assert len(rendered) == 2


def test_a_closed_or_edited_posting_and_a_renamed_employer_show_at_once(signed_in):
    welder = make_published(title="电焊工", occupation="电焊工")
    night = make_published(title="电焊工（夜班）", occupation="电焊工")
    assert night.title in _home(signed_in)
    night.status = "closed"
    night.save()
    assert night.title not in _home(signed_in)
    welder.title = "二保焊工"
    welder.save()
    assert "二保焊工" in _home(signed_in)
    employer = Employer._base_manager.get(pk=welder.employer_id)
    employer.name = "宿迁新名字有限公司"
    employer.save()
    assert "宿迁新名字有限公司" in _home(signed_in)


def test_a_changed_wish_shows_at_once(signed_in, worker):
    make_published(title="电焊工", occupation="电焊工")
    make_published(title="保洁员", occupation="保洁")
    page = _home(signed_in)
    assert "电焊工" in page and "保洁员" not in page
    response = signed_in.post(
        "/m/me/wishes", {"occupation_text": "保洁", "intention": "local", "expected_wage": "3000"}
    )
    assert response.status_code == 302
    page = signed_in.get("/m/", follow=True).content.decode()
    assert "保洁员" in page
    # and a change made elsewhere (an import writes past save(), updated_at unchanged)
    Worker._base_manager.filter(pk=worker.pk).update(occupation_text="电焊工")
    page = _home(signed_in)
    assert "电焊工" in page and "保洁员" not in page


def test_applying_marks_the_job_at_once(signed_in):
    welder = make_published(title="电焊工", occupation="电焊工")
    assert "✓" not in _home(signed_in)
    signed_in.post(f"/m/jobs/{welder.pk}/apply")
    assert "✓" in _home(signed_in)  # (shown with the "applied" note, so rendered afresh)
    assert "已报名 ✓" in _home(signed_in)  # and the next visit, from the cache
    assert "申请时间" not in _home(signed_in)  # the table header's word, once shown here


def test_the_confirmation_note_goes_when_staff_confirm(client):
    worker = make_worker(VILLAGE, sequence=8, name="李四", occupation_text="电焊工")
    WorkerAccount._base_manager.create(worker=worker, phone="13612345678", self_registered=True)
    sign_in_worker(client, worker, phone="13612345678")
    assert "正在等待村（社区）服务站确认" in _home(client)
    WorkerAccount._base_manager.filter(worker=worker).update(confirmed_at=timezone.now())
    assert "正在等待村（社区）服务站确认" not in _home(client)


def test_a_flash_message_shows_once_and_is_not_cached(signed_in, rendered):
    make_published(title="电焊工", occupation="电焊工")
    _home(signed_in)
    signed_in.post("/m/me/wishes", {"occupation_text": "电焊工", "expected_wage": "5500"})
    with_note = _home(signed_in)
    assert "已保存" in with_note
    assert "已保存" not in _home(signed_in)


def test_the_cached_page_holds_nothing_personal_and_no_form_token(signed_in, worker):
    make_published(title="电焊工", occupation="电焊工")
    page = _home(signed_in)
    assert "csrfmiddlewaretoken" not in page  # a cached page would hand out stale tokens
    stored = " ".join(str(value) for value in cache._cache.values())
    keys = " ".join(cache._cache)
    assert "电焊工" in page
    for value in (worker.name, worker.phone, worker.id_number, crypto.mask_phone(worker.phone)):
        assert value not in page and value not in keys
    assert worker.phone not in stored and worker.id_number not in stored


def test_the_home_decrypts_nothing(signed_in, monkeypatch, django_assert_max_num_queries):
    make_published(title="电焊工", occupation="电焊工")
    _home(signed_in)
    calls = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda token: calls.append(1) or real(token))
    with django_assert_max_num_queries(2):  # the session; the person with their applications
        _home(signed_in)  # (the postings' stamp is remembered for its generation)
    assert calls == []
    assert "139****" in signed_in.get("/m/me").content.decode()  # `me` reads it, masked
    assert calls


def test_the_application_ids_come_with_the_person(client, worker, django_assert_num_queries):
    from homeward.placements.models import Application
    from homeward.scoping import unscoped

    sign_in_worker(client, worker)
    first, second = make_published(title="电焊工"), make_published(title="钢筋工")
    request = type("Request", (), {"session": client.session})()

    def lookup(**kwargs):
        return identity.signed_in_worker(request, views.HOME_FIELDS, **kwargs)

    assert lookup(applications=True).applied_ids == []
    other = make_worker(VILLAGE, sequence=9, name="王五")
    with unscoped():
        for person, posting in ((worker, second), (worker, first), (other, first)):
            Application._base_manager.create(worker=person, posting=posting, region=person.region)
    with django_assert_num_queries(1):
        found = lookup(applications=True)
    assert found.applied_ids == sorted([first.pk, second.pk])  # not the other person's
    assert not hasattr(lookup(), "applied_ids")
