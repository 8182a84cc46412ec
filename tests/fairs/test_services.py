"""The fairs' writes: booths, check-in by QR and by ID number, intentions — and every refusal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.signing import TimestampSigner
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.codes import idnumber
from homeward.fairs import services
from homeward.fairs.models import BoothStatus, CheckIn, Intention, Method
from homeward.placements.models import Source
from homeward.workers.models import Worker
from tests.factories import COUNTY_B, VILLAGE, make_employer, make_worker

from .conftest import make_fair, published


def test_an_employer_signs_up_a_booth_and_staff_approve_it(fair, employer, posting, county_staff):
    booth = services.sign_up_booth(fair, employer, [posting], by=county_staff)
    assert booth.status == BoothStatus.PENDING
    assert list(booth.postings.all()) == [posting]
    services.approve_booth(booth, by=county_staff)
    booth.refresh_from_db()
    assert booth.status == BoothStatus.APPROVED and booth.decided_by == county_staff
    assert AuditEvent.objects.filter(action="fairs.booth.approved").count() == 1


def test_a_booth_brings_only_its_employers_published_postings(fair, employer, county_staff):
    other = published(make_employer("321302001"))
    with pytest.raises(services.FairError, match="只带本单位"):
        services.sign_up_booth(fair, employer, [other], by=county_staff)
    from tests.factories import make_posting

    draft = make_posting(employer)
    with pytest.raises(services.FairError, match="未发布"):
        services.sign_up_booth(fair, employer, [draft], by=county_staff)


def test_a_refusal_needs_a_reason(booth, county_staff):
    with pytest.raises(services.FairError, match="原因"):
        services.refuse_booth(booth, reason=" ", by=county_staff)
    services.refuse_booth(booth, reason="岗位信息不全", by=county_staff)
    booth.refresh_from_db()
    assert booth.status == BoothStatus.REFUSED and booth.reason == "岗位信息不全"


def test_a_leader_may_not_approve(booth, leader):
    with pytest.raises(PermissionDenied):
        services.approve_booth(booth, by=leader)


def test_staff_of_another_area_are_refused(fair, booth, worker, outsider):
    token = services.qr_token(fair, worker)
    with pytest.raises(services.FairError, match="其他地区"):
        services.check_in_by_qr(fair, token, by=outsider)
    with pytest.raises(services.FairError, match="其他地区"):
        services.approve_booth(booth, by=outsider)
    assert not CheckIn._base_manager.exists()


def test_check_in_by_qr_once(fair, worker, county_staff):
    checkin = services.check_in_by_qr(fair, services.qr_token(fair, worker), by=county_staff)
    assert checkin.method == Method.QR and checkin.worker == worker
    with pytest.raises(services.FairError, match="已签到"):
        services.check_in_by_qr(fair, services.qr_token(fair, worker), by=county_staff)
    assert CheckIn._base_manager.count() == 1
    # The refusal is audited, and its row outlives the rolled-back write.
    refused = AuditEvent.objects.get(action="fairs.checkin.refused")
    assert refused.detail["reason"] == "twice" and refused.result == "refused"


def test_a_replayed_qr_is_refused(fair, worker, county_staff):
    token = services.qr_token(fair, worker)
    services.check_in_by_qr(fair, token, by=county_staff)
    with pytest.raises(services.FairError, match="已使用"):
        services.check_in_by_qr(fair, token, by=county_staff)
    refused = AuditEvent.objects.get(action="fairs.checkin.refused")
    assert refused.detail["reason"] == "replayed"


def test_a_qr_of_another_fair_is_refused(fair, worker, county_staff, county_a):
    other = make_fair(county_a.code, title="另一场")
    with pytest.raises(services.FairError, match="其他招聘会"):
        services.check_in_by_qr(fair, services.qr_token(other, worker), by=county_staff)


def test_an_expired_qr_is_refused(fair, worker, county_staff, monkeypatch):
    token = services.qr_token(fair, worker)
    later = timezone.now() + datetime.timedelta(seconds=services.QR_SECONDS + 5)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    with pytest.raises(services.FairError, match="过期"):
        services.check_in_by_qr(fair, token, by=county_staff)


def test_a_forged_qr_is_refused(fair, worker, county_staff):
    forged = TimestampSigner(salt="other").sign(f"{fair.pk}.{worker.pk}.abc")
    with pytest.raises(services.FairError, match="不是"):
        services.check_in_by_qr(fair, forged, by=county_staff)


def test_check_in_only_on_the_fairs_days(county_a, worker, county_staff):
    tomorrow = make_fair(county_a.code, days=1)
    with pytest.raises(services.FairError, match="举办当天"):
        services.check_in_by_qr(tomorrow, services.qr_token(tomorrow, worker), by=county_staff)


def test_check_in_by_id_of_a_person_of_another_county(fair, county_staff):
    """Attendees live anywhere: a registered person of county B checks in at county A's fair."""
    elsewhere = make_worker("321311001001", sequence=8)
    checkin, registered = services.check_in_by_id(fair, elsewhere.id_number, by=county_staff)
    assert checkin.worker == elsewhere and not registered and checkin.method == Method.ID
    with pytest.raises(services.FairError, match="已签到"):
        services.check_in_by_id(fair, elsewhere.id_number, by=county_staff)


def test_a_person_not_in_the_registry_is_registered_in_their_village(fair, county_staff):
    number = idnumber.make("321302", datetime.date(1990, 5, 6), 41, False)
    with pytest.raises(services.FairError, match="姓名"):
        services.check_in_by_id(fair, number, by=county_staff)
    with pytest.raises(services.FairError, match="户籍村"):
        services.check_in_by_id(fair, number, name="李梅", village="321311001001", by=county_staff)
    checkin, registered = services.check_in_by_id(
        fair, number, name="李梅", village=VILLAGE, by=county_staff
    )
    assert registered
    person = Worker._base_manager.get(pk=checkin.worker_id)
    assert (person.name, person.region_id, person.gender) == ("李梅", VILLAGE, "female")


def test_a_bad_id_number_is_refused(fair, county_staff):
    with pytest.raises(services.FairError):
        services.check_in_by_id(fair, "123", by=county_staff)


def test_an_intention_becomes_an_application_from_the_fair(fair, booth, posting, worker):
    intention, created = services.record_intention(fair, worker, posting, by=None)
    assert created
    assert intention.application.source == Source.FAIR
    assert intention.application.posting == posting
    again, created = services.record_intention(fair, worker, posting, by=None)
    assert again == intention and not created
    assert Intention._base_manager.count() == 1


def test_an_intention_for_a_posting_not_at_the_fair_is_refused(fair, booth, employer, worker):
    elsewhere = published(employer, title="普工")
    with pytest.raises(services.FairError, match="不在本场"):
        services.record_intention(fair, worker, elsewhere)


def test_an_intention_at_a_pending_booth_is_refused(fair, booth, posting, worker, county_staff):
    booth.status = BoothStatus.PENDING
    booth.save()
    with pytest.raises(services.FairError, match="不在本场"):
        services.record_intention(fair, worker, posting, by=county_staff)


def test_an_employer_user_records_only_at_their_own_booth(fair, booth, posting, worker):
    from homeward.employers.models import EmployerUser

    stranger = EmployerUser(employer=make_employer(COUNTY_B), name="李经理", phone="13500000001")
    stranger.save()
    with pytest.raises(services.FairError, match="自己的展位"):
        services.record_intention(fair, worker, posting, employer_user=stranger)
