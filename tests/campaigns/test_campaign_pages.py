"""The campaign pages' help for staff: the quiet-hours notice, "push to these matched workers"
on a job's page, and the template editor's live sample."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.campaigns import lifecycle
from homeward.campaigns.models import Campaign
from homeward.matching.models import PostingMatches

from .conftest import BEIJING, SIBLING_VILLAGE, campaign, open_job, person

pytestmark = pytest.mark.django_db
TEMPLATE = "{name}，为您推荐：{jobs}。详情：{link} 回T退订"


def _matched(job, *workers):
    PostingMatches.objects.create(
        posting=job,
        region_id=job.region_id,
        matches=[{"id": w.pk, "score": 90.0 - n, "reasons": []} for n, w in enumerate(workers)],
    )


# Quiet hours


def test_a_campaign_waiting_for_the_quiet_hours_says_until_when(client, county_staff):
    person()
    open_job()
    row = campaign()
    at_night = datetime.datetime(2026, 12, 1, 22, 30, tzinfo=BEIJING)
    with time_machine.travel(at_night, tick=False):
        lifecycle.start_campaign(row, enqueue=False)
        client.force_login(county_staff)
        html = client.get(reverse("campaigns:detail", args=[row.pk])).content.decode()
    assert "夜间免打扰，短信将于 12月2日 08:00 继续发送" in html
    daytime = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=BEIJING)
    with time_machine.travel(daytime, tick=False):
        html = client.get(reverse("campaigns:detail", args=[row.pk])).content.decode()
    assert 'data-testid="quiet-hours"' not in html


def test_in_app_messages_have_no_quiet_hours_notice(client, county_staff):
    person()
    open_job()
    row = campaign(channel="inapp")
    with time_machine.travel(datetime.datetime(2026, 12, 1, 23, 0, tzinfo=BEIJING), tick=False):
        lifecycle.start_campaign(row, enqueue=False)
        client.force_login(county_staff)
        html = client.get(reverse("campaigns:detail", args=[row.pk])).content.decode()
    assert 'data-testid="quiet-hours"' not in html


# Push to these matched workers


@pytest.mark.usefixtures("daytime")
def test_a_jobs_page_opens_the_campaign_form_preset_with_its_matched_workers(client, county_staff):
    own, sibling = person(), person(SIBLING_VILLAGE)
    job = open_job(title="电焊工")
    _matched(job, sibling, own)
    client.force_login(county_staff)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    url = reverse("campaigns:create-for-posting", args=[job.pk])
    assert f'href="{url}"' in page
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"]["audience"].value() == "matched"
    assert form.context["form"]["postings"].value() == [job.pk]
    assert "电焊工" in form.context["form"]["name"].value()
    data = {
        "name": "电焊工推送",
        "channel": "sms",
        "audience": "matched",
        "postings": [job.pk],
        "template": TEMPLATE,
        "area": "",
    }
    response = client.post(url, data)
    created = Campaign.objects.get(name="电焊工推送")
    assert response.status_code == 302 and response["Location"] == reverse(
        "campaigns:detail", args=[created.pk]
    )
    assert created.audience == "matched" and list(created.postings.all()) == [job]
    detail = client.get(response["Location"])
    assert [s.worker for s in detail.context["preview"].samples] == [own]


@pytest.mark.usefixtures("daytime")
def test_another_countys_posting_answers_404(client, county_staff):
    theirs = open_job(place="321311001")
    client.force_login(county_staff)
    url = reverse("campaigns:create-for-posting", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x", "audience": "matched"}).status_code == 404
    assert not Campaign.objects.exists()


@pytest.mark.usefixtures("daytime")
def test_a_leader_cannot_push_a_job(client, leader):
    job = open_job()
    client.force_login(leader)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'data-testid="push-matched"' not in page
    url = reverse("campaigns:create-for-posting", args=[job.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x", "audience": "matched"}).status_code == 403
    assert not Campaign.objects.exists()
    assert AuditEvent.objects.filter(action="campaigns.write.refused").count() == 2


@pytest.mark.usefixtures("daytime")
def test_a_job_no_longer_on_offer_is_not_pushed(client, county_staff):
    job = open_job()
    job.status = "closed"
    job.save()
    client.force_login(county_staff)
    response = client.get(reverse("campaigns:create-for-posting", args=[job.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("jobs:detail", args=[job.pk])
    assert "只有正在招聘的岗位" in response.content.decode()


# The template editor's live sample


def _sample(client, **params):
    params.setdefault("template", TEMPLATE)
    params.setdefault("channel", "sms")
    params.setdefault("audience", "filter")
    return client.get(reverse("campaigns:template-preview"), params)


@pytest.mark.usefixtures("daytime")
def test_the_editor_shows_the_message_for_a_sample_person(client, county_staff):
    worker = person(name="王建国", phone="13912345678")
    open_job(title="电焊工")
    client.force_login(county_staff)
    form = client.get(reverse("campaigns:create")).content.decode()
    assert f'hx-get="{reverse("campaigns:template-preview")}"' in form
    html = _sample(client).content.decode()
    assert "王师傅，为您推荐：电焊工" in html
    assert "139****5678" in html and "13912345678" not in html
    assert "{name}" not in html and "{jobs}" not in html
    assert worker.name in html
    assert "1 条短信" in html


@pytest.mark.usefixtures("daytime")
def test_the_editor_samples_someone_who_would_get_a_job_not_an_empty_list(client, county_staff):
    person(name="李文员", male=False, occupation_text="文员")  # first, but no job fits her
    person(name="王建国")
    open_job(title="电焊工")
    client.force_login(county_staff)
    html = _sample(client).content.decode()
    assert "王师傅，为您推荐：电焊工" in html and "为您推荐：。" not in html
    assert 'data-testid="draft-note"' not in html


@pytest.mark.usefixtures("daytime")
def test_the_editor_says_when_its_sample_would_be_skipped(client, county_staff):
    person(name="李文员", male=False, occupation_text="文员")
    client.force_login(county_staff)
    html = _sample(client).content.decode()
    assert 'data-testid="draft-note"' in html and "此人将被跳过" in html


def test_the_campaign_area_is_chosen_from_the_places_not_typed(client, county_staff):
    client.force_login(county_staff)
    form = client.get(reverse("campaigns:create")).content.decode()
    assert '<select name="area"' in form and "幸福街道" in form
    assert 'name="area" maxlength' not in form  # no text box for a numeric code


@pytest.mark.usefixtures("daytime")
def test_the_editor_names_the_chosen_jobs_of_a_matched_campaign(client, county_staff):
    own = person(name="李秀英", male=False)
    job = open_job(title="缝纫工")
    _matched(job, own)
    client.force_login(county_staff)
    html = _sample(client, audience="matched", postings=[job.pk]).content.decode()
    assert "李女士，为您推荐：缝纫工" in html


@pytest.mark.usefixtures("daytime")
def test_the_editor_says_what_is_wrong_with_a_template(client, county_staff):
    person()
    client.force_login(county_staff)
    html = _sample(client, template="{name} 你好 {phone}").content.decode()
    assert 'data-testid="draft-problems"' in html and 'data-testid="draft-text"' not in html
    assert "{link}" in html  # the problem names the missing field


@pytest.mark.usefixtures("daytime")
def test_the_editor_shows_no_one_and_no_job_from_another_county(client, county_staff):
    theirs = person(SIBLING_VILLAGE, name="赵外县")
    their_job = open_job(place="321311001", title="外县岗位")
    _matched(their_job, theirs)
    client.force_login(county_staff)
    html = _sample(client, audience="matched", postings=[their_job.pk]).content.decode()
    assert "赵外县" not in html and "外县岗位" not in html
    html = _sample(client).content.decode()
    assert "赵" not in html


@pytest.mark.usefixtures("daytime")
def test_no_push_button_when_nobody_of_the_area_matched(client, county_staff):
    job = open_job(title="电焊工")
    _matched(job, person(SIBLING_VILLAGE))  # matched, but outside the clerk's area
    client.force_login(county_staff)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'data-testid="push-matched"' not in page
    assert "No matched workers in your area yet." in page or "暂无" in page
