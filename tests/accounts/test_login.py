"""Signing in: lockout (S3), sessions (S4), CSRF, the audit rows they write (S15)."""

import datetime

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from homeward.accounts.services import unlock_user
from homeward.audit.models import AuditEvent
from tests.factories import PASSWORD, make_staff


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_signs_in_and_shows_area_and_role(client, db):
    make_staff("321302001001", username="villager")
    response = _login(client, "villager", PASSWORD)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert "凤凰居委会" in home.content.decode()
    assert AuditEvent.objects.filter(action="accounts.login", actor_name="villager").count() == 1


def test_wrong_password_is_refused_and_audited(client, db):
    make_staff("321302", username="county")
    response = _login(client, "county", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="accounts.login.failed")
    assert event.result == "failed" and event.object_repr == "county" and event.ip == "127.0.0.1"
    assert event.region_code == "321302"


def test_lockout_refuses_the_right_password_after_repeated_failures(client, db, settings):
    make_staff("321302", username="county")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "county", "wrong")
    response = _login(client, "county", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.locked_out").exists()


def test_lockout_ends_after_cool_off(client, db, settings):
    make_staff("321302", username="county")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "county", "wrong")
    with _later(settings.AXES_COOLOFF_TIME.total_seconds() + 60):
        assert _login(client, "county", PASSWORD).status_code == 302


def test_admin_unlocks_and_it_is_audited(client, db, settings):
    user = make_staff("321302", username="county")
    admin = make_staff("3213", role="admin", username="city-admin")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "county", "wrong")
    unlock_user(user, by=admin)
    assert _login(client, "county", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="accounts.user.unlocked")
    assert event.actor_name == "city-admin" and event.object_id == str(user.pk)


def test_logout_deletes_the_session_and_a_replayed_cookie_is_refused(client, db):
    make_staff("321302", username="county")
    _login(client, "county", PASSWORD)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = cookie
    response = replay.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_idle_session_expires(client, db, settings):
    make_staff("321302", username="county")
    _login(client, "county", PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    with _later(settings.SESSION_IDLE_SECONDS + 5):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="accounts.session.expired").exists()


def test_session_ends_at_its_absolute_lifetime_even_when_busy(client, db, settings):
    make_staff("321302", username="county")
    settings.SESSION_COOKIE_AGE = 3600
    _login(client, "county", PASSWORD)
    step = settings.SESSION_IDLE_SECONDS - 60
    elapsed = 0
    while elapsed + step < settings.SESSION_COOKIE_AGE:
        elapsed += step
        with _later(elapsed):
            assert client.get(reverse("home")).status_code == 200
    with _later(settings.SESSION_COOKIE_AGE + 1):
        assert client.get(reverse("home")).status_code == 302


def test_posts_without_csrf_token_are_refused(db):
    make_staff("321302", username="county")
    client = Client(enforce_csrf_checks=True)
    response = _login(client, "county", PASSWORD)
    assert response.status_code == 403


def test_next_parameter_does_not_leave_the_site(client, db):
    make_staff("321302", username="county")
    response = client.post(
        reverse("accounts:login") + "?next=//evil.example/",
        {"username": "county", "password": PASSWORD, "next": "//evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def _later(seconds):
    """A fake clock `seconds` from now."""
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=False)
