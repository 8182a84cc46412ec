"""The figures are counted from their rows: each equals the count (or, for income, the sum) of
the list it links to, cancelled dispatches count nowhere, and another area counts nothing."""

import datetime
from decimal import Decimal

from django.utils import timezone

from homeward.cooperatives import figures, services
from homeward.scoping import area_scope
from tests.factories import COUNTY_B


def _setup(coop, members, order, by):
    today = timezone.localdate()
    # A dispatch closed with pay, days inside this month and this year when possible.
    first = today.replace(day=1)
    closed = services.dispatch_members(order, members, starts_on=first, ends_on=first, by=by)
    people = list(closed.people.order_by("pk"))
    services.close_dispatch(
        closed, {people[0].pk: (1, Decimal("150")), people[1].pk: (1, Decimal("120.5"))}, by=by
    )
    after = max(today, first) + datetime.timedelta(days=1)
    services.dispatch_members(order, members[:1], starts_on=after, ends_on=after, by=by)
    cancelled = services.dispatch_members(order, members[1:], starts_on=after, ends_on=after, by=by)
    services.cancel_dispatch(cancelled, by=by)


def test_each_figure_equals_its_rows(coop, members, order, village_staff):
    _setup(coop, members, order, village_staff)
    values = {key: value for key, _label, value in figures.figures(cooperative=coop)}
    assert values["members"] == 2 == figures.rows("members", cooperative=coop).count()
    assert values["active"] == 1 == figures.rows("active", cooperative=coop).count()
    income = figures.rows("income_year", cooperative=coop)
    assert values["income_year"] == Decimal("270.50") == sum(p.pay for p in income)
    assert values["placed"] == 0
    month = figures.rows("dispatched_month", cooperative=coop)
    assert values["dispatched_month"] == month.count() == 2


def test_the_area_counts_only_its_own(coop, members, order, village_staff):
    _setup(coop, members, order, village_staff)
    with area_scope(COUNTY_B):
        assert all(value == 0 for _k, _l, value in figures.figures())
    with area_scope(coop.region_id):
        assert dict((k, v) for k, _l, v in figures.figures())["members"] == 2


def test_the_list_groups_the_same_figures(coop, members, order, village_staff, town, town_staff):
    _setup(coop, members, order, village_staff)
    other = services.save_cooperative(
        name="幸福街道劳务合作社", region=town, leader_name="周", contact_phone="13912340001",
        founded_on=datetime.date(2023, 5, 1), by=town_staff,
    )  # fmt: skip
    table = figures.by_cooperative([coop.pk, other.pk])
    for each in (coop, other):
        assert table[each.pk] == {k: v for k, _l, v in figures.figures(cooperative=each)}
