"""The out-of-city station's staff accounts page (/stations/<pk>/accounts): the area's
administrators create an account with a one-time password (changed at the first sign-in) and
switch accounts off; others of the area read the list; a town clerk, an outsider and another
county's station are refused; every step audited."""

import pytest
from django.urls import reverse

from homeward.accounts.models import Role, User
from homeward.audit.models import AuditEvent
from homeward.scoping import PlacedArea, area_of, unscoped
from homeward.stations import services
from homeward.stations.models import Station
from tests.factories import COUNTY, COUNTY_B, TOWN, make_staff

pytestmark = pytest.mark.django_db

SUZHOU = "3205"


def _out_of_city(region=COUNTY, **fields):
    fields.setdefault("name", "宿城驻苏州服务站")
    with unscoped():
        return Station.objects.create(
            kind="out_of_city", region_id=region, place_id=SUZHOU, address="苏州路1号", **fields
        )


@pytest.fixture
def station(db):
    return _out_of_city()


@pytest.fixture
def county_admin(db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    return make_staff(COUNTY, role=Role.ADMIN, username="county-admin")


def _url(station):
    return reverse("stations:accounts", args=[station.pk])


def _create(client, station, username="sz-wang"):
    return client.post(
        _url(station),
        {"action": "create", "username": username, "family_name": "王", "given_name": "芳"},
    )


def test_an_administrator_creates_an_account_with_a_one_time_password(
    client, station, county_admin
):
    client.force_login(county_admin)
    response = _create(client, station)
    assert response.status_code == 200
    user, password = response.context["created"]
    assert password in response.content.decode()
    assert "no-store" in response["Cache-Control"]  # the password is kept by no cache
    user = User.objects.get(pk=user.pk)
    assert user.region_id is None and user.role == Role.STAFF and user.check_password(password)
    assert list(station.staff.all()) == [user]
    assert user.password_expired()  # the first sign-in goes to changing it
    area = area_of(user)
    assert isinstance(area, PlacedArea) and (area.home, area.place) == (COUNTY, SUZHOU)
    event = AuditEvent.objects.get(action="stations.staff.added")
    assert event.detail == {"user": "sz-wang", "one_time_password": True}
    assert password not in str(event.detail)
    # The list shows the account, and not the password again.
    page = client.get(_url(station)).content.decode()
    assert "sz-wang" in page and password not in page


def test_the_first_sign_in_asks_for_a_new_password(client, station, county_admin):
    client.force_login(county_admin)
    user, password = _create(client, station).context["created"]
    client.logout()
    client.force_login(User.objects.get(pk=user.pk))
    response = client.get(reverse("stations:list"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password-change"
    )


def test_a_taken_user_name_is_refused_on_its_field(client, station, county_admin):
    client.force_login(county_admin)
    response = _create(client, station, username="county-admin")
    assert response.status_code == 200 and response.context["form"].errors["username"]
    assert not station.staff.exists()
    response = _create(client, station, username="bad name!")
    assert response.context["form"].errors["username"]


def test_an_administrator_switches_an_account_off(client, station, county_admin):
    client.force_login(county_admin)
    user, _password = _create(client, station).context["created"]
    response = client.post(_url(station), {"action": "deactivate", "user": user.pk})
    assert response.status_code == 302
    assert not User.objects.get(pk=user.pk).is_active
    assert AuditEvent.objects.filter(action="stations.staff.deactivated").exists()
    # Only the station's own accounts: a county user is not one of them.
    response = client.post(_url(station), {"action": "deactivate", "user": county_admin.pk})
    assert response.status_code == 404 and User.objects.get(pk=county_admin.pk).is_active
    assert client.post(_url(station), {"action": "deactivate", "user": "x"}).status_code == 404


def test_staff_of_the_area_read_but_cannot_change(client, station, county_staff, leader):
    for user in (county_staff, leader):
        client.force_login(user)
        response = client.get(_url(station))
        assert response.status_code == 200 and not response.context["admin"]
        assert _create(client, station).status_code == 403
    assert not station.staff.exists()
    assert AuditEvent.objects.filter(action="stations.write.refused").count() == 2


def test_a_town_clerk_and_an_outsider_cannot(client, station, outsider, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    town_admin = make_staff(TOWN, role=Role.ADMIN, username="town-admin")
    town_clerk = make_staff(TOWN, username="town-clerk")
    county_b_admin = make_staff(COUNTY_B, role=Role.ADMIN, username="county-b-admin")
    for user in (town_admin, town_clerk, outsider, county_b_admin):
        client.force_login(user)
        assert client.get(_url(station)).status_code == 404
        assert _create(client, station).status_code == 404
    assert not station.staff.exists()
    # The service refuses them too, whatever door they come by.
    with pytest.raises(services.PermissionDenied):
        services.add_out_of_city_staff(
            station, username="x", family_name="x", given_name="x", password="x", by=town_admin
        )


def test_another_countys_station_is_not_found(client, county_admin):
    theirs = _out_of_city(region=COUNTY_B, name="宿豫驻苏州服务站")
    client.force_login(county_admin)
    assert client.get(_url(theirs)).status_code == 404
    assert _create(client, theirs).status_code == 404


def test_the_page_is_only_for_out_of_city_stations(client, county_admin):
    with unscoped():
        centre = Station.objects.create(
            name="宿城区就业服务中心", kind="county", region_id=COUNTY, address="x"
        )
    client.force_login(county_admin)
    assert client.get(_url(centre)).status_code == 404


def test_the_stations_own_staff_cannot_manage_accounts(client, station, county_admin):
    client.force_login(county_admin)
    user, _password = _create(client, station).context["created"]
    own = User.objects.get(pk=user.pk)
    own.password_changed_at = None
    own.save()
    client.force_login(own)
    assert client.get(_url(station)).status_code == 200  # their station, read-only
    assert _create(client, station, username="another").status_code == 403
