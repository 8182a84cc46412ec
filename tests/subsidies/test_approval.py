"""Approval up the hierarchy, the public notice, objections, the sampled control, the budget."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from homeward.audit.models import AuditEvent
from homeward.subsidies import services
from homeward.subsidies.models import Entitlement, Fund

from .conftest import card

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)


@pytest.fixture
def application(bonus, returnee, village_staff):
    return services.apply_for(
        bonus, worker=returnee, bank_name="农行", bank_account=card(), by=village_staff, today=TODAY
    )


@pytest.fixture
def village_reviewer(db):
    from tests.factories import VILLAGE, make_staff

    return make_staff(VILLAGE, username="village-reviewer")


def _up_to_notice(entitlement, village_reviewer, town_staff, county_staff):
    for user in (village_reviewer, town_staff, county_staff):
        entitlement = services.decide(entitlement, "approved", by=user, today=TODAY)
    return entitlement


def test_village_town_county_approve_then_the_notice(
    application, village_reviewer, town_staff, county_staff
):
    entitlement = _up_to_notice(application, village_reviewer, town_staff, county_staff)
    assert entitlement.status == "notice"
    assert entitlement.notice_ends_on == TODAY + timedelta(days=7)
    assert list(entitlement.decisions.values_list("action", "level")) == [
        ("submitted", ""),
        ("approved", "village"),
        ("approved", "town"),
        ("approved", "county"),
    ]
    assert services.close_notices(today=TODAY + timedelta(days=7)) == 0
    assert services.close_notices(today=TODAY + timedelta(days=8)) == 1
    entitlement.refresh_from_db()
    assert entitlement.status == "ready"


def test_the_one_who_entered_it_cannot_approve_it(application, village_staff):
    with pytest.raises(services.SubsidyError, match="录入申请的人"):
        services.decide(application, "approved", by=village_staff)
    application.refresh_from_db()
    assert application.step == 0
    assert AuditEvent.objects.filter(
        action="subsidies.entitlement.approved", result="refused"
    ).exists()


def test_a_step_is_decided_at_its_level_only(application, town_staff):
    with pytest.raises(services.SubsidyError, match="村（社区）"):
        services.decide(application, "approved", by=town_staff)


def test_a_leader_only_reads(application, leader):
    with pytest.raises(PermissionDenied):
        services.decide(application, "approved", by=leader)


def test_returned_with_a_reason_and_sent_again(application, village_reviewer):
    with pytest.raises(services.SubsidyError, match="写明"):
        services.decide(application, "returned", by=village_reviewer)
    entitlement = services.decide(
        application, "returned", by=village_reviewer, reason="请补劳动合同"
    )
    assert entitlement.status == "returned" and entitlement.reason == "请补劳动合同"
    entitlement = services.resubmit(entitlement)
    assert entitlement.status == "submitted" and entitlement.step == 0


def test_refused_needs_a_coded_reason(application, village_reviewer):
    with pytest.raises(services.SubsidyError, match="原因"):
        services.decide(application, "refused", by=village_reviewer, code="because")
    entitlement = services.decide(application, "refused", by=village_reviewer, code="evidence")
    assert entitlement.status == "refused" and entitlement.refusal_code == "evidence"


def test_approval_past_the_budget_is_refused(
    application, village_reviewer, town_staff, county_staff
):
    Fund._base_manager.filter(pk=application.policy.fund_id).update(budget_cap=Decimal("499"))
    services.decide(application, "approved", by=village_reviewer)
    services.decide(application, "approved", by=town_staff)
    with pytest.raises(services.SubsidyError, match="超出"):
        services.decide(application, "approved", by=county_staff)
    application.refresh_from_db()
    assert application.status == "submitted" and application.step == 2


def test_an_objection_during_the_notice_stops_it(
    application, village_reviewer, town_staff, county_staff
):
    entitlement = _up_to_notice(application, village_reviewer, town_staff, county_staff)
    services.object_to(entitlement, reason="此人未在本地就业", by=town_staff)
    assert services.close_notices(today=TODAY + timedelta(days=30)) == 0
    entitlement.refresh_from_db()
    assert entitlement.status == "objected"
    with pytest.raises(services.SubsidyError):
        services.resolve_objection(entitlement, upheld=False, reason="核实无误", by=town_staff)
    entitlement = services.resolve_objection(
        entitlement, upheld=False, reason="核实无误", by=county_staff, today=TODAY
    )
    assert entitlement.status == "notice" and entitlement.notice_ends_on == TODAY + timedelta(
        days=7
    )


def test_no_objection_outside_the_notice(application, town_staff):
    with pytest.raises(services.SubsidyError, match="公示中"):
        services.object_to(application, reason="x", by=town_staff)


def test_the_sample_is_a_recorded_reproducible_lottery(seeded, county_staff):
    from .conftest import make_returnee

    bonus = seeded["SQ-RETURN-500"]
    ids = []
    for n in range(20):
        worker = make_returnee(sequence=100 + n, name=f"返乡{n}")
        e = services.apply_for(bonus, worker=worker, bank_name="农行", bank_account=card())
        ids.append(e.pk)
    Entitlement._base_manager.filter(pk__in=ids).update(status="ready")
    draw = services.draw_sample("321302", by=county_staff, share_percent=5, seed="abc123")
    assert len(draw.drawn) == 1 and draw.pool == sorted(ids)
    assert services.draw_lottery(draw.pool, 5, "abc123") == draw.drawn
    assert set(Entitlement._base_manager.filter(sampled=True).values_list("pk", flat=True)) == set(
        draw.drawn
    )
