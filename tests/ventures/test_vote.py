"""The showcase vote rule: one vote per verified phone (the portal account's) per local day —
a second vote the same day refused in Chinese by the service and by the database constraint
itself, the next day accepted, two people sharing one phone sharing its one vote a day; the
anomaly flags still raised; and the results page's numbers equal the vote rows behind them."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.scoping import unscoped
from homeward.ventures import services
from homeward.ventures.models import Showcase, Vote
from homeward.ventures.services import VentureError
from tests.factories import VILLAGE, make_worker
from tests.ventures.helpers import make_account, make_founder, make_venture

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 23:30 and 00:30 in 宿迁: one hour apart but two local days (UTC would see one day).
LATE = datetime(2026, 5, 1, 23, 30, tzinfo=SHANGHAI)
NEXT_MORNING = datetime(2026, 5, 2, 0, 30, tzinfo=SHANGHAI)


@pytest.fixture
def showcase(db, town_staff, county_staff):
    shown = services.create_showcase(
        Showcase(title="返乡创业明星评选", region_id="321302", opens_on=LATE.date(),
                 closes_on=LATE.date() + timedelta(days=7)),
        by=county_staff,
    )  # fmt: skip
    services.add_entry(shown, make_venture(make_founder(), town_staff), by=county_staff)
    services.add_entry(
        shown, make_venture(make_founder(sequence=8, name="王返乡"), town_staff, name="王家农场"),
        by=county_staff,
    )  # fmt: skip
    return shown


@pytest.fixture
def voter(db):
    person = make_worker(VILLAGE, sequence=51, name="赵投票")
    make_account(person, "13800001111", created_at=LATE - timedelta(days=30))
    return person


def test_a_second_vote_the_same_day_is_refused_the_next_day_allowed(showcase, voter):
    first, second = showcase.entries.all()
    vote = services.cast_vote(first, voter, now=LATE)
    assert vote.day == LATE.date() and vote.phone_masked == "138****1111"
    with pytest.raises(VentureError, match="今天已经投过票了，明天再来"):
        services.cast_vote(second, voter, now=LATE + timedelta(minutes=20))
    assert AuditEvent.objects.filter(action="ventures.vote.refused", result="refused").count() == 1
    nxt = services.cast_vote(second, voter, now=NEXT_MORNING)  # Shanghai's next day
    assert nxt.day == NEXT_MORNING.date()
    assert Vote.objects.filter(showcase=showcase).count() == 2


def test_the_database_itself_refuses_a_second_vote_of_a_phone_a_day(showcase, voter):
    vote = services.cast_vote(showcase.entries.first(), voter, now=LATE)
    twin = Vote(showcase=showcase, entry=showcase.entries.last(), worker=voter,
                phone_hash=vote.phone_hash, day=vote.day, cast_at=LATE)  # fmt: skip
    with unscoped(), pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_two_people_sharing_one_phone_get_one_vote_a_day(showcase, voter):
    """The phone moves from one person's account to another's (a family's one phone): the
    second person's vote that day is the phone's second, refused; the next day allowed."""
    services.cast_vote(showcase.entries.first(), voter, now=LATE)
    voter.portal_account.phone = "13800002222"
    voter.portal_account.save()
    spouse = make_worker(VILLAGE, sequence=52, name="钱家人")
    make_account(spouse, "13800001111")
    with pytest.raises(VentureError, match="今天已经投过票了"):
        services.cast_vote(showcase.entries.last(), spouse, now=LATE + timedelta(minutes=5))
    services.cast_vote(showcase.entries.last(), spouse, now=NEXT_MORNING)
    assert Vote.objects.filter(worker=spouse).count() == 1


def test_without_a_verified_phone_no_vote(showcase):
    nobody = make_worker(VILLAGE, sequence=53, name="孙无号")
    with pytest.raises(VentureError, match="已验证的手机号"):
        services.cast_vote(showcase.entries.first(), nobody, now=LATE)


def test_flags_are_still_raised(showcase):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    entry = showcase.entries.first()
    votes = []
    for n in range(5):
        person = make_worker(VILLAGE, sequence=60 + n, name="同网络")
        make_account(
            person, f"1380000300{n}", created_at=LATE - timedelta(days=0 if n == 0 else 30)
        )
        votes.append(
            services.cast_vote(entry, person, request=request, now=LATE + timedelta(minutes=n))
        )
    assert votes[0].flags == ["new_number"]
    assert [v.flags for v in votes[1:4]] == [[], [], []]
    assert votes[4].flags == ["burst"]


def test_the_results_page_equals_the_rows(client, county_staff, showcase, voter):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.7")
    first, second = showcase.entries.all()
    services.cast_vote(first, voter, now=LATE)
    fresh = make_worker(VILLAGE, sequence=54, name="新号码")
    make_account(fresh, "13800004444", created_at=LATE)
    services.cast_vote(first, fresh, request=request, now=LATE + timedelta(minutes=1))
    client.force_login(county_staff)
    page = client.get(reverse("ventures:showcase", args=[showcase.pk]))
    by_entry = {r.entry_id: r for r in page.context["results"]}
    for entry in (first, second):
        rows = Vote.objects.filter(entry=entry)
        assert by_entry[entry.pk].votes == rows.count()
        assert by_entry[entry.pk].flagged == len([v for v in rows if v.flags])
        assert by_entry[entry.pk].clean == len([v for v in rows if not v.flags])
    url = reverse("ventures:votes", args=[showcase.pk])
    valid = client.get(url, {"entry": first.pk, "valid": 1}).context["votes"]
    flagged = client.get(url, {"entry": first.pk, "flagged": 1}).context["votes"]
    assert [v.worker for v in valid] == [voter] and [v.worker for v in flagged] == [fresh]
    listed = client.get(url, {"entry": first.pk, "flagged": 1}).content.decode()
    assert "138****4444" in listed and "13800004444" not in listed and "手机号注册不到" in listed


def test_the_migration_fills_existing_votes_from_their_rows(showcase, voter):
    """Migration 0002's fill: a vote recorded before the rule gets its voter's account phone
    hash and the local day of its time (23:30 in 宿迁 is still that day, 15:30 UTC)."""
    import importlib

    from django.apps import apps

    fill = importlib.import_module("homeward.ventures.migrations.0002_vote_phone_day").fill
    with unscoped():
        old = Vote.objects.create(
            showcase=showcase, entry=showcase.entries.first(), worker=voter, phone_hash="",
            day=date(2000, 1, 1), cast_at=LATE,
        )  # fmt: skip
        fill(apps, None)
        old.refresh_from_db()
    assert old.phone_hash == voter.portal_account.phone_hash and old.day == LATE.date()
    assert old.phone_masked == "138****1111"
