"""Matching on the staff pages: a worker's recommended jobs, a posting's matched workers,
referrals — each within the user's area."""

import datetime

import pytest
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.codes import idnumber
from homeward.jobs.services import publish_posting
from homeward.matching.models import Referral
from homeward.matching.services import matched_workers, refresh_posting_matches, run_matching
from tests.factories import make_employer, make_posting, make_staff, make_worker


@pytest.fixture
def board(db):
    """A published welding job in 幸福街道 and two welders, one in the next county."""
    employer = make_employer("321302001")
    job = make_posting(employer, title="电焊工", occupation="焊工", wage_min=6500, wage_max=7500)
    job.status, job.published_at = "published", datetime.datetime.now(datetime.UTC)
    job.save()
    here = make_worker(
        "321302001001", sequence=1, name="本村焊工", occupation_text="电焊工", expected_wage=6000
    )
    there = make_worker(
        "321311001001", sequence=2, name="邻县焊工", occupation_text="电焊", intention="go_out"
    )
    return job, here, there


def test_worker_page_lists_fitting_jobs_with_reasons(client, board):
    job, here, _ = board
    client.force_login(make_staff("321302001", username="town"))
    page = client.get(reverse("workers:detail", args=[here.pk]))
    recommendations = page.context["recommendations"]
    assert [r.posting for r in recommendations] == [job]
    text = "；".join(recommendations[0].reasons)
    assert "焊工" in text and "高于期望" in text


def test_posting_page_shows_only_matched_workers_of_the_area(client, board):
    job, here, there = board
    refresh_posting_matches(job)
    client.force_login(make_staff("321302", username="county"))
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert [w for w, _ in page.context["matched"]] == [here]  # the other county's welder hidden
    assert "邻县焊工" not in page.content.decode()


def test_publishing_refreshes_the_matches_in_the_background(
    db, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    employer = make_employer("321302001")
    job = make_posting(employer, occupation="焊工")
    make_worker("321302001001", sequence=1, occupation_text="电焊工")
    with django_capture_on_commit_callbacks(execute=True):
        publish_posting(job, by=None)
    assert len(job.matches.matches) == 1


def test_match_run_refreshes_every_open_posting(board):
    job, *_ = board
    assert run_matching("3213") == {"postings": 1}
    job.refresh_from_db()
    assert job.matches.pool == 2


def test_referral_is_recorded_once_and_audited(client, board):
    job, here, _ = board
    client.force_login(make_staff("321302001", username="town"))
    url = reverse("matching:refer", args=[here.pk, job.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Referral.objects.get().worker == here
    assert AuditEvent.objects.filter(action="matching.referral.created").count() == 1


def test_referral_refuses_other_areas_drafts_and_leaders(client, board):
    job, here, there = board
    client.force_login(make_staff("321302001", username="town"))
    assert client.post(reverse("matching:refer", args=[there.pk, job.pk])).status_code == 404
    draft = make_posting(job.employer)
    assert client.post(reverse("matching:refer", args=[here.pk, draft.pk])).status_code == 404
    client.force_login(make_staff("321302001", role="leader", username="leader"))
    assert client.post(reverse("matching:refer", args=[here.pk, job.pk])).status_code == 403
    assert not Referral.objects.exists()


def test_referral_redirect_stays_on_the_site(client, board):
    job, here, _ = board
    client.force_login(make_staff("321302001", username="town"))
    response = client.post(
        reverse("matching:refer", args=[here.pk, job.pk]), {"next": "//evil.example/"}
    )
    assert "evil.example" not in response["Location"]


def test_a_new_worker_joins_the_matched_lists_without_a_recompute(
    client, board, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job, here, _ = board
    refresh_posting_matches(job)
    client.force_login(make_staff("321302001", username="town"))
    data = {
        "name": "新来焊工",
        "id_number": idnumber.make("321302", datetime.date(1990, 5, 5), 30, True),
        "region": "321302001002",
        "occupation_text": "焊工",
        "expected_wage": "5000",
        "low_income": "monitored",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workers:create"), data)
    assert response.status_code == 302
    assert "新来焊工" in [w.name for w, _ in matched_workers(job)[0]]


def test_full_run_and_one_posting_refresh_agree(board):
    job, *_ = board
    run_matching("32")
    job.matches.refresh_from_db()
    full = job.matches.matches
    assert full == refresh_posting_matches(job).matches and full


def test_staff_recompute_their_area_from_the_jobs_page(
    client, board, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job, *_ = board
    client.force_login(make_staff("321302", username="county"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:run"))
    assert response.status_code == 302 and "/background/" in response["Location"]
    job.refresh_from_db()
    assert job.matches.pool == 2
    page = client.get(response["Location"]).content.decode()
    assert "已重新计算 1 个岗位的匹配" in page
    client.force_login(make_staff("321302", role="leader", username="leader"))
    assert client.post(reverse("matching:run")).status_code == 403


def test_the_job_pool_is_reused_until_a_posting_changes(board):
    from homeward.matching.services import job_pool

    job, *_ = board
    first = job_pool("32")
    assert job_pool("32") is first
    job.title = "电焊工（急招）"
    job.save()
    assert job_pool("32") is not first


# --- no padding on the pages: "暂无对口岗位" and a way to search instead ----------------------


@pytest.fixture
def site_job_and_clerk(db):
    """A well-paid carpentry job in 幸福街道 and a 58-year-old clerk (文员) who wants local work."""
    from django.utils import timezone

    from tests.portal.helpers import WORKER_PHONE

    today = timezone.localdate()
    employer = make_employer("321302001")
    job = make_posting(employer, title="模板木工", occupation="木工", wage_min=7000, wage_max=8000)
    job.status, job.published_at = "published", datetime.datetime.now(datetime.UTC)
    job.save()
    clerk = make_worker(
        "321302001001",
        sequence=5,
        name="李文员",
        male=False,
        birth_date=today.replace(year=today.year - 58, day=1),
        occupation_text="文员",
        intention="local",
        expected_wage=3500,
        phone=WORKER_PHONE,
    )
    return job, clerk


def test_worker_page_says_no_fit_instead_of_padding(client, site_job_and_clerk):
    job, clerk = site_job_and_clerk
    client.force_login(make_staff("321302001", username="town"))
    page = client.get(reverse("workers:detail", args=[clerk.pk]))
    assert page.context["recommendations"] == []
    text = page.content.decode()
    assert "暂无适合此人的对口岗位" in text and "通知你" not in text  # said to the clerk
    assert f'href="{reverse("jobs:list")}"' in text
    assert job.title not in text


def test_worker_page_of_another_area_is_not_found(client, site_job_and_clerk):
    _, clerk = site_job_and_clerk
    client.force_login(make_staff("321311", username="other-county"))
    assert client.get(reverse("workers:detail", args=[clerk.pk])).status_code == 404


def test_portal_home_says_no_fit_and_offers_search(client, site_job_and_clerk):
    from tests.portal.helpers import sign_in_worker

    job, clerk = site_job_and_clerk
    sign_in_worker(client, clerk)
    page = client.get("/m/").content.decode()
    assert "暂无对口岗位，有新岗位会通知你" in page
    assert f'href="{reverse("portal:jobs")}"' in page
    assert job.title not in page


def test_portal_home_shows_the_reason_about_the_person(client, site_job_and_clerk):
    from tests.portal.helpers import sign_in_worker

    job, clerk = site_job_and_clerk
    office = make_posting(job.employer, title="社区文员", occupation="文员", wage_min=3000)
    office.status, office.published_at = "published", datetime.datetime.now(datetime.UTC)
    office.save()
    sign_in_worker(client, clerk)
    page = client.get("/m/").content.decode()
    assert "社区文员" in page and "工种对口：文员" in page
    assert "暂无对口岗位" not in page and job.title not in page


def test_a_training_wish_reaches_the_engine(db):
    from homeward.matching.services import WORKER_FIELDS, worker_record

    person = make_worker("321302001001", sequence=6, training_wish="育婴员", occupation="cook")
    record = worker_record({f: getattr(person, f) for f in WORKER_FIELDS})
    assert record["wished_occupations"] == ["育婴员"]
    assert record["occupations"] == ["中式烹调师"]  # the catalogue's name when no text


def test_a_recommended_job_of_another_county_opens_its_public_page(client, board):
    """The clerk of the next county sees the job recommended (postings of the province) but may
    not open its staff page (another county's): the link goes to the public job page, no 404."""
    job, here, there = board
    client.force_login(make_staff("321311001001", username="next-county-village"))
    page = client.get(reverse("workers:detail", args=[there.pk]))
    assert [r.posting for r in page.context["recommendations"]] == [job]
    html = page.content.decode()
    public = reverse("portal:job", args=[job.pk])
    assert f'href="{public}" data-testid="public-job"' in html
    assert f'href="{reverse("jobs:detail", args=[job.pk])}"' not in html
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404  # the refusal
    assert client.get(public).status_code == 200


def test_a_recommended_job_of_the_own_county_opens_its_staff_page(client, board):
    job, here, _ = board
    client.force_login(make_staff("321302001001", username="village"))
    html = client.get(reverse("workers:detail", args=[here.pk])).content.decode()
    assert f'href="{reverse("jobs:detail", args=[job.pk])}"' in html
    assert 'data-testid="public-job"' not in html
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
