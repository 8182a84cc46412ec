"""Employers never read a worker's income status (PIPL art. 28): the low-income priority may
rank recommended workers, but its reason is not on the employer's page. Staff still read it."""

import pytest
from django.urls import reverse

from homeward.matching.reasons import PRIORITY_REASON, SENSITIVE_REASONS, shown_to_employers
from homeward.matching.services import refresh_posting_matches
from homeward.workers.models import LowIncome
from tests.factories import VILLAGE, make_published, make_staff, make_worker

from .test_employer_signin import make_employer_user, sign_in_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(client):
    hr = make_employer_user()
    sign_in_employer(client, hr)
    posting = make_published(hr.employer, title="电子装配工", occupation="电子装配")
    poor = make_worker(
        VILLAGE,
        sequence=21,
        name="李秀英",
        occupation_text="电子装配",
        low_income=LowIncome.MONITORED,
    )
    stored = refresh_posting_matches(posting)
    entry = next(m for m in stored.matches if m["id"] == poor.pk)
    assert PRIORITY_REASON in entry["reasons"]  # the engine did rank her for it
    return posting, poor


def test_the_employer_page_does_not_say_who_is_low_income(client, matched):
    posting, _poor = matched
    response = client.get(reverse("portal:employer-posting", args=[posting.pk]))
    page = response.content.decode()
    assert response.context["recommended"], "the worker is still recommended"
    for reason in SENSITIVE_REASONS:
        assert reason not in page
    assert "低收入" not in page and "监测" not in page and "脱贫" not in page


def test_staff_still_read_the_reason(client, matched):
    posting, _poor = matched
    client.force_login(make_staff(VILLAGE[:9], username="town-clerk"))
    page = client.get(reverse("jobs:detail", args=[posting.pk])).content.decode()
    assert PRIORITY_REASON in page


def test_the_filter_keeps_every_other_reason():
    assert shown_to_employers(["工种对口：电子装配", PRIORITY_REASON, "离家近"]) == [
        "工种对口：电子装配",
        "离家近",
    ]
