"""Password rules (S2): length, common passwords, character classes, rotation; Argon2 hashing."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from homeward.accounts.passwords import character_classes
from tests.factories import PASSWORD, make_staff


@pytest.mark.parametrize(
    "password, ok",
    [
        ("Short1!", False),  # too short
        ("password1234", False),  # common, and two classes only
        ("12345678901234", False),  # numeric
        ("alllowercaseletters", False),  # one class
        ("lowerUPPERonly", False),  # two classes
        ("Lower-upper-7", True),
        ("春风行动Spring2026", True),  # Chinese characters count as "other"
    ],
)
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_complexity_is_configurable(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "homeward.accounts.passwords.CharacterClassValidator",
            "OPTIONS": {"min_classes": 2},
        }
    ]
    validate_password("lowerUPPERonly")


def test_character_classes():
    assert character_classes("abc") == 1
    assert character_classes("aB3") == 3
    assert character_classes("aB3#") == 4


def test_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = make_staff("3213")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


def test_expired_password_must_be_changed_first(client, db, settings):
    user = make_staff("321302", username="county")
    user.password_changed_at = timezone.now() - datetime.timedelta(
        days=settings.PASSWORD_MAX_AGE_DAYS + 1
    )
    user.save()
    client.force_login(user)
    response = client.get(reverse("regions:detail", args=["321302"]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password-change"
    )
    client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Fresh-Passw0rd",
            "new_password2": "Fresh-Passw0rd",
        },
    )
    assert client.get(reverse("regions:detail", args=["321302"])).status_code == 200


def test_rotation_can_be_turned_off(db, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    user = make_staff("321302")
    user.password_changed_at = timezone.now() - datetime.timedelta(days=1000)
    assert not user.password_expired()
