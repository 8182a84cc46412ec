"""The fairs' small cast: a fair of county A running today, a published posting of the cast's
employer at an approved booth."""

import datetime

import pytest
from django.utils import timezone

from homeward.fairs.models import Booth, BoothStatus, Fair, Kind
from tests.factories import make_posting


def make_fair(region: str, *, kind: str = Kind.ONSITE, days: int = 0, **fields) -> Fair:
    today = timezone.localdate() + datetime.timedelta(days=days)
    fields.setdefault("title", "宿城区春风行动招聘会")
    fields.setdefault("season", "2027 春风行动")
    fair = Fair(region_id=region, kind=kind, starts_on=today, ends_on=today, **fields)
    fair.save()
    return fair


def published(employer, **fields):
    posting = make_posting(employer, **fields)
    posting.status = "published"
    posting.save()
    return posting


def approved_booth(fair, employer, *postings) -> Booth:
    booth = Booth(fair=fair, employer=employer, status=BoothStatus.APPROVED)
    booth.save()
    booth.postings.set(postings)
    return booth


@pytest.fixture
def fair(county_a):
    return make_fair(county_a.code)


@pytest.fixture
def posting(employer):
    return published(employer)


@pytest.fixture
def booth(fair, employer, posting):
    return approved_booth(fair, employer, posting)
