"""A name typed at sign-in that holds a phone or ID number is counted by django-axes under its
keyed hash (accounts/lockout.py): axes' table holds no full number, and every written form of
the number counts towards one lockout."""

from axes.models import AccessAttempt
from django.urls import reverse

from homeward.accounts.services import unlock_user
from tests.factories import PASSWORD, make_staff
from tests.leaks import phone_forms


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_phone_typed_as_a_name_is_counted_under_a_hash_in_every_form(client, db, settings):
    user = make_staff("321302", username="13812345678")  # someone's name is their number
    forms = phone_forms("13812345678")
    for form in forms[: settings.AXES_FAILURE_LIMIT]:
        _login(client, form, "wrong")
    names = set(AccessAttempt.objects.values_list("username", flat=True))
    assert len(names) == 1 and next(iter(names)).startswith("#")
    assert _login(client, "13812345678", PASSWORD).status_code == 429  # locked, whatever form
    unlock_user(user, by=make_staff("3213", role="admin", username="city-admin"))
    assert _login(client, "13812345678", PASSWORD).status_code == 302


def test_ordinary_names_are_kept_as_typed(client, db):
    make_staff("321302", username="county")
    _login(client, "county", "wrong")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["county"]
