"""The agencies' writes and their refusals: an expired licence stops new work, a posting or a
placement for an employer without a mandate is refused, another area's staff are refused, each
refusal audited; the figures count what was recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.agencies import services
from homeward.agencies.figures import figures, rows
from homeward.agencies.models import Agency, AgencyPosting, Placement
from homeward.audit.models import AuditEvent
from homeward.fairs.models import Fair
from homeward.placements.services import apply, hire
from tests.agencies.conftest import published
from tests.factories import make_employer, make_staff, make_worker

TODAY = timezone.localdate()
YEAR = datetime.timedelta(days=365)


def _mandate(agency, employer, by, **days):
    return services.grant_mandate(
        agency,
        employer,
        starts_on=TODAY - datetime.timedelta(days=30),
        ends_on=TODAY + YEAR // 2,
        by=by,
    )


def _fair(region):
    fair = Fair(
        region_id=region, kind="onsite", title="春风行动招聘会", starts_on=TODAY, ends_on=TODAY
    )
    fair.save()
    return fair


def _figures(agency):
    return {key: value for key, _label, value in figures(Agency.objects.filter(pk=agency.pk))}


def test_the_whole_work_of_an_agency_is_counted(agency, employer, posting, county_staff, county_a):
    _mandate(agency, employer, county_staff)
    services.place_posting(agency, posting, by=county_staff)
    services.join_fair(agency, _fair(county_a.code), by=county_staff)
    # People from county A and from county B applied to the agency's posting.
    near = apply(make_worker("321302001001", sequence=5), posting)[0]
    far = apply(make_worker("321311001001", sequence=6), posting)[0]
    assert set(services.attributable(agency)) == {near, far}
    services.record_placement(agency, near, by=county_staff)
    services.record_placement(agency, far, by=county_staff)
    hire(far, hired_on=TODAY, contract_months=12, by="staff", actor=county_staff)
    assert _figures(agency) == {
        "employers": 1,
        "postings": 1,
        "fairs": 1,
        "placements": 2,
        "hires": 1,
    }
    one = Agency.objects.filter(pk=agency.pk)
    assert [p.application for p in rows(one, "hires")] == [far]
    assert list(services.attributable(agency)) == []
    assert AuditEvent.objects.filter(action="agencies.placement.recorded").count() == 2


def test_an_expired_licence_is_refused_for_new_work(expired, employer, posting, county_staff):
    with pytest.raises(services.AgencyError, match="许可证已于"):
        _mandate(expired, employer, county_staff)
    with pytest.raises(services.AgencyError, match="许可证已于"):
        services.place_posting(expired, posting, by=county_staff)
    with pytest.raises(services.AgencyError, match="许可证已于"):
        services.join_fair(expired, _fair(expired.region_id), by=county_staff)
    assert expired.licence_expired
    refused = AuditEvent.objects.filter(result="refused", action__startswith="agencies.")
    assert refused.count() == 3
    assert not AgencyPosting.objects.exists()


def test_a_placement_is_refused_once_the_licence_expired(agency, employer, posting, county_staff):
    _mandate(agency, employer, county_staff)
    services.place_posting(agency, posting, by=county_staff)
    application = apply(make_worker("321302001001", sequence=5), posting)[0]
    Agency.objects.filter(pk=agency.pk).update(
        licence_expires_on=TODAY - datetime.timedelta(days=1)
    )
    agency.refresh_from_db()
    with pytest.raises(services.AgencyError):
        services.record_placement(agency, application, by=county_staff)
    assert not Placement.objects.exists()


def test_a_posting_of_an_employer_without_a_mandate_is_refused(agency, posting, county_staff):
    with pytest.raises(services.AgencyError, match="委托"):
        services.place_posting(agency, posting, by=county_staff)
    event = AuditEvent.objects.get(action="agencies.posting.refused")
    assert event.result == "refused" and event.detail["reason"] == "no_mandate"


def test_a_mandate_that_ended_places_nothing(agency, employer, posting, county_staff):
    services.grant_mandate(agency, employer, starts_on=TODAY - YEAR, ends_on=TODAY, by=county_staff)
    Agency.objects.filter(pk=agency.pk)  # the mandate ends today: still in force today
    services.place_posting(agency, posting, by=county_staff)
    other = published(employer, title="普工")
    from homeward.agencies.models import Mandate

    Mandate.objects.update(ends_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(services.AgencyError):
        services.place_posting(agency, other, by=county_staff)


def test_a_placement_to_an_employer_without_a_mandate_is_refused(agency, county_staff):
    stranger = published(make_employer("321302002", name="别家厂"))
    application = apply(make_worker("321302001001", sequence=7), stranger)[0]
    with pytest.raises(services.AgencyError, match="委托"):
        services.record_placement(agency, application, by=county_staff)


def test_overlapping_mandates_and_a_mandate_past_the_licence_are_refused(
    agency, employer, county_staff
):
    _mandate(agency, employer, county_staff)
    with pytest.raises(services.AgencyError):
        _mandate(agency, employer, county_staff)
    with pytest.raises(services.AgencyError, match="许可证"):
        services.grant_mandate(
            agency, employer, starts_on=TODAY, ends_on=TODAY + 2 * YEAR, by=county_staff
        )


def test_another_areas_staff_and_readers_are_refused(agency, employer, outsider, leader):
    with pytest.raises(services.AgencyError):
        _mandate(agency, employer, outsider)
    with pytest.raises(PermissionDenied):
        _mandate(agency, employer, leader)
    assert AuditEvent.objects.filter(action="agencies.write.refused").count() == 2


def test_a_posting_is_placed_by_one_agency_only(agency, employer, posting, county_staff, county_a):
    from tests.agencies.factories import make_agency

    second = make_agency(county_a.code)
    _mandate(agency, employer, county_staff)
    _mandate(second, employer, county_staff)
    services.place_posting(agency, posting, by=county_staff)
    with pytest.raises(services.AgencyError, match=agency.name):
        services.place_posting(second, posting, by=county_staff)


def test_a_fair_once(agency, county_staff, county_a):
    fair = _fair(county_a.code)
    services.join_fair(agency, fair, by=county_staff)
    with pytest.raises(services.AgencyError):
        services.join_fair(agency, fair, by=county_staff)


def test_an_area_of_two_agencies_counts_both(agency, employer, county_staff, county_a):
    from tests.agencies.factories import make_agency

    second = make_agency(county_a.code)
    _mandate(agency, employer, county_staff)
    _mandate(second, make_employer("321302001", name="第二厂"), county_staff)
    area = {k: v for k, _l, v in figures(Agency.objects.all())}
    assert area["employers"] == 2
    outside = make_staff("321311", username="b")
    from homeward.scoping import area_scope

    with area_scope(outside.region_id):
        assert {k: v for k, _l, v in figures(Agency.objects.all())}["employers"] == 0
