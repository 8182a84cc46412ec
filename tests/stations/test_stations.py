"""Stations, the 15-minute circle counted from recorded services, and the out-of-city scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from homeward.accounts.models import Role
from homeward.scoping import PlacedArea, area_of, area_scope, unscoped
from homeward.stations import services
from homeward.stations.models import Station, StationService
from homeward.workers.models import Worker
from tests.factories import make_staff, make_worker

SUZHOU = "3205"
NANJING = "3201"


def _station(**fields):
    fields.setdefault("name", "站")
    fields.setdefault("kind", "town")
    fields.setdefault("region_id", "321302001")
    fields.setdefault("address", "幸福路1号")
    with unscoped():
        return Station.objects.create(**fields)


@pytest.fixture
def suzhou(db):
    station = _station(
        name="内江驻苏州服务站", kind="out_of_city", region_id="5110", place_id=SUZHOU
    )
    admin = make_staff("5110", role=Role.ADMIN, username="nj-admin")
    user = services.add_out_of_city_staff(
        station,
        username="nj-sz",
        family_name="王",
        given_name="芳",
        password="x-Pw-12345",
        by=admin,
    )
    from homeward.regions.models import Region

    village = Region.tree.filter(code__startswith="511002", level="village").first().code
    with unscoped():
        here = make_worker(village, sequence=1)
        Worker.objects.filter(pk=here.pk).update(work_region_id="320505")
        home = make_worker(village, sequence=2)  # works at home
        elsewhere = make_worker(village, sequence=3)
        Worker.objects.filter(pk=elsewhere.pk).update(work_region_id=NANJING)
        other_city = make_worker("321302001001", sequence=4)  # 宿迁's person in 苏州
        Worker.objects.filter(pk=other_city.pk).update(work_region_id=SUZHOU)
    return station, user, admin, here, home, elsewhere, other_city


def test_out_of_city_staff_see_only_home_people_in_the_destination(suzhou):
    station, user, _, here, home, elsewhere, other_city = suzhou
    area = area_of(user)
    assert isinstance(area, PlacedArea) and (area.home, area.place) == ("5110", SUZHOU)
    with area_scope(area):
        assert list(Worker.objects.values_list("pk", flat=True)) == [here.pk]
        assert list(Station.objects.all()) == [station]
    # A person who moved back home drops out.
    with unscoped():
        Worker.objects.filter(pk=here.pk).update(work_region_id=None)
    with area_scope(area):
        assert not Worker.objects.exists()


def test_placed_area_sees_nothing_of_models_without_a_place(suzhou):
    from homeward.employers.models import Employer

    _, user, *_ = suzhou
    with unscoped():
        from tests.factories import make_employer

        make_employer("5110")
    with area_scope(area_of(user)):
        assert not Employer.objects.exists()


def test_pages_of_the_out_of_city_staff(client, suzhou):
    station, user, _, here, home, elsewhere, other_city = suzhou
    client.force_login(user)
    response = client.get(reverse("workers:list"))
    assert response.status_code == 200
    shown = response.content.decode()
    assert here.name in shown and here.id_number not in shown  # masked like town staff
    for pk in (home.pk, elsewhere.pk, other_city.pk):
        assert client.get(reverse("workers:detail", args=[pk])).status_code == 404
    assert client.get(reverse("workers:detail", args=[here.pk])).status_code == 200
    # They record services, which count in the home city's figures.
    response = client.post(
        reverse("stations:service-add", args=[station.pk]),
        {"kind": "job_found", "on": timezone.localdate().isoformat(), "id_number": here.id_number},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("stations:service-add", args=[station.pk]),
        {"kind": "legal_aid", "on": timezone.localdate().isoformat(), "id_number": home.id_number},
    )
    # not a person they may see: the form again, with the error
    assert response.status_code == 200 and response.context["form"].errors
    city = make_staff("5110", username="nj-staff")
    client.force_login(city)
    figures = dict(
        (k, n) for k, _, n in client.get(reverse("stations:activity")).context["figures"]
    )
    assert figures["job_found"] == 1 and figures["legal_aid"] == 0
    rows = client.get(reverse("stations:activity-rows") + "?kind=job_found")
    assert rows.context["total"] == 1
    # They cannot create or edit stations, nor see another city's.
    client.force_login(user)
    assert client.post(reverse("stations:create"), {"name": "x"}).status_code == 403
    other = _station(region_id="321302001")
    assert client.get(reverse("stations:detail", args=[other.pk])).status_code == 404


def test_circle_counts_recorded_services_only_of_the_area(db):
    own = _station(region_id="321302001")
    sibling = _station(region_id="321302002")
    staff = make_staff("321302001", username="town")
    today = timezone.localdate()
    with area_scope("321302001"):
        for kind in ("needs_survey", "needs_survey", "match"):
            services.record_service(own, kind=kind, on=today, by=staff)
    with pytest.raises(PermissionDenied):
        services.record_service(sibling, kind="match", on=today, by=staff)
    with area_scope("321302"):
        figures = {k: n for k, _, n in services.circle(today)}
    assert figures["needs_survey"] == 2 and figures["match"] == 1 and figures["guidance"] == 0
    with area_scope("321302002"):
        assert all(n == 0 for _, _, n in services.circle(today))
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    with area_scope("321302"):
        assert all(n == 0 for _, _, n in services.circle(last_month))
        assert StationService.objects.count() == 3


def test_only_area_admins_create_stations(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    staff = make_staff("321302", username="county-staff")
    client.force_login(staff)
    page = client.get(reverse("stations:create"))
    assert page.status_code == 200 and page.context["admin"] is False
    data = {"name": "宿城区服务中心", "kind": "county", "region": "321302", "address": "路1号"}
    assert client.post(reverse("stations:create"), data).status_code == 403
    admin = make_staff("321302", role=Role.ADMIN, username="county-admin2")
    client.force_login(admin)
    bad = client.post(reverse("stations:create"), {**data, "latitude": "120", "longitude": "33"})
    assert bad.status_code == 200 and "latitude" in bad.context["form"].errors
    assert client.post(reverse("stations:create"), data).status_code == 302
    outside = client.post(reverse("stations:create"), {**data, "region": "321311"})
    assert outside.status_code == 200
    with unscoped():
        assert Station.objects.filter(name="宿城区服务中心").count() == 1


def test_stations_near_a_person(db):
    village = _station(name="村站", kind="village", region_id="321302001001")
    town = _station(name="镇中心", region_id="321302001")
    county = _station(name="区中心", kind="county", region_id="321302")
    _station(name="别区", kind="county", region_id="321311")
    found = [s for s, _label, _km in services.near("321302001001")]
    assert found == [village, town, county]
