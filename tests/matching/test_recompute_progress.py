"""Right after publishing, a posting's page says matching is running, with progress; then the
matches. A recompute a dead worker left behind is not shown as running."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.background.models import BackgroundJob
from homeward.matching.tasks import refresh_posting_job
from tests.factories import make_employer, make_posting, make_staff, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    posting = make_posting(make_employer("321302001"), title="电焊工", occupation="焊工")
    make_worker("321302001001", sequence=1, name="焊工甲", occupation_text="电焊工")
    return posting


def test_after_publishing_the_page_says_matching_is_running_then_shows_the_matches(
    client, draft, django_capture_on_commit_callbacks
):
    staff = make_staff("321302", username="county")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):  # queued in the database, not run
        response = client.post(reverse("jobs:publish", args=[draft.pk]), follow=True)
    page = response.content.decode()
    job = BackgroundJob.objects.get(subject=f"jobs.posting:{draft.pk}")
    assert job.status == "queued" and job.owner == staff
    assert "匹配计算中" in page and 'data-testid="matching-running"' in page
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    assert "暂无匹配" not in page
    assert reverse("matching:refresh", args=[draft.pk]) not in page  # no second recompute

    refresh_posting_job.call(job.pk)  # the task worker's turn
    job.refresh_from_db()
    assert job.status == "done" and "找到 1 名" in job.message
    poll = client.get(reverse("background:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert poll["HX-Redirect"] == reverse("jobs:detail", args=[draft.pk])  # the page reloads
    page = client.get(reverse("jobs:detail", args=[draft.pk])).content.decode()
    assert "匹配计算中" not in page and "焊工甲" in page


def test_the_recompute_button_follows_the_same_job(client, draft):
    draft.status = "published"
    draft.save()
    client.force_login(make_staff("321302", username="county"))
    response = client.post(reverse("matching:refresh", args=[draft.pk]), follow=True)
    assert "匹配计算中" in response.content.decode()


def test_a_recompute_left_by_a_dead_worker_is_not_running(client, draft):
    draft.status = "published"
    draft.save()
    old = timezone.now() - datetime.timedelta(hours=1)
    job = BackgroundJob(
        kind="matching.refresh",
        region_code=draft.region_id,
        subject=f"jobs.posting:{draft.pk}",
        status="running",
        started_at=old,
        heartbeat_at=old,
    )
    job.save()
    client.force_login(make_staff("321302", username="county"))
    page = client.get(reverse("jobs:detail", args=[draft.pk])).content.decode()
    assert "匹配计算中" not in page and "暂无匹配" in page
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "后台任务中断，请重新开始"


def test_a_town_reading_its_countys_posting_sees_the_words_without_polling(client, db):
    posting = make_posting(make_employer("321302"), title="县里的岗位")  # the county's own
    posting.status = "published"
    posting.save()
    BackgroundJob(
        kind="matching.refresh",
        region_code=posting.region_id,
        subject=f"jobs.posting:{posting.pk}",
    ).save()
    client.force_login(make_staff("321302001", username="town"))
    page = client.get(reverse("jobs:detail", args=[posting.pk])).content.decode()
    assert "匹配计算中" in page and "every 1s" not in page  # its job is the county's: 404 to poll
