"""A worker's recommended jobs from the cache: reused while nothing changes, recomputed when
their record or the open postings change (by the key, no hooks), and no personal data kept."""

import pickle
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction

from homeward.employers.models import Employer
from homeward.jobs.models import Posting
from homeward.matching import cache as recommendation_cache
from homeward.workers.models import Worker
from tests.factories import VILLAGE, make_published, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return make_worker(
        VILLAGE,
        sequence=4,
        name="李四",
        phone="13912345670",
        occupation_text="电焊工",
        intention="local",
        expected_wage=Decimal(5000),
    )


@pytest.fixture
def computed(monkeypatch):
    """Counts the real computations behind the cache."""
    calls = []
    real = recommendation_cache.jobs_for_worker

    def counting(worker, k):
        calls.append(worker.pk)
        return real(worker, k)

    monkeypatch.setattr(recommendation_cache, "jobs_for_worker", counting)
    return calls


def _ids(recommendations):
    return [r.posting.pk for r in recommendations]


def test_it_reuses_the_answer_while_nothing_changes(worker, computed):
    welder = make_published(title="电焊工", occupation="电焊工")
    first = recommendation_cache.recommended_jobs(worker, 10)
    again = recommendation_cache.recommended_jobs(Worker._base_manager.get(pk=worker.pk), 10)
    assert computed == [worker.pk]
    assert _ids(first) == _ids(again) == [welder.pk]
    assert again[0].reasons == first[0].reasons and again[0].score == first[0].score
    assert again[0].posting.employer.name  # full postings, as the page needs them


def test_a_new_posting_or_a_closed_one_is_seen_at_once(worker, computed):
    welder = make_published(title="电焊工", occupation="电焊工")
    assert _ids(recommendation_cache.recommended_jobs(worker, 10)) == [welder.pk]
    second = make_published(title="电焊工（夜班）", occupation="电焊工")
    assert set(_ids(recommendation_cache.recommended_jobs(worker, 10))) == {welder.pk, second.pk}
    # closed past save(), announced: a bulk update that leaves updated_at alone still changes
    # the count
    Posting._base_manager.filter(pk=welder.pk).update(status="closed")
    recommendation_cache.postings_changed()
    assert _ids(recommendation_cache.recommended_jobs(worker, 10)) == [second.pk]
    assert len(computed) == 3


def test_a_change_past_save_is_seen_once_the_stamp_is_stamp_seconds_old(
    worker, computed, monkeypatch
):
    now = [1000.0]
    monkeypatch.setattr(recommendation_cache, "_clock", lambda: now[0])
    welder = make_published(title="电焊工", occupation="电焊工")
    second = make_published(title="电焊工（夜班）", occupation="电焊工")
    assert set(_ids(recommendation_cache.recommended_jobs(worker, 10))) == {welder.pk, second.pk}
    Posting._base_manager.filter(pk=welder.pk).update(status="closed")  # no signal, no token
    now[0] += recommendation_cache.STAMP_SECONDS / 2
    assert len(recommendation_cache.recommended_jobs(worker, 10)) == 2  # remembered a moment
    now[0] += recommendation_cache.STAMP_SECONDS
    assert _ids(recommendation_cache.recommended_jobs(worker, 10)) == [second.pk]


def test_the_stamp_is_queried_once_per_generation_not_per_call(worker, django_assert_num_queries):
    welder = make_published(title="电焊工", occupation="电焊工")
    first = recommendation_cache.postings_stamp("32")
    with django_assert_num_queries(0):
        assert recommendation_cache.postings_stamp("32") == first
    welder.title = "二保焊工"
    welder.save()  # a new generation: read again
    with django_assert_num_queries(1):
        assert recommendation_cache.postings_stamp("32") != first
    assert recommendation_cache.postings_stamp("32") == recommendation_cache.query_postings_stamp(
        "32"
    )


def test_a_change_retires_the_generation_again_at_commit(
    worker, django_capture_on_commit_callbacks
):
    """A process that read the old rows between the save and the commit remembered them under
    the generation the save set: the commit retires that one too."""
    posting = make_published(title="电焊工", occupation="电焊工")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            posting.title = "二保焊工"
            posting.save()
            during = recommendation_cache.postings_generation()
    assert recommendation_cache.postings_generation() != during


def test_an_employer_blacklisted_or_deleted_posting_is_seen_at_once(worker, computed):
    welder = make_published(title="电焊工", occupation="电焊工")
    night = make_published(title="电焊工（夜班）", occupation="电焊工")
    assert len(recommendation_cache.recommended_jobs(worker, 10)) == 2
    employer = Employer._base_manager.get(pk=welder.employer_id)
    employer.is_blacklisted = True  # (a blacklisted employer's jobs are not on offer)
    employer.save(update_fields=["is_blacklisted"])
    assert _ids(recommendation_cache.recommended_jobs(worker, 10)) == [night.pk]
    Employer._base_manager.filter(pk=employer.pk).update(is_blacklisted=False)
    recommendation_cache.postings_changed()
    assert len(recommendation_cache.recommended_jobs(worker, 10)) == 2
    Posting._base_manager.get(pk=night.pk).delete()
    assert _ids(recommendation_cache.recommended_jobs(worker, 10)) == [welder.pk]


def test_an_edited_posting_is_seen_at_once(worker, computed):
    welder = make_published(title="电焊工", occupation="电焊工")
    recommendation_cache.recommended_jobs(worker, 10)
    welder.title = "二保焊工"
    welder.save()
    assert recommendation_cache.recommended_jobs(worker, 10)[0].posting.title == "二保焊工"
    assert len(computed) == 2


def test_a_changed_record_misses_even_when_updated_at_stays(worker, computed):
    make_published(title="电焊工", occupation="电焊工", wage_min=Decimal(4000))
    recommendation_cache.recommended_jobs(worker, 10)
    stamp = Worker._base_manager.get(pk=worker.pk).updated_at
    Worker._base_manager.filter(pk=worker.pk).update(occupation_text="保洁")  # an import's way
    changed = Worker._base_manager.get(pk=worker.pk)
    assert changed.updated_at == stamp
    recommendation_cache.recommended_jobs(changed, 10)
    assert len(computed) == 2
    recommendation_cache.recommended_jobs(changed, 5)  # another length is another answer
    assert len(computed) == 3


def test_other_workers_get_their_own_answer(worker, computed):
    make_published(title="电焊工", occupation="电焊工")
    other = make_worker(VILLAGE, sequence=5, occupation_text="电焊工", intention="local")
    recommendation_cache.recommended_jobs(worker, 10)
    recommendation_cache.recommended_jobs(other, 10)
    assert computed == [worker.pk, other.pk]


def test_the_cache_holds_no_personal_data(worker):
    make_published(title="电焊工", occupation="电焊工")
    key = recommendation_cache.cache_key(worker, 10)
    recommendation_cache.recommended_jobs(worker, 10)
    stored = cache.get(key)
    assert stored and all(isinstance(posting_id, int) for posting_id, _s, _r in stored)
    raw = pickle.dumps(stored).decode("utf-8", "replace") + key
    for value in (worker.phone, worker.id_number, worker.name):
        assert value not in raw


def test_the_portal_home_reads_through_the_cache(client, worker, computed):
    from tests.portal.helpers import sign_in_worker

    posting = make_published(title="电焊工", occupation="电焊工")
    sign_in_worker(client, worker, phone="13912345670")
    for _ in range(2):
        page = client.get("/m/").content.decode()
        assert posting.title in page and "工种对口" in page
    assert computed == [worker.pk]
