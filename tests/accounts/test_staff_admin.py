"""S8: an area admin manages users only inside their own subtree."""

import pytest
from django.urls import reverse

from homeward.accounts.models import User
from homeward.audit.models import AuditEvent
from tests.factories import make_staff


@pytest.fixture
def county_admin(client, db, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    admin = make_staff("321302", role="admin", username="county-admin")
    client.force_login(admin)
    return admin


def _new_user(region, username="newbie"):
    return {
        "username": username,
        "password1": "Good-Passw0rd!",
        "password2": "Good-Passw0rd!",
        "usable_password": "true",
        "last_name": "张",
        "first_name": "三",
        "new_phone": "",
        "region": region,
        "role": "staff",
    }


def test_county_admin_creates_a_user_in_a_town_of_the_county(client, county_admin):
    response = client.post(reverse("admin:accounts_user_add"), _new_user("321302001"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="newbie")
    assert user.region_id == "321302001"
    event = AuditEvent.objects.get(action="accounts.user.created")
    assert event.actor_name == "county-admin" and event.region_code == "321302001"


@pytest.mark.parametrize("region", ["321311", "3213", "321311001001"])
def test_county_admin_cannot_assign_a_region_outside_the_county(client, county_admin, region):
    response = client.post(reverse("admin:accounts_user_add"), _new_user(region))
    assert response.status_code == 200
    assert not User.objects.filter(username="newbie").exists()


def test_county_admin_cannot_move_a_user_out_of_the_county(client, county_admin):
    user = make_staff("321302001", username="townie")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {
        "username": "townie",
        "last_name": "",
        "first_name": "",
        "email": "",
        "new_phone": "",
        "region": "321311",
        "role": "staff",
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.region_id == "321302001"


def test_county_admin_cannot_make_a_superuser(client, county_admin):
    user = make_staff("321302001", username="townie")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {
        "username": "townie",
        "region": "321302001",
        "role": "staff",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
    }
    client.post(url, data)
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff


def test_phone_is_stored_encrypted_and_shown_masked(client, county_admin):
    data = _new_user("321302001") | {"new_phone": "+86 138-1234-5678"}
    client.post(reverse("admin:accounts_user_add"), data)
    user = User.objects.get(username="newbie")
    assert user.phone == "13812345678"
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "138****5678" in page and "13812345678" not in page
