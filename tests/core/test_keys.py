"""S13: `homeward keys rotate` moves personal data to a new key; lookups keep working."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from homeward import crypto
from homeward.accounts.models import User
from homeward.crypto import hash_filter
from tests.factories import make_staff

PHONE = "13812345678"


def test_rotate_re_encrypts_under_the_new_key(db, settings):
    old, new, other = (Fernet.generate_key().decode() for _ in range(3))
    settings.FIELD_ENCRYPTION_KEYS = [old]
    user = make_staff("3213", phone=PHONE)

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("keys", "rotate", stdout=out)
    assert "re-encrypted" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert User.objects.get(pk=user.pk).phone == PHONE
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone FROM {User._meta.db_table} WHERE id = %s", [user.pk])
        (raw,) = cursor.fetchone()
    assert PHONE not in raw
    assert crypto.token_format(raw) == ("gcm", crypto.key_id(new))
    assert crypto.decrypt(raw) == PHONE
    assert User.objects.get(**hash_filter(User, "phone", "138-1234-5678")) == user

    settings.FIELD_ENCRYPTION_KEYS = [other]
    with pytest.raises(ValueError):
        User.objects.get(pk=user.pk).phone  # noqa: B018


def test_generate_prints_a_usable_key():
    out = io.StringIO()
    call_command("keys", "generate", stdout=out)
    Fernet(out.getvalue().strip().encode())


def _raw_phone(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone FROM {User._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _store_raw_phone(pk: int, token: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {User._meta.db_table} SET phone = %s WHERE id = %s", [token, pk])


def test_rotate_converts_old_fernet_values_to_the_new_format(db, settings):
    old, new = (Fernet.generate_key().decode() for _ in range(2))
    settings.FIELD_ENCRYPTION_KEYS = [old]
    fernet_user = make_staff("3213", phone=PHONE)
    _store_raw_phone(fernet_user.pk, Fernet(old.encode()).encrypt(PHONE.encode()).decode())
    gcm_user = make_staff("3213", username="second", phone="13900139000")  # new format, old key
    assert crypto.token_format(_raw_phone(gcm_user.pk)) == ("gcm", crypto.key_id(old))
    assert User.objects.get(pk=fernet_user.pk).phone == PHONE  # the old format still reads

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("keys", "rotate", stdout=io.StringIO())

    settings.FIELD_ENCRYPTION_KEYS = [new]
    for user, phone in ((fernet_user, PHONE), (gcm_user, "13900139000")):
        raw = _raw_phone(user.pk)
        assert crypto.token_format(raw) == ("gcm", crypto.key_id(new))
        assert User.objects.get(pk=user.pk).phone == phone
        assert User.objects.get(**hash_filter(User, "phone", phone)) == user


def test_a_value_under_a_dropped_key_is_refused_naming_the_key(db, settings):
    old, new = (Fernet.generate_key().decode() for _ in range(2))
    settings.FIELD_ENCRYPTION_KEYS = [old]
    user = make_staff("3213", phone=PHONE)
    settings.FIELD_ENCRYPTION_KEYS = [new]  # dropped before `keys rotate`
    with pytest.raises(crypto.UnknownKeyError, match=crypto.key_id(old)):
        User.objects.get(pk=user.pk).phone  # noqa: B018
