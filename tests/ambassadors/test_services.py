"""Appointing (1–2 a town), referrals (link and recorded with consent), bounty verdicts from the
records against a hand-counted fixture, approval and its refusals."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from homeward.ambassadors import services
from homeward.ambassadors.models import Bounty, Referral
from homeward.employers.models import EmployerUser
from homeward.followups.models import FollowUp
from homeward.followups.services import record_followup, schedule_followups
from homeward.placements.models import Source
from tests.factories import (
    TOWN,
    VILLAGE,
    make_hire,
    make_posting,
    make_staff,
    make_worker,
)

from .conftest import months_ago

pytestmark = pytest.mark.django_db


def test_a_town_has_at_most_two(town_staff, ambassador):
    services.appoint_ambassador(town=TOWN, name="王大使", phone="13600002222", by=town_staff)
    with pytest.raises(services.AmbassadorError, match="2"):
        services.appoint_ambassador(town=TOWN, name="赵大使", phone="13600003333", by=town_staff)
    services.end_ambassador(ambassador, by=town_staff)
    services.appoint_ambassador(town=TOWN, name="赵大使", phone="13600003333", by=town_staff)


def test_only_town_staff_appoint(county_staff, leader, village_staff):
    for user in (county_staff, village_staff):
        with pytest.raises(services.AmbassadorError):
            services.appoint_ambassador(town=TOWN, name="王", phone="13600002222", by=user)
    with pytest.raises(PermissionDenied):
        services.appoint_ambassador(town=TOWN, name="王", phone="13600002222", by=leader)


def test_link_referral_attributes_the_application(ambassador, worker, employer):
    posting = make_posting(employer)
    posting.status = "published"
    posting.save()
    application, created = services.apply_by_referral(ambassador, worker, posting)
    assert created and application.source == Source.REFERRAL
    assert application.referral.ambassador == ambassador
    again, created = services.apply_by_referral(ambassador, worker, posting)
    assert not created and Referral.objects.count() == 1


def test_recorded_referral_needs_consent_and_not_oneself(ambassador, worker):
    with pytest.raises(services.AmbassadorError, match="agree|同意"):
        services.record_referral(ambassador, worker, consent=False)
    referral = services.record_referral(ambassador, worker, consent=True)
    assert referral.consent_on is not None
    with pytest.raises(services.AmbassadorError):
        services.record_referral(ambassador, worker, consent=True)
    own = services.appoint_ambassador(
        town=TOWN, name=worker.name, phone="", worker=worker, by=ambassador.appointed_by
    )
    with pytest.raises(services.AmbassadorError):
        services.record_referral(own, worker, consent=True)


@pytest.fixture
def cast(ambassador, employer, county_staff):
    """Hand-counted: p1 hired 7 months ago on 12 months, kept at 6 → due; p2 hired 7 months ago
    on 6 months → excluded (contract); p3 hired 2 months ago → waiting for the 6-month
    follow-up; p4 left at 3 months → excluded; p5 referred first by another ambassador → not
    ours (excluded)."""
    people = [make_worker(VILLAGE, sequence=70 + n, name=f"人{n}") for n in range(5)]
    referrals = [services.record_referral(ambassador, p, consent=True) for p in people[:4]]
    rival = services.appoint_ambassador(
        town=TOWN, name="王大使", phone="13600002222", by=ambassador.appointed_by
    )
    services.record_referral(rival, people[4], consent=True)
    services.record_referral(ambassador, people[4], consent=True)
    hires = [
        make_hire(people[0], make_posting(employer), hired_on=months_ago(7), contract_months=12),
        make_hire(people[1], make_posting(employer), hired_on=months_ago(7), contract_months=6),
        make_hire(people[2], make_posting(employer), hired_on=months_ago(2), contract_months=24),
        make_hire(people[3], make_posting(employer), hired_on=months_ago(7), contract_months=12),
        make_hire(people[4], make_posting(employer), hired_on=months_ago(7), contract_months=12),
    ]
    for h in hires:
        schedule_followups(h.pk)
    record_followup(
        FollowUp.objects.get(application=hires[0], months=6),
        result="employed",
        via="staff",
        by=county_staff,
    )
    record_followup(
        FollowUp.objects.get(application=hires[3], months=3),
        result="left",
        via="staff",
        left_on=months_ago(5),
        reason="wage",
        by=county_staff,
    )
    return {"people": people, "hires": hires, "referrals": referrals, "rival": rival}


def _states(ambassador):
    return {
        v.candidate.worker_id: (v.state, v.reason)
        for v in services.verdicts(ambassadors=[ambassador])
    }


def test_verdicts_against_the_hand_count(cast, ambassador):
    p = cast["people"]
    states = _states(ambassador)
    assert states[p[0].pk][0] == "due"
    assert states[p[1].pk][0] == "excluded" and "合同" in states[p[1].pk][1]
    assert states[p[2].pk][0] == "waiting" and "6个月回访" in states[p[2].pk][1]
    assert states[p[3].pk][0] == "excluded" and "离职" in states[p[3].pk][1]
    assert states[p[4].pk][0] == "excluded" and "首次推荐" in states[p[4].pk][1]
    # the rival referred p5 first: theirs, waiting for the 6-month answer
    assert _states(cast["rival"])[p[4].pk][0] == "waiting"


def test_conflicts_of_interest(cast, ambassador, employer):
    p = cast["people"]
    EmployerUser(employer=employer, name="李大使", phone=ambassador.phone).save()
    assert "任职" in _states(ambassador)[p[0].pk][1]
    EmployerUser.objects.all().delete()
    make_staff(TOWN, username="amb-staff", phone=ambassador.phone)
    assert "工作人员" in _states(ambassador)[p[0].pk][1]


def test_approval_once_and_by_whom(cast, ambassador, town_staff, village_staff):
    referral, hire = cast["referrals"][0], cast["hires"][0]
    with pytest.raises(PermissionDenied):
        services.approve_bounty(referral, hire.pk, by=village_staff)
    me = make_staff(TOWN, username="amb-self", phone="13600001111")
    with pytest.raises(PermissionDenied):  # the ambassador's own number: also a conflict
        services.approve_bounty(referral, hire.pk, by=me)
    me.delete()
    with pytest.raises(services.AmbassadorError):  # not due
        services.approve_bounty(cast["referrals"][1], cast["hires"][1].pk, by=town_staff)
    bounty = services.approve_bounty(referral, hire.pk, by=town_staff)
    assert str(bounty.amount) == "300.00" and bounty.falls_due_on == months_ago(1)
    with pytest.raises(services.AmbassadorError):
        services.approve_bounty(referral, hire.pk, by=town_staff)
    assert _states(ambassador)[cast["people"][0].pk][0] == "approved"


def test_the_database_keeps_one_bounty_per_person_and_employer(cast, ambassador, town_staff):
    bounty = services.approve_bounty(cast["referrals"][0], cast["hires"][0].pk, by=town_staff)
    twin = Bounty(
        region_id=TOWN,
        ambassador=ambassador,
        referral=bounty.referral,
        application=cast["hires"][1],
        worker=bounty.worker,
        employer=bounty.employer,
        amount=bounty.amount,
        falls_due_on=bounty.falls_due_on,
        approved_by=town_staff,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_bounty_amount_is_configurable(settings):
    settings.HOMEWARD_AMBASSADOR_BOUNTY = {"4303": "300", "430381": "350.5"}
    assert str(services.bounty_amount("430381101")) == "350.50"
    assert str(services.bounty_amount("321302001")) == "300.00"
