"""The staff home: each role's work queues and the numbers of the area, scoped (S7)."""

import re

import pytest
from django.urls import reverse

from homeward.accounts.models import Role
from homeward.campaigns.models import Campaign
from homeward.jobs.models import Status
from homeward.workers.models import LedgerUpload, WorkerAccount
from tests.factories import make_employer, make_posting, make_staff, make_worker

A, B = "321302", "321311"  # two counties of one city
VILLAGE_A, VILLAGE_B = "321302001001", "321311001001"


def _self_registered(village: str, sequence: int, name: str):
    worker = make_worker(village, sequence=sequence, name=name)
    WorkerAccount.objects.create(
        worker=worker, phone=f"1360000{sequence:04d}", self_registered=True
    )
    return worker


@pytest.fixture
def two_counties(db):
    for village, tag, seq in ((VILLAGE_A, "甲", 1), (VILLAGE_B, "乙", 2)):
        _self_registered(village, seq, f"自助{tag}")
        make_worker(village, sequence=seq + 10, status="returned_unemployed")
        LedgerUpload.objects.create(region_id=village, filename=f"台账{tag}", content=b"x")
        make_posting(make_employer(village), title=f"在招{tag}", status=Status.PUBLISHED)
        Campaign(
            region_id=village[:6], name=f"推送{tag}", channel="inapp", template="{name}"
        ).save()
    Campaign.objects.update(status=Campaign.Status.SENDING)


def _queue(response, key):
    return next(q for q in response.context["queues"] if q.key == key)


def _number(response, label):
    return next(n for n in response.context["numbers"]["numbers"] if n.label == label)


def test_queues_count_only_the_own_county(client, two_counties):
    client.force_login(make_staff(A, username="county-a"))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    for key, text in (
        ("self-registered", "自助"),
        ("imports", "台账"),
        ("matching", "在招"),
        ("campaigns", "推送"),
    ):
        queue = _queue(response, key)
        assert queue.count == 1, key
        assert [item.text for item in queue.items] == [f"{text}甲"], key
    assert "自助乙" not in content and "台账乙" not in content and "推送乙" not in content
    assert "在招乙" not in content


def test_numbers_are_of_the_own_area_and_link_to_their_lists(client, two_counties):
    client.force_login(make_staff(A, username="county-a"))
    response = client.get(reverse("home"))
    registered = _number(response, "登记人数")
    assert registered.value == 2 and registered.url == reverse("workers:list")
    assert _number(response, "返乡待业").value == 1
    assert _number(response, "在招岗位").value == 1
    assert _number(response, "企业").value == 1
    # The list behind a number shows as many records.
    listed = client.get(registered.url)
    assert listed.context["page"].paginator.count == registered.value
    awaiting = client.get(_queue(response, "self-registered").url)
    assert [w.name for w in awaiting.context["page"].object_list] == ["自助甲"]
    chart = response.context["chart"]
    assert sum(chart["values"]) == 1 and len(chart["urls"]) == len(chart["labels"])
    assert 'id="status-data"' in response.content.decode()
    assert re.search(
        r'src="/static/vendor/echarts/echarts\.common\.min[.\w]*\.js"', response.content.decode()
    )


def test_a_village_clerk_counts_the_countys_jobs_on_offer(client, two_counties):
    make_posting(make_employer("321302002"), title="县里在招", status=Status.PUBLISHED)
    client.force_login(make_staff(VILLAGE_A, username="village-a"))
    response = client.get(reverse("home"))
    jobs = _number(response, "在招岗位")
    assert jobs.value == 2  # its own and the county's published one; not county B's
    listed = client.get(jobs.url)
    assert listed.context["page"].paginator.count == 2


def test_a_leader_has_no_confirmation_queues(client, two_counties):
    client.force_login(make_staff(A, role=Role.LEADER, username="leader-a"))
    response = client.get(reverse("home"))
    keys = [q.key for q in response.context["queues"]]
    assert keys == ["matching", "campaigns"]


def test_city_administrators_are_asked_for_next_years_holidays_from_november(client, settings, db):
    """Every statutory deadline is counted on the holiday calendar; a year it does not hold is
    refused. From November the city's administrators see the coming year waiting to be entered
    (the package holds the years the State Council had published when it was released)."""
    import time_machine

    from homeward.disputes.holidays import platform_calendar
    from homeward.disputes.models import HolidayYear

    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    admin = make_staff("3213", role=Role.ADMIN, username="city-admin")
    county_admin = make_staff(A, role=Role.ADMIN, username="county-admin")
    coming = max(platform_calendar().years) + 1
    keys = lambda user: [q.key for q in client.get(reverse("home")).context["queues"]]  # noqa: E731
    with time_machine.travel(f"{coming - 1}-11-02 10:00 +0800", tick=False):
        client.force_login(admin)
        assert "holiday-calendar" in keys(admin)
        page = client.get(reverse("home")).content.decode()
        assert f"{coming} 年" in page and reverse("disputes:holidays") in page
        client.force_login(county_admin)
        assert "holiday-calendar" not in keys(county_admin)  # it cannot enter it
        HolidayYear.objects.create(year=coming, source="国务院办公厅通知", added_by=admin)
        client.force_login(admin)
        assert "holiday-calendar" not in keys(admin)
    with time_machine.travel(f"{coming - 1}-10-30 10:00 +0800", tick=False):
        HolidayYear.objects.all().delete()
        assert "holiday-calendar" not in keys(admin)  # not before November
