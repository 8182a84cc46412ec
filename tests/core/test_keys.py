"""S13: `homeward keys rotate` moves personal data to a new key; lookups keep working."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

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
    assert Fernet(new.encode()).decrypt(raw.encode()).decode() == PHONE
    assert User.objects.get(**hash_filter(User, "phone", "138-1234-5678")) == user

    settings.FIELD_ENCRYPTION_KEYS = [other]
    with pytest.raises(ValueError):
        User.objects.get(pk=user.pk).phone  # noqa: B018


def test_generate_prints_a_usable_key():
    out = io.StringIO()
    call_command("keys", "generate", stdout=out)
    Fernet(out.getvalue().strip().encode())
