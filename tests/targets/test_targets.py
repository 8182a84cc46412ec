"""Targets counted from the records: the seeds, each measure from its workstream's rows, an
indicator from the statistics' table, the day's snapshot and the list behind each number."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.scoping import area_scope
from homeward.targets import figures, services
from homeward.targets.measures import MEASURES
from homeward.targets.models import ChecklistItem, Duty, Snapshot, Target
from tests.factories import make_employer, make_posting, make_staff, make_worker

from .conftest import XIANGXIANG


def _target(key):
    year = timezone.localdate().year
    return Target.objects.get(key=f"{key.split(':')[0]}:{year}:{key.split(':')[1]}")


def test_the_seeds_are_the_documents_and_load_once(seeded):
    assert Target.objects.count() == 10
    assert services.seed_targets(seeded) == 0 and services.seed_checklist(seeded) == 0
    ambassadors = _target(f"{XIANGXIANG}:ambassadors")
    assert (ambassadors.goal, ambassadors.unit, ambassadors.metric) == (
        38,
        "人",
        "ambassadors_in_office",
    )
    returnees = _target(f"{XIANGXIANG}:returnees")
    assert (returnees.starts_on.month, returnees.ends_on) == (1, dt.date(seeded, 3, 31))
    assert _target("32:welfare").goal == Decimal(50_000)
    items = ChecklistItem.objects.filter(region_id=XIANGXIANG, year=seeded)
    assert items.count() == 13
    assert items.get(number=7).deadline_kind == "window"
    assert items.get(number=7).due_on == dt.date(seeded, 9, 30)
    assert items.get(number=1).due_on == dt.date(seeded, 1, 30)
    assert items.get(number=8).due_on == dt.date(seeded, 12, 31)
    # "各乡镇街道" is every town of 湘乡; city departments answer at 湘乡's own code
    nine = Duty.objects.filter(item__number=9)
    assert nine.count() > 10 and not nine.filter(region_id=XIANGXIANG).exists()
    assert Duty.objects.filter(item__number=1, region_id=XIANGXIANG, unit="市人社局").exists()
    assert AuditEvent.objects.filter(action="targets.target.seeded").count() == 10


def test_measures_count_the_records_of_the_area_and_period(seeded, towns, clerk):
    from homeward.ambassadors.services import appoint_ambassador
    from homeward.fairs.models import Fair

    today = timezone.localdate()
    with area_scope(towns[0].code):
        appoint_ambassador(town=towns[0].code, name="李大使", phone="13900000001", by=clerk)
    fair = Fair(
        region_id=XIANGXIANG, kind="onsite", title="春风行动", starts_on=today, ends_on=today
    )
    fair.save()
    Fair(region_id="321302", kind="onsite", title="别处", starts_on=today, ends_on=today).save()
    ahead = today + dt.timedelta(days=3)
    Fair(region_id=XIANGXIANG, kind="onsite", title="未办", starts_on=ahead, ends_on=ahead).save()
    assert figures.value_on(_target(f"{XIANGXIANG}:ambassadors")) == 1
    assert (
        figures.value_on(_target(f"{XIANGXIANG}:fairs")) == 1
    )  # not the other county's, nor ahead
    rows = figures.records(_target(f"{XIANGXIANG}:fairs"), today)
    assert [f.title for f in rows] == ["春风行动"]


def test_public_welfare_posts_add_up_headcount(seeded):
    from homeward.jobs.models import Posting

    employer = make_employer("321302")
    for headcount, kind in ((30, "public_welfare"), (12, "public_welfare"), (50, "full_time")):
        posting = make_posting(employer, work_type=kind, headcount=headcount)
        Posting.objects.filter(pk=posting.pk).update(
            status="published", published_at=timezone.now()
        )
    target = _target("32:welfare")
    assert figures.value_on(target) == 42
    assert MEASURES["public_welfare_posts"].sum_of == "headcount"


def test_an_indicator_target_reads_the_statistics_table(seeded):
    from homeward.stats.services import rebuild
    from homeward.workers.services import record_status

    today = timezone.localdate()
    target = _target(f"{XIANGXIANG}:hires")
    village = "430381" + "0" * 6
    from homeward.regions.models import Region

    village = (
        Region.tree.filter(code__startswith=XIANGXIANG, level="village").order_by("code")[0].code
    )
    worker = make_worker(village, sequence=7)
    record_status(worker, status="returned_unemployed", occurred_on=today, source="staff")
    rebuild()
    returnees = _target(f"{XIANGXIANG}:returnees")
    returnees.starts_on, returnees.ends_on = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    returnees.save()
    assert figures.value_on(returnees) == 1
    assert figures.value_on(target) == 0
    months = figures.months_of(returnees, today)
    assert months[-1].value == 1 and len(months) == today.month


def test_snapshots_once_a_day_and_history_by_week(seeded):
    today = timezone.localdate()
    assert services.take_snapshots(today) == 10
    assert services.take_snapshots(today) == 10
    assert Snapshot.objects.filter(on=today).count() == 10
    services.take_snapshots(today - dt.timedelta(days=7))
    from homeward.targets.reports import history

    assert len(history(_target(f"{XIANGXIANG}:fairs"))) == 2


@pytest.fixture
def office_client(client, office, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    client.force_login(office)
    return client


def test_the_list_flags_at_risk_and_links_the_records(office_client, seeded):
    today = timezone.localdate()
    response = office_client.get(reverse("targets:list"))
    assert response.status_code == 200
    titles = {row.target.title for row in response.context["rows"]}
    assert "聘用招聘大使" in titles and "认定省级劳务品牌" not in titles  # 江苏's are not 湘乡's
    if today > dt.date(today.year, 2, 15):
        assert b'data-testid="at-risk"' in response.content
    target = _target(f"{XIANGXIANG}:fairs")
    page = office_client.get(reverse("targets:records", args=[target.pk]))
    assert page.status_code == 200 and page.context["value"] == 0
    services.take_snapshots(today)
    detail = office_client.get(reverse("targets:detail", args=[target.pk]))
    assert detail.status_code == 200
    assert detail.context["chart"]["days"] == [today.isoformat()]
    assert b'id="target-history"' in detail.content


def test_another_area_gets_404_and_a_leader_cannot_edit(client, seeded, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    target = _target(f"{XIANGXIANG}:fairs")
    client.force_login(make_staff("321302", username="sq"))
    assert client.get(reverse("targets:detail", args=[target.pk])).status_code == 404
    assert client.get(reverse("targets:records", args=[target.pk])).status_code == 404
    client.force_login(make_staff(XIANGXIANG, role="leader", username="xxl"))
    assert client.get(reverse("targets:detail", args=[target.pk])).status_code == 200
    before = target.goal
    response = client.post(reverse("targets:edit", args=[target.pk]), {"goal": "1"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.goal == before
    assert AuditEvent.objects.filter(action="targets.write.refused", result="refused").exists()


def test_staff_create_a_target_bound_to_a_figure(office_client, office):
    year = timezone.localdate().year
    response = office_client.post(
        reverse("targets:create"),
        {
            "title": "夜市招聘场次",
            "programme": "个十百千",
            "region": XIANGXIANG,
            "figure": "measure:fairs_held",
            "goal": "5",
            "unit": "场",
            "starts_on": f"{year}-07-01",
            "ends_on": f"{year}-09-30",
            "margin": "10",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get(title="夜市招聘场次")
    assert (target.source, target.metric, target.created_by) == ("measure", "fairs_held", office)
    refused = office_client.post(
        reverse("targets:create"),
        {"title": "x", "region": "321302", "figure": "measure:fairs_held", "goal": "5",
         "unit": "场", "starts_on": f"{year}-07-01", "ends_on": f"{year}-09-30", "margin": "10"},
    )  # fmt: skip
    assert refused.status_code == 200 and not Target.objects.filter(title="x").exists()
