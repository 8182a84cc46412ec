"""An employer on the arrears blacklist offers no jobs: the one rule in `PostingQuerySet.on_offer`
(and `Posting.is_on_offer`), seen through every front door that offers jobs — the portal's list,
its job page and its apply button, matching's recommendations, the job sheet, placements.apply.

Each test flips the blacklist on a posting that was on offer a moment before, so it proves the
refusal and not a posting that was never there."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from homeward.jobs.models import Posting
from homeward.jobs.sheet import build_sheet
from homeward.matching.services import jobs_for_worker
from homeward.placements.models import Application
from homeward.placements.services import ApplicationError, apply
from homeward.regions.models import Region
from tests.factories import TOWN, VILLAGE, make_employer, make_published, make_worker

from ..portal.helpers import WORKER_PHONE, sign_in_worker

pytestmark = pytest.mark.django_db


def _blacklist(employer):
    """As the arrears blacklist's service does (wages.services): a save, which the postings'
    generation sees at once (a bulk update would show after matching.cache.STAMP_SECONDS)."""
    employer.is_blacklisted = True
    employer.save(update_fields=["is_blacklisted"])


@pytest.fixture
def employer():
    return make_employer(TOWN, name="欠薪公司")


@pytest.fixture
def posting(employer):
    return make_published(employer, title="欠薪厂电焊工", occupation="电焊工")


@pytest.fixture
def honest():
    """A posting of an employer in good standing beside it, which stays on offer."""
    return make_published(
        make_employer(TOWN, name="守信公司"), title="守信厂电焊工", occupation="电焊工"
    )


@pytest.fixture
def worker():
    return make_worker(
        VILLAGE,
        sequence=4,
        name="李四",
        phone=WORKER_PHONE,
        occupation_text="电焊工",
        intention="local",
        expected_wage=Decimal(5000),
    )


def test_on_offer_omits_the_blacklisted_employers_postings(posting, honest, employer):
    today = timezone.localdate()
    assert set(Posting.objects.on_offer(today)) == {posting, honest}
    assert posting.is_on_offer(today) and posting.is_public
    _blacklist(employer)
    posting.refresh_from_db()
    assert list(Posting.objects.on_offer(today)) == [honest]
    assert list(Posting.objects.public()) == [honest]
    assert not posting.is_on_offer(today) and not posting.is_public


def test_the_portal_list_omits_them(client, posting, honest, employer):
    assert posting.title in client.get("/m/jobs").content.decode()
    _blacklist(employer)
    page = client.get("/m/jobs").content.decode()
    assert honest.title in page and posting.title not in page


def test_the_portal_job_page_answers_404(client, posting, honest, employer):
    assert client.get(f"/m/jobs/{posting.pk}").status_code == 200
    _blacklist(employer)
    assert client.get(f"/m/jobs/{posting.pk}").status_code == 404
    assert client.get(f"/m/jobs/{honest.pk}").status_code == 200


def test_the_portal_apply_button_is_refused_and_nothing_is_written(
    client, posting, employer, worker
):
    sign_in_worker(client, worker)
    _blacklist(employer)
    response = client.post(f"/m/jobs/{posting.pk}/apply")
    assert response.status_code == 404
    assert not Application._base_manager.exists()


def test_matching_recommends_them_no_more(posting, honest, employer, worker):
    before = {r.posting.pk for r in jobs_for_worker(worker)}
    assert before == {posting.pk, honest.pk}
    _blacklist(employer)
    assert {r.posting.pk for r in jobs_for_worker(worker)} == {honest.pk}


def test_placements_apply_refuses_them(posting, employer, worker):
    _blacklist(employer)
    with pytest.raises(ApplicationError):
        apply(worker, posting)
    assert not Application._base_manager.exists()


def test_the_job_sheet_omits_them(posting, honest, employer):
    town = Region.tree.get(code=TOWN)
    today = timezone.localdate()
    assert {p.pk for p in build_sheet(town, today).postings} == {posting.pk, honest.pk}
    _blacklist(employer)
    assert [p.pk for p in build_sheet(town, today).postings] == [honest.pk]


def test_a_posting_past_its_end_date_is_still_public_but_not_on_offer(employer):
    ended = make_published(employer, ends_on=timezone.localdate() - datetime.timedelta(days=1))
    ended.starts_on = None
    assert ended.is_public and not ended.is_on_offer(timezone.localdate())
    assert ended in Posting.objects.public()
    assert ended not in Posting.objects.on_offer(timezone.localdate())
