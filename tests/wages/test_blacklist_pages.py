"""The blacklist procedure from the staff pages: propose after an expired order to pay (from the
clue), record an objection, decide, remove; leaders and other counties refused; the employer's
page shows the listing's state."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.wages import services
from homeward.wages.models import BlacklistEntry, ListingState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _next_year_entered(db):
    """The procedure's 20 working days run past the package's last year (2026): a city
    administrator has entered the next year's arrangement, as the platform asks before it
    counts into it (tests/wages/test_clues_and_blacklist.py tries the refusal without it)."""
    from homeward.disputes.models import DayKind, HolidayDay, HolidayYear

    today = timezone.localdate()
    for year in (today.year + 1, today.year + 2):
        if year > 2026:
            entered = HolidayYear.objects.create(year=year, source="测试用安排")
            HolidayDay.objects.create(
                year=entered, day=today.replace(year=year, month=1, day=1), kind=DayKind.OFF
            )


def _expired_clue(worker, employer, staff, freezer):
    clue = services.report_unpaid(worker, employer=employer, amount=Decimal(60000), people=12)
    for state in ("accepted", "investigating"):
        services.move_clue(clue, state, by=staff)
    pay_by = timezone.localdate() + timedelta(days=2)
    services.move_clue(clue, "ordered", pay_by=pay_by, by=staff)
    freezer.move_to(pay_by + timedelta(days=1))
    return clue


def _propose(client, clue):
    return client.post(
        reverse("wages:clue-propose", args=[clue.pk]), {"grounds": "逾期未支付"}, follow=True
    )


def test_the_whole_procedure_from_the_pages(client, county_staff, worker, employer, freezer):
    fresh = services.report_unpaid(worker, employer=employer, amount=Decimal(60000), people=12)
    client.force_login(county_staff)
    assert "propose-listing" not in client.get(reverse("wages:clue", args=[fresh.pk])).text
    page = _propose(client, fresh)
    assert "责令限期支付" in page.text or "逾期" in page.text
    assert not BlacklistEntry.objects.exists()  # no order to pay yet: refused
    services.move_clue(fresh, "closed", by=county_staff)
    clue = _expired_clue(worker, employer, county_staff, freezer)
    client.force_login(county_staff)
    assert 'data-testid="propose-listing"' in client.get(reverse("wages:clue", args=[clue.pk])).text
    _propose(client, clue)
    entry = BlacklistEntry.objects.get()
    assert entry.state == ListingState.NOTIFIED and entry.amount_unpaid == Decimal(60000)
    client.post(reverse("wages:listing-object", args=[entry.pk]), {"objection": "已部分支付"})
    entry.refresh_from_db()
    assert entry.objection == "已部分支付"
    page = client.post(
        reverse("wages:listing-decide", args=[entry.pk]), {"list_it": "1"}, follow=True
    )
    assert "5个工作日" in page.text or "异议" in page.text  # too early: refused with a reason
    entry.refresh_from_db()
    assert entry.state == ListingState.NOTIFIED
    freezer.move_to(entry.objection_by + timedelta(days=1))
    client.force_login(county_staff)
    client.post(reverse("wages:listing-decide", args=[entry.pk]), {"list_it": "1"})
    entry.refresh_from_db()
    employer.refresh_from_db()
    assert entry.state == ListingState.LISTED and employer.is_blacklisted
    shown = client.get(reverse("employers:detail", args=[employer.pk])).text
    assert 'data-testid="employer-listing"' in shown and "列入" in shown
    client.post(reverse("wages:listing-remove", args=[entry.pk]), {"pledge": "on"})
    entry.refresh_from_db()
    assert entry.state == ListingState.LISTED  # no correction date: not removed early
    services.move_clue(clue, "paid", amount_recovered=Decimal(60000), by=county_staff)
    services.move_clue(clue, "closed", by=county_staff)
    corrected = timezone.localdate() - timedelta(days=200)  # paid long ago, told only now
    client.post(
        reverse("wages:listing-remove", args=[entry.pk]),
        {"corrected_on": corrected.isoformat(), "pledge": "on"},
    )
    entry.refresh_from_db()
    employer.refresh_from_db()
    assert entry.state == ListingState.REMOVED and not employer.is_blacklisted


def test_a_leader_cannot_take_a_step(client, leader, county_staff, worker, employer, freezer):
    clue = _expired_clue(worker, employer, county_staff, freezer)
    client.force_login(leader)
    assert _propose(client, clue).status_code == 403
    assert not BlacklistEntry.objects.exists()
    client.force_login(county_staff)
    _propose(client, clue)
    entry = BlacklistEntry.objects.get()
    client.force_login(leader)
    response = client.post(reverse("wages:listing-object", args=[entry.pk]), {"objection": "x"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.objection == ""


def test_another_countys_listing_is_404(client, outsider, county_staff, worker, employer, freezer):
    clue = _expired_clue(worker, employer, county_staff, freezer)
    client.force_login(outsider)
    assert _propose(client, clue).status_code == 404
    client.force_login(county_staff)
    _propose(client, clue)
    entry = BlacklistEntry.objects.get()
    client.force_login(outsider)
    for name in ("wages:listing-object", "wages:listing-decide", "wages:listing-remove"):
        assert client.post(reverse(name, args=[entry.pk]), {"list_it": "1"}).status_code == 404


def test_the_decision_period_is_extended_once_from_the_page(
    client, county_staff, outsider, leader, worker, employer, freezer
):
    clue = _expired_clue(worker, employer, county_staff, freezer)
    client.force_login(county_staff)
    _propose(client, clue)
    entry = BlacklistEntry.objects.get()
    before = entry.decide_by
    url = reverse("wages:listing-extend", args=[entry.pk])
    assert 'data-testid="listing-extend"' in client.get(reverse("wages:blacklist")).text
    client.force_login(leader)
    assert client.post(url).status_code == 403
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    entry.refresh_from_db()
    assert not entry.extended and entry.decide_by == before
    client.force_login(county_staff)
    client.post(url)
    entry.refresh_from_db()
    assert entry.extended and entry.decide_by == services.add_working_days(before, 20)
    assert 'data-testid="listing-extend"' not in client.get(reverse("wages:blacklist")).text
    page = client.post(url, follow=True)  # a second time: refused with the reason
    assert "只能在作出决定前延长一次" in page.text
    entry.refresh_from_db()
    assert entry.decide_by == services.add_working_days(before, 20)
