"""The staff pages of a fair: create, list, detail with booths to approve, the check-in page by
ID number and by QR, intentions; every page of county A's fair is 404 for county B's staff;
attendees who live elsewhere are shown masked to the organising area."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.fairs import services
from homeward.fairs.models import Booth, BoothStatus, CheckIn, Fair, Intention
from homeward.placements.models import Source
from tests.factories import make_worker


def test_staff_create_a_fair(client, county_staff, county_a):
    client.force_login(county_staff)
    today = timezone.localdate()
    response = client.post(
        reverse("fairs:create"),
        {
            "title": "宿城区2027春风行动招聘会",
            "kind": "onsite",
            "season": "2027 春风行动",
            "region": county_a.code,
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "venue": "人民广场",
            "capacity": "3000",
        },
    )
    fair = Fair.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "fairs:detail", args=[fair.pk]
    )
    assert (fair.region_id, fair.created_by) == (county_a.code, county_staff)
    assert client.get(reverse("fairs:list")).content.decode().count("2027春风行动招聘会") == 1


def test_a_fair_cannot_end_before_it_starts(client, county_staff, county_a):
    client.force_login(county_staff)
    today = timezone.localdate()
    response = client.post(
        reverse("fairs:create"),
        {
            "title": "招聘会",
            "kind": "onsite",
            "region": county_a.code,
            "starts_on": today.isoformat(),
            "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Fair.objects.exists()


def test_a_fair_of_another_area_cannot_be_created(client, outsider, county_a):
    client.force_login(outsider)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("fairs:create"),
        {
            "title": "x",
            "kind": "onsite",
            "region": county_a.code,
            "starts_on": today,
            "ends_on": today,
        },
    )
    assert response.status_code == 200 and not Fair.objects.exists()


def test_staff_approve_a_booth_on_the_fairs_page(client, county_staff, fair, employer, posting):
    booth = services.sign_up_booth(fair, employer, [posting], by=county_staff)
    client.force_login(county_staff)
    page = client.get(reverse("fairs:detail", args=[fair.pk])).content.decode()
    assert employer.name in page and "待审批" in page
    client.post(reverse("fairs:booth-approve", args=[booth.pk]))
    booth.refresh_from_db()
    assert booth.status == BoothStatus.APPROVED


def test_staff_sign_up_a_booth(client, county_staff, fair, employer, posting):
    client.force_login(county_staff)
    url = reverse("fairs:booth-add", args=[fair.pk])
    assert posting.title in client.get(url, {"employer": employer.pk}).content.decode()
    client.post(url, {"employer": employer.pk, "postings": [posting.pk]})
    assert list(Booth.objects.get().postings.all()) == [posting]


def test_check_in_by_id_number_on_the_phone_page(client, county_staff, fair, worker):
    client.force_login(county_staff)
    url = reverse("fairs:checkin", args=[fair.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"id_number": worker.id_number}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "签到成功：张*" in text and "已签到 1 人" in text
    again = client.post(url, {"id_number": worker.id_number}, HTTP_HX_REQUEST="true")
    assert "张*已签到过本场招聘会" in again.content.decode()
    assert CheckIn.objects.count() == 1


def test_check_in_a_new_person_registers_them(client, county_staff, fair, village):
    from homeward.codes import idnumber

    number = idnumber.make("321302", datetime.date(1992, 2, 2), 51, True)
    client.force_login(county_staff)
    url = reverse("fairs:checkin", args=[fair.pk])
    first = client.post(url, {"id_number": number}, HTTP_HX_REQUEST="true").content.decode()
    assert "尚未建档" in first and village.code in first
    done = client.post(
        url, {"id_number": number, "name": "王强", "village": village.code}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "签到成功：王*" in done


def test_check_in_by_qr_on_the_phone_page(client, county_staff, fair, worker):
    client.force_login(county_staff)
    url = reverse("fairs:checkin", args=[fair.pk])
    token = services.qr_token(fair, worker)
    assert "签到成功" in client.post(url, {"token": token}).content.decode()
    assert "已使用" in client.post(url, {"token": token}).content.decode()


def test_staff_record_an_intention(client, county_staff, fair, booth, posting, worker):
    client.force_login(county_staff)
    client.post(
        reverse("fairs:intention-add", args=[fair.pk]),
        {"id_number": worker.id_number, "posting": posting.pk},
    )
    intention = Intention.objects.get()
    assert intention.application.source == Source.FAIR
    assert "张*" in client.get(reverse("fairs:detail", args=[fair.pk])).content.decode()


def test_a_leader_reads_but_does_not_check_in(client, leader, fair, worker):
    client.force_login(leader)
    assert client.get(reverse("fairs:detail", args=[fair.pk])).status_code == 200
    response = client.post(
        reverse("fairs:checkin", args=[fair.pk]), {"id_number": worker.id_number}
    )
    assert response.status_code == 403 and not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["detail", "edit", "booth-add", "checkin", "results", "sheet", "poster"],
)
def test_staff_of_county_b_get_404_for_county_as_fair(client, outsider, fair, name):
    client.force_login(outsider)
    assert client.get(reverse(f"fairs:{name}", args=[fair.pk])).status_code == 404


def test_staff_of_county_b_cannot_check_in_at_county_as_fair(client, outsider, fair, worker):
    client.force_login(outsider)
    url = reverse("fairs:checkin", args=[fair.pk])
    assert client.post(url, {"id_number": worker.id_number}).status_code == 404
    assert client.post(url, {"token": services.qr_token(fair, worker)}).status_code == 404
    assert not CheckIn.objects.exists()


def test_attendees_from_elsewhere_are_masked_for_the_organising_area(client, county_staff, fair):
    """A person of county B at county A's fair: county A's staff see them, masked."""
    elsewhere = make_worker("321311001001", sequence=9, name="欧阳娜娜")
    services.check_in_by_id(fair, elsewhere.id_number, by=county_staff)
    client.force_login(county_staff)
    for url in (
        reverse("fairs:detail", args=[fair.pk]),
        reverse("fairs:figure", args=[fair.pk, "attendees"]),
    ):
        text = client.get(url).content.decode()
        assert "欧***" in text and "欧阳娜娜" not in text
        assert elsewhere.id_number not in text and elsewhere.id_number[-4:] in text


def test_the_cameras_fragment_post_checks_in_once_and_refuses_a_replay(
    client, county_staff, fair, worker
):
    """The camera's post (fairs.js: HX-Request, fragment=1) gets the result fragment alone,
    with the count; the same code again is refused, audited, and the count stays."""
    client.force_login(county_staff)
    url = reverse("fairs:checkin", args=[fair.pk])
    token = services.qr_token(fair, worker)
    post = {"token": token, "fragment": "1"}
    first = client.post(url, post, HTTP_HX_REQUEST="true").content.decode()
    assert "签到成功：张*" in first and "已签到 1 人" in first and "<html" not in first
    again = client.post(url, post, HTTP_HX_REQUEST="true").content.decode()
    assert "已使用" in again and "已签到 1 人" in again
    assert CheckIn.objects.count() == 1
    refused = AuditEvent.objects.get(action="fairs.checkin.refused")
    assert refused.detail["reason"] == "replayed"


def test_the_cameras_post_at_another_areas_fair_is_404(client, outsider, fair, worker):
    client.force_login(outsider)
    url = reverse("fairs:checkin", args=[fair.pk])
    post = {"token": services.qr_token(fair, worker), "fragment": "1"}
    assert client.post(url, post, HTTP_HX_REQUEST="true").status_code == 404
    assert client.post(url, {"token": "forged", "fragment": "1"}).status_code == 404
    assert not CheckIn.objects.exists()
