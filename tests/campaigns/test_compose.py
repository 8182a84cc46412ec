"""Composing a campaign: the form, the audience inside the author's area, the preview."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.campaigns.audience import audience, preview
from homeward.campaigns.models import Campaign, Delivery
from homeward.campaigns.text import (
    DEFAULT_TEMPLATE,
    Template,
    render_message,
    salutation,
    template_problems,
)

from .conftest import COUNTY, SIBLING, SIBLING_VILLAGE, VILLAGE, campaign, open_job, person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("daytime")]


def _form(**fields):
    data = {
        "name": "返乡就业推送",
        "channel": "sms",
        "audience": "filter",
        "template": DEFAULT_TEMPLATE,
        "area": "",
        "filter_status": "",
        "filter_intention": "",
        "filter_occupation": "",
        "filter_low_income": "",
        "filter_need": "",
    }
    data.update(fields)
    return data


def test_the_message_fields():
    assert salutation("张伟", "male") == "张师傅"
    assert salutation("李秀英", "female") == "李女士"
    assert salutation("欧阳娜娜", "female") == "欧阳女士"
    assert salutation("欧阳", "male") == "欧师傅"  # a two-character name is surname + given name
    assert salutation("Ali", "male") == "Ali"
    job = open_job(title="电焊工", wage_min=4000, wage_max=6000)
    same = open_job(title="电焊工", wage_min=4000, wage_max=6000)
    day = open_job(title="采茶工", wage_min=150, wage_max=150, wage_unit="day")
    text, params = render_message(
        DEFAULT_TEMPLATE,
        name="张伟",
        gender="male",
        postings=[job, same, day],
        token="abcDEF123456",
    )
    assert text == (
        "张师傅，为您推荐：电焊工 4000-6000元/月；采茶工 150元/天。"
        "详情：https://hw.example/r/abcDEF123456 回T退订"
    )
    assert params == (
        "张师傅",
        "电焊工 4000-6000元/月；采茶工 150元/天",
        "https://hw.example/r/abcDEF123456",
    )


@pytest.mark.parametrize(
    ("template", "channel", "problem"),
    [
        ("{name} {jobs} {link}", "sms", "opt out"),
        ("{name} {jobs} 回T退订", "sms", "{link}"),
        ("{name.__class__} {link} 退订", "sms", "Braces"),
        ("{name!r} {link} 退订", "sms", "Braces"),
        ("{phone} {link} 退订", "sms", "Braces"),
        ("{name:>99} {link} 退订", "sms", "Braces"),
        ("{ {link} 退订", "sms", "Braces"),
    ],
)
def test_bad_templates_are_refused(template, channel, problem):
    assert any(problem in p for p in template_problems(template, channel))


def test_good_templates_pass():
    assert template_problems(DEFAULT_TEMPLATE, "sms") == []
    assert template_problems("{name}：{jobs} {link}", "inapp") == []  # no opt-out line in-app
    assert template_problems("{{新}} {link} 退订", "sms") == []


def test_staff_create_a_draft_and_see_its_preview(client, county_staff):
    inside = [person(name="张伟", phone="13912345678") for _ in range(3)]
    person(consents_to_contact=False)
    person(phone="")
    person(status="out_migrant")  # not in the filter
    person(SIBLING_VILLAGE)  # another county
    open_job()
    client.force_login(county_staff)
    response = client.post(reverse("campaigns:create"), _form(filter_status="returned_unemployed"))
    created = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[created.pk])
    assert created.region_id == COUNTY and created.status == "draft"
    assert created.created_by == county_staff
    assert created.audience_filter == {"status": "returned_unemployed"}
    assert AuditEvent.objects.filter(action="campaigns.campaign.created").count() == 1

    page = client.get(response["Location"])
    shown = page.context["preview"]
    assert (shown.audience, shown.will_send) == (5, 3)
    assert {code: n for code, _label, n in shown.skipped} == {"opted_out": 1, "no_phone": 1}
    html = page.content.decode()
    assert "张师傅，为您推荐：电焊工 4000-6000元/月" in html
    assert "139****5678" in html
    assert not re.search(r"1[3-9]\d{9}", html), "a full mobile number on the page (S12)"
    assert {s.worker.pk for s in shown.samples} <= {w.pk for w in inside}
    assert not Delivery.objects.exists()  # a preview sends nothing


def test_a_county_user_cannot_reach_a_sibling_county(client, county_staff):
    person(SIBLING_VILLAGE)
    sibling_job = open_job("321311001")
    own_job = open_job()
    client.force_login(county_staff)
    response = client.post(reverse("campaigns:create"), _form(area=SIBLING))
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    response = client.post(reverse("campaigns:create"), _form(area="3213"))  # the parent city
    assert "area" in response.context["form"].errors
    html = client.get(reverse("campaigns:create")).content.decode()
    offered = re.findall(r'name="postings" value="(\d+)"', html)
    assert offered == [str(own_job.pk)]  # rendered in the request's area
    response = client.post(
        reverse("campaigns:create"), _form(audience="matched", postings=[sibling_job.pk])
    )
    assert "postings" in response.context["form"].errors
    assert not Campaign.objects.exists()
    other = campaign(SIBLING)
    for name in ("detail", "edit"):
        assert client.get(reverse(f"campaigns:{name}", args=[other.pk])).status_code == 404
    for name in ("send", "cancel"):
        assert client.post(reverse(f"campaigns:{name}", args=[other.pk])).status_code == 404
    assert Campaign.objects.get(pk=other.pk).status == "draft"


def test_the_filter_audience_stays_inside_the_campaign_area(county_staff):
    own = person()
    person(SIBLING_VILLAGE)
    town = person("321302002001")
    row = campaign()
    assert set(audience(row)) == {own, town}
    row = campaign("321302001")
    assert set(audience(row)) == {own}


def test_the_matched_audience_stays_inside_the_campaign_area(county_staff):
    from homeward.matching.models import PostingMatches

    own, sibling = person(), person(SIBLING_VILLAGE)
    job = open_job()
    PostingMatches.objects.create(
        posting=job,
        region_id=job.region_id,
        matches=[
            {"id": sibling.pk, "score": 90.0, "reasons": []},
            {"id": own.pk, "score": 80.0, "reasons": []},
        ],
    )
    row = campaign(audience="matched", postings=[job])
    assert list(audience(row)) == [own]
    shown = preview(row)
    assert shown.audience == 1 and [s.worker for s in shown.samples] == [own]
    assert "电焊工" in shown.samples[0].text


def test_the_preview_samples_people_with_a_job_first():
    """A sample of someone who will be skipped for want of a job says little: those come last."""
    clerk = person(name="李文员", male=False, occupation_text="文员")  # no job fits her
    welder = person(name="王建国")
    open_job(title="电焊工")
    shown = preview(campaign())
    assert [s.worker for s in shown.samples] == [welder, clerk]
    assert "电焊工" in shown.samples[0].text and not shown.samples[0].note
    assert shown.samples[1].note  # told: this person would be skipped


def test_a_leader_reads_but_cannot_compose_or_send(client, leader):
    person()
    row = campaign()
    client.force_login(leader)
    assert client.get(reverse("campaigns:list")).status_code == 200
    assert client.get(reverse("campaigns:detail", args=[row.pk])).status_code == 200
    assert client.get(reverse("campaigns:create")).status_code == 403
    assert client.post(reverse("campaigns:create"), _form()).status_code == 403
    assert client.post(reverse("campaigns:send", args=[row.pk])).status_code == 403
    assert client.post(reverse("campaigns:cancel", args=[row.pk])).status_code == 403
    assert Campaign.objects.get(pk=row.pk).status == "draft"
    assert not Delivery.objects.exists()
    assert AuditEvent.objects.filter(action="campaigns.write.refused").count() == 4


def test_extra_fields_change_nothing(client, county_staff, sibling_staff):
    """S9: region, status, created_by, watch_token, started_at in the POST are ignored."""
    client.force_login(county_staff)
    extra = {
        "region": SIBLING,
        "region_id": SIBLING,
        "status": "sending",
        "created_by": sibling_staff.pk,
        "watch_token": "x",
        "started_at": "2026-01-01 00:00",
        "audience_filter": '{"status": "out_migrant"}',
    }
    client.post(reverse("campaigns:create"), _form(**extra))
    created = Campaign.objects.get()
    assert created.region_id == COUNTY and created.status == "draft"
    assert created.created_by == county_staff and created.watch_token == ""
    assert created.started_at is None and created.audience_filter == {}
    client.post(reverse("campaigns:edit", args=[created.pk]), _form(name="改名", **extra))
    created.refresh_from_db()
    assert created.name == "改名"
    assert created.region_id == COUNTY and created.status == "draft"
    assert created.created_by == county_staff and created.audience_filter == {}


def test_only_a_draft_is_edited_and_sent_once(client, county_staff, fake_gateway):
    person()
    open_job()
    client.force_login(county_staff)
    row = campaign(by=county_staff)
    response = client.post(reverse("campaigns:send", args=[row.pk]), follow=True)
    assert response.status_code == 200
    assert Delivery.objects.filter(campaign=row).count() == 1
    response = client.post(reverse("campaigns:send", args=[row.pk]), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Delivery.objects.filter(campaign=row).count() == 1
    response = client.get(reverse("campaigns:edit", args=[row.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="campaigns.campaign.started").count() == 1


def test_the_town_of_the_campaign_must_be_inside_the_users_area(client, county_staff):
    client.force_login(county_staff)
    response = client.post(reverse("campaigns:create"), _form(area="321302001"))
    assert response.status_code == 302
    assert Campaign.objects.get().region_id == "321302001"
    assert VILLAGE.startswith("321302001")


@pytest.mark.parametrize(
    "template",
    [
        "{name}，为您推荐：{jobs}。详情：{link} 回T退订",
        "{link}",
        "{{括号}}{name}{{ {jobs} }}{link}",
    ],
)
def test_a_parsed_template_renders_as_the_text_does(template):
    job = SimpleNamespace(pk=1, title="电焊工", wage_min=4000, wage_max=6000, wage_unit="month")
    common = {"name": "欧阳娜", "gender": "female", "postings": [job], "token": "T", "prefix": "p/"}
    assert render_message(Template(template), **common) == render_message(template, **common)
