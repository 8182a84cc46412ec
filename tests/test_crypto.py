"""S12/S13: personal data encrypted at rest, found by keyed hash, masked on screen and in logs."""

import logging

import pytest
from django.db import connection

from homeward import crypto
from homeward.accounts.models import User
from homeward.crypto import hash_filter, lookup_hash, mask_id_number, mask_phone, mask_text
from tests.factories import make_staff


def test_round_trip_and_no_plaintext_in_the_database(db):
    user = make_staff("3213", phone="138 1234 5678")
    assert User.objects.get(pk=user.pk).phone == "13812345678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_hash FROM accounts_user WHERE id = %s", [user.pk])
        raw, digest = cursor.fetchone()
    assert "13812345678" not in raw and "5678" not in raw
    assert digest == lookup_hash(crypto.PHONE, "13812345678")


def test_lookup_by_hash_finds_every_written_form(db):
    user = make_staff("3213", phone="13812345678")
    for form in ("13812345678", "+86 138-1234-5678", "１３８１２３４５６７８", "0086 13812345678"):
        assert User.objects.get(**hash_filter(User, "phone", form)) == user


def test_equal_values_hash_equal_and_kinds_do_not_collide():
    assert lookup_hash(crypto.ID_NUMBER, "43038119900101123x") == lookup_hash(
        crypto.ID_NUMBER, " 430381 19900101 123X "
    )
    assert lookup_hash(crypto.ID_NUMBER, "13812345678") != lookup_hash(crypto.PHONE, "13812345678")


def test_hash_depends_on_the_key(settings):
    before = lookup_hash(crypto.PHONE, "13812345678")
    settings.FIELD_HASH_KEY = "another key"
    assert lookup_hash(crypto.PHONE, "13812345678") != before


def test_ciphertext_is_randomised():
    assert crypto.encrypt("13812345678") != crypto.encrypt("13812345678")


def test_encrypted_fields_cannot_be_searched_by_content(db):
    with pytest.raises(TypeError):
        User.objects.filter(phone__contains="1381")


def test_masking():
    assert mask_id_number("430381199001011234") == "430381********1234"
    assert mask_id_number("430381900101123") == "430381*****1123"
    assert mask_phone("13812345678") == "138****5678"
    assert crypto.mask_bank_account("6222021234567891234") == "6222***********1234"
    assert mask_id_number("") == "" and mask_phone(None or "") == ""


def test_log_lines_are_masked(caplog):
    logger = logging.getLogger("homeward.test")
    logger.addFilter(crypto.MaskingLogFilter())
    with caplog.at_level(logging.INFO):
        logger.info("worker %s phone %s", "43038119900101123X", "13812345678")
    assert "43038119900101123X" not in caplog.text and "13812345678" not in caplog.text
    assert "430381********123X" in caplog.text and "138****5678" in caplog.text
    assert mask_text("订单 20261128123456789012") == "订单 20261128123456789012"  # 20 digits
