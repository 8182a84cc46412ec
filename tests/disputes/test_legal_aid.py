"""Legal-aid referral: the means test skipped for wage claims, the 7-day decision, the 3-day lawyer."""

from datetime import date
from decimal import Decimal

import pytest

from homeward.disputes import services
from homeward.disputes.models import AidCentre
from homeward.disputes.services import DisputeError

from .conftest import file_case


def test_a_wage_claim_skips_the_means_test_and_the_clocks_run(commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff)
    aid = services.refer_legal_aid(
        dispute, centre=AidCentre.CENTRE, on=date(2026, 9, 28), by=county_staff
    )
    assert aid.means_test_exempt
    # 7 days from 28 Sep land on 5 Oct (National Day) → 8 Oct
    assert services.legal_aid_decide_by(aid) == date(2026, 10, 8)
    services.decide_legal_aid(aid, on=date(2026, 9, 30), granted=True, by=county_staff)
    # 3 working days from 30 Sep: 8, 9, 10 Oct (the make-up Saturday)
    assert services.legal_aid_assign_by(aid) == date(2026, 10, 10)
    services.assign_lawyer(aid, on=date(2026, 10, 8), lawyer="周律师", by=county_staff)
    assert aid.lawyer == "周律师"


def test_a_contract_claim_is_means_tested(commission, worker, county_staff):
    dispute = file_case(
        commission, worker, by=county_staff, claims=[services.ClaimLine("contract", Decimal(1))]
    )
    aid = services.refer_legal_aid(
        dispute, centre=AidCentre.LAWYERS, on=date(2026, 3, 2), by=county_staff
    )
    assert not aid.means_test_exempt


def test_a_cross_province_referral_names_the_destination(
    commission, worker, county_staff, county_b
):
    dispute = file_case(commission, worker, by=county_staff)
    aid = services.refer_legal_aid(
        dispute,
        centre=AidCentre.DESTINATION,
        destination=county_b,
        on=date(2026, 3, 2),
        by=county_staff,
    )
    assert aid.destination == county_b


def test_no_lawyer_before_the_grant_and_no_second_decision(commission, worker, county_staff):
    dispute = file_case(commission, worker, by=county_staff)
    aid = services.refer_legal_aid(
        dispute, centre=AidCentre.CENTRE, on=date(2026, 3, 2), by=county_staff
    )
    with pytest.raises(DisputeError, match="尚未批准"):
        services.assign_lawyer(aid, on=date(2026, 3, 3), lawyer="周律师", by=county_staff)
    services.decide_legal_aid(aid, on=date(2026, 3, 3), granted=False, by=county_staff)
    with pytest.raises(DisputeError, match="已作出决定"):
        services.decide_legal_aid(aid, on=date(2026, 3, 4), granted=True, by=county_staff)
