"""The cooperative's writes: set up, members from the registry, a collected job, dispatches (no
non-member, no overlap), closing with pay, and a placement through placements' own service;
each refusal is a Chinese message, audited, with nothing written."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.cooperatives import services
from homeward.cooperatives.models import Dispatch, DispatchMember, Membership, Placement
from homeward.placements.models import Application
from homeward.regions.models import Region
from homeward.workers.models import Worker
from tests.factories import TOWN, make_published

TODAY = timezone.localdate


def _refused(action: str) -> bool:
    return AuditEvent.objects.filter(action=action, result="refused").exists()


def test_a_cooperative_belongs_to_a_village_or_a_town(county_a, county_staff):
    with pytest.raises(services.CooperativeError, match="村或乡镇"):
        services.save_cooperative(
            name="区合作社", region=county_a, leader_name="李", contact_phone="13912340000",
            founded_on=datetime.date(2024, 1, 1), by=county_staff,
        )  # fmt: skip


def test_staff_of_another_area_cannot_set_one_up(village, outsider):
    with pytest.raises(services.CooperativeError, match="其他地区"):
        services.save_cooperative(
            name="外区合作社", region=village, leader_name="李", contact_phone="13912340000",
            founded_on=datetime.date(2024, 1, 1), by=outsider,
        )  # fmt: skip
    assert _refused("cooperatives.cooperative.refused")


def test_a_member_joins_with_the_registry_skills_once(coop, people, village_staff):
    membership = services.add_member(coop, people[0], joined_on=TODAY(), by=village_staff)
    assert membership.skills == "焊工；氩弧焊"  # the catalogue's name, and the skills
    with pytest.raises(services.CooperativeError, match="已是成员"):
        services.add_member(coop, people[0], joined_on=TODAY(), by=village_staff)
    assert _refused("cooperatives.member.refused")
    assert Membership.objects.filter(worker=people[0]).count() == 1


def test_a_person_of_another_village_is_refused(coop, neighbour, village_staff, town_staff):
    with pytest.raises(services.CooperativeError, match="不在本合作社"):
        services.add_member(coop, neighbour, joined_on=TODAY(), by=town_staff)
    assert _refused("cooperatives.member.refused") and not Membership.objects.exists()


def test_members_are_dispatched_and_paid(coop, members, order, village_staff):
    dispatch = services.dispatch_members(
        order, members, starts_on=order.starts_on, ends_on=order.ends_on, by=village_staff
    )
    assert dispatch.day_pay == Decimal("150.00") and dispatch.people.count() == 2
    people = list(dispatch.people.order_by("pk"))
    pay = {people[0].pk: (10, Decimal("1500")), people[1].pk: (8, Decimal("1200.5"))}
    services.close_dispatch(dispatch, pay, by=village_staff)
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.CLOSED
    assert sorted(p.pay for p in dispatch.people.all()) == [Decimal("1200.50"), Decimal("1500")]


def test_closing_needs_every_members_pay_and_writes_nothing_otherwise(
    coop, members, order, village_staff
):
    dispatch = services.dispatch_members(
        order, members, starts_on=order.starts_on, ends_on=order.ends_on, by=village_staff
    )
    first = dispatch.people.order_by("pk").first()
    with pytest.raises(services.CooperativeError, match="赵\\* 的出工天数"):
        services.close_dispatch(dispatch, {first.pk: (10, Decimal("1500"))}, by=village_staff)
    assert not DispatchMember.objects.filter(pay__isnull=False).exists()
    assert Dispatch.objects.get().status == Dispatch.Status.ACTIVE
    assert _refused("cooperatives.dispatch.refused")


def test_a_non_member_is_not_dispatched(coop, members, order, village_staff):
    services.end_membership(members[1], left_on=TODAY(), by=village_staff)
    members[1].refresh_from_db()
    with pytest.raises(services.CooperativeError, match="不是本合作社成员"):
        services.dispatch_members(
            order, members, starts_on=order.starts_on, ends_on=order.ends_on, by=village_staff
        )
    assert not Dispatch.objects.exists() and _refused("cooperatives.dispatch.refused")


def test_no_one_is_on_two_overlapping_dispatches(coop, members, order, village_staff):
    services.dispatch_members(
        order, members[:1], starts_on=order.starts_on, ends_on=order.ends_on, by=village_staff
    )
    later = order.ends_on
    with pytest.raises(services.CooperativeError, match="已派往"):
        services.dispatch_members(
            order, members, starts_on=later, ends_on=later + datetime.timedelta(days=2),
            by=village_staff,
        )  # fmt: skip
    assert Dispatch.objects.count() == 1 and DispatchMember.objects.count() == 1
    # The day after the first ends, the same person may go again.
    after = order.ends_on + datetime.timedelta(days=1)
    services.dispatch_members(order, members, starts_on=after, ends_on=after, by=village_staff)
    assert Dispatch.objects.count() == 2


def test_a_cancelled_dispatch_frees_its_members(coop, members, order, village_staff):
    first = services.dispatch_members(
        order, members, starts_on=order.starts_on, ends_on=order.ends_on, by=village_staff
    )
    services.cancel_dispatch(first, by=village_staff)
    services.dispatch_members(
        order, members, starts_on=order.starts_on, ends_on=order.ends_on, by=village_staff
    )
    assert Dispatch.objects.filter(status="active").count() == 1


def test_an_outsider_and_a_leader_are_refused(coop, members, order, outsider, leader):
    with pytest.raises(services.CooperativeError, match="其他地区"):
        services.dispatch_members(
            order, members, starts_on=order.starts_on, ends_on=order.ends_on, by=outsider
        )
    with pytest.raises(PermissionDenied):
        services.record_order(
            coop, client="x", work="y", headcount=1, starts_on=TODAY(), ends_on=TODAY(),
            day_pay=Decimal(1), by=leader,
        )  # fmt: skip
    assert not Dispatch.objects.exists()


def test_a_bad_order_names_its_field(coop, village_staff):
    with pytest.raises(services.CooperativeError) as refused:
        services.record_order(
            coop, client="茶场", work="采茶", headcount=3, starts_on=TODAY(), ends_on=TODAY(),
            day_pay=Decimal("NaN"), by=village_staff,
        )  # fmt: skip
    assert refused.value.field == "day_pay" and "每日报酬" in str(refused.value)


def test_a_member_is_placed_through_the_placements_service(coop, members, village_staff):
    posting = make_published(region_code=TOWN, title="电焊工")
    order = services.record_order(
        coop, posting=posting, starts_on=TODAY(), ends_on=TODAY(), by=village_staff
    )
    assert order.client == posting.employer.name and order.headcount == posting.headcount
    placement = services.place_member(
        order, members[0], hired_on=TODAY(), contract_months=12, by=village_staff
    )
    application = Application.objects.get(pk=placement.application_id)
    assert application.status == "hired" and application.contract_months == 12
    assert Worker.objects.get(pk=members[0].worker_id).status == "local_employed"
    assert Placement.objects.count() == 1


def test_a_local_order_is_not_a_hire(coop, members, order, village_staff):
    with pytest.raises(services.CooperativeError, match="派工"):
        services.place_member(
            order, members[0], hired_on=TODAY(), contract_months=12, by=village_staff
        )
    assert not Application.objects.exists()


def test_a_town_cooperative_takes_people_of_its_villages(town, town_staff, people, neighbour):
    coop = services.save_cooperative(
        name="幸福街道劳务合作社", region=Region.tree.get(code=town.code), leader_name="周",
        contact_phone="13912340001", founded_on=datetime.date(2023, 5, 1), by=town_staff,
    )  # fmt: skip
    for person in [*people, neighbour]:
        services.add_member(coop, person, joined_on=TODAY(), by=town_staff)
    assert Membership.objects.filter(cooperative=coop).count() == 3
