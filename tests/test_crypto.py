"""S12/S13: personal data encrypted at rest, found by keyed hash, masked on screen and in logs."""

import base64
import logging

import pytest
from django.db import connection

from homeward import crypto
from homeward.accounts.models import User
from homeward.crypto import hash_filter, lookup_hash, mask_id_number, mask_phone, mask_text
from tests.factories import make_staff
from tests.leaks import id_forms, phone_forms


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


# Every written form (issue 10): one mask_text for logs, audit details, result sheets and tasks.

_ID = "43038119900101123X"
_PHONE = "13812345678"


@pytest.mark.parametrize(
    "written",
    [
        *phone_forms(_PHONE),
        "138.1234.5678",
        "q=138%201234%205678",
        "tel:+86_138_1234_5678",
    ],
)
def test_a_phone_is_masked_in_every_written_form(written):
    masked = mask_text(f"电话：{written}。")
    assert masked.startswith("电话：") and masked.endswith("。")
    assert "138****5678" in masked and not crypto.personal_numbers(masked)
    assert crypto.personal_numbers(written) == {(crypto.PHONE, _PHONE)}


@pytest.mark.parametrize(
    "written",
    [
        *id_forms(_ID),
        "430381 19900101 123X",
        "430381-1990-0101-123x",
    ],
)
def test_an_id_number_is_masked_in_every_written_form(written):
    masked = mask_text(f"身份证 {written} 已登记")
    assert "430381********123X" in masked and not crypto.personal_numbers(masked)
    assert masked.endswith(" 已登记")


def test_a_first_generation_id_number_is_masked():
    assert mask_text("老证 321302670304123") == "老证 321302*****4123"


@pytest.mark.parametrize(
    "text",
    [
        "订单 20261128123456789012",
        "2026-12-02 01:48:04,123 GET /workers/?page=13",
        "from 192.168.100.123 in 1234567 ms",
        "共 12345 行，第 138 行有误",
        "流水号 123456789012345",
    ],
)
def test_other_numbers_stay(text):
    assert mask_text(text) == text


def test_mask_value_walks_structures_and_collects_what_it_masked():
    found = set()
    value = {"q": f"+86 {_PHONE}", "ids": [_ID.lower()], _PHONE: 1, "n": int(_PHONE), "ok": 3}
    masked = crypto.mask_value(value, found)
    assert masked == {
        "q": "+86 138****5678",
        "ids": ["430381********123X"],
        "138****5678": 1,
        "n": "138****5678",
        "ok": 3,
    }
    assert found == {(crypto.PHONE, _PHONE), (crypto.ID_NUMBER, _ID)}


def test_a_log_record_is_masked_with_its_traceback_stack_and_extras(caplog):
    logger = logging.getLogger("homeward.test.records")
    with caplog.at_level(logging.INFO):
        try:
            raise ValueError(f"bad row {_ID} {_PHONE}")
        except ValueError:
            logger.exception("row %s", "+86 138-1234-5678", extra={"who": _ID})
        logger.info("stack %s", _PHONE, stack_info=True)
    failed, stacked = caplog.records
    assert failed.exc_info is None  # the live exception, with the values in its frames, is gone
    assert "430381********123X 138****5678" in failed.exc_text
    assert failed.getMessage() == "row +86 138****5678" and failed.who == "430381********123X"
    assert _PHONE not in stacked.getMessage() and stacked.stack_info
    assert _PHONE not in caplog.text and _ID not in caplog.text


def test_every_logger_masks_without_the_filter(caplog):
    """The masking is installed at logging's set-up (settings.LOGGING_CONFIG), for every
    handler: pytest's own here, which has no filter."""
    assert getattr(logging.Logger.makeRecord, "masks_personal_data", False)
    with caplog.at_level(logging.INFO):
        logging.getLogger("somewhere.else").info("%s", {"phone": _PHONE})
    assert "138****5678" in caplog.text and _PHONE not in caplog.text


def test_task_arguments_with_a_number_are_refused():
    crypto.refuse_personal_numbers([1, "321302", {"page": 2}], "arguments")
    with pytest.raises(ValueError, match="arguments"):
        crypto.refuse_personal_numbers({"kwargs": {"q": "138 1234 5678"}}, "arguments")


# The two stored formats: AES-256-GCM written, Fernet still read.


def test_new_values_are_aes_gcm_under_the_first_key(settings):
    from cryptography.fernet import Fernet

    first, second = (Fernet.generate_key().decode() for _ in range(2))
    settings.FIELD_ENCRYPTION_KEYS = [first, second]
    token = crypto.encrypt("13812345678")
    assert token.startswith(f"g1${crypto.key_id(first)}$")
    assert crypto.token_format(token) == ("gcm", crypto.key_id(first))
    assert crypto.decrypt(token) == "13812345678"
    assert crypto.is_current(token)
    sealed = crypto.encryptor()
    assert crypto.decrypt(sealed("430381199001011234")) == "430381199001011234"
    settings.FIELD_ENCRYPTION_KEYS = [second, first]  # an older key still reads
    assert crypto.decrypt(token) == "13812345678" and not crypto.is_current(token)


def test_the_aes_key_is_derived_from_the_configured_key_with_hkdf(settings):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.hashes import SHA256
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [key]
    token = crypto.encrypt("13812345678")
    header, body = token.rsplit("$", 1)
    aes = HKDF(
        algorithm=SHA256(),
        length=32,
        salt=b"homeward field encryption",
        info=b"AES-256-GCM field key v1",
    ).derive(base64.urlsafe_b64decode(key))
    sealed = base64.urlsafe_b64decode(body)
    plain = AESGCM(aes).decrypt(sealed[:12], sealed[12:], (header + "$").encode())
    assert plain == b"13812345678"


def test_fernet_values_written_before_are_read(settings):
    from cryptography.fernet import Fernet

    old, new = (Fernet.generate_key().decode() for _ in range(2))
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    token = Fernet(old.encode()).encrypt(b"430381199001011234").decode()
    assert crypto.token_format(token) == ("fernet", None)
    assert crypto.decrypt(token) == "430381199001011234"
    assert not crypto.is_current(token)
    again = crypto.reencrypt(token)
    assert crypto.token_format(again) == ("gcm", crypto.key_id(new))
    assert crypto.decrypt(again) == "430381199001011234"


def _flipped(token: str, at: int) -> str:
    char = "A" if token[at] != "A" else "B"
    return token[:at] + char + token[at + 1 :]


def test_a_tampered_aes_gcm_value_is_refused(settings):
    from cryptography.fernet import Fernet

    first, second = (Fernet.generate_key().decode() for _ in range(2))
    settings.FIELD_ENCRYPTION_KEYS = [first, second]
    token = crypto.encrypt("13812345678")
    for at in (len(token) - 5, len(token) - 30, token.rindex("$") + 2):
        with pytest.raises(ValueError, match="altered"):
            crypto.decrypt(_flipped(token, at))
    with pytest.raises(ValueError, match="altered"):
        crypto.decrypt(token[:-8])  # cut short
    moved = token.replace(crypto.key_id(first), crypto.key_id(second), 1)
    with pytest.raises(ValueError, match="altered"):
        crypto.decrypt(moved)  # relabelled to another configured key


def test_a_value_under_an_unknown_key_is_refused_with_its_key_id(settings):
    from cryptography.fernet import Fernet

    gone, kept = (Fernet.generate_key().decode() for _ in range(2))
    settings.FIELD_ENCRYPTION_KEYS = [gone]
    token = crypto.encrypt("13812345678")
    settings.FIELD_ENCRYPTION_KEYS = [kept]
    with pytest.raises(crypto.UnknownKeyError, match=crypto.key_id(gone)) as refused:
        crypto.decrypt(token)
    assert "HOMEWARD_FIELD_KEYS" in str(refused.value)


def test_an_encryptor_never_reuses_a_nonce():
    seal = crypto.encryptor()
    bodies = [base64.urlsafe_b64decode(seal("13812345678").rsplit("$", 1)[1]) for _ in range(3000)]
    assert len({body[:12] for body in bodies}) == 3000  # past one bulk draw of nonces


def test_names_are_masked_by_the_one_masking_rule():
    from homeward import crypto

    assert crypto.mask("name", "张三") == "张*"
    assert crypto.mask("name", "欧阳娜娜") == "欧***"
    assert crypto.mask("name", "王") == "王*" and crypto.mask("name", "") == ""
