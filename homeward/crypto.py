"""Personal data at rest and on screen: encrypted fields, keyed lookup hashes, masking (S12, S13).

`EncryptedField` stores Fernet ciphertext (AES-128-CBC + HMAC-SHA256); the newest key in
FIELD_ENCRYPTION_KEYS encrypts and every listed key decrypts, so keys rotate without downtime
(`homeward keys rotate` re-encrypts). Ciphertext cannot be searched, so each encrypted field that
needs exact lookup or deduplication has a `LookupHashField` beside it: HMAC-SHA256 under a separate
key of the *normalised* value, so "４３０３８１…" typed full-width and "430381…" are one person.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import re
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

ID_NUMBER = "id_number"
PHONE = "phone"
BANK_ACCOUNT = "bank_account"
TEXT = "text"
KINDS = (ID_NUMBER, PHONE, BANK_ACCOUNT, TEXT)


# Normalisation: one written form per value, before hashing and encrypting.


def _ascii_compact(value: str) -> str:
    """Full-width to half-width, and drop spaces, dashes, apostrophes and other separators."""
    value = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s\-'‘’\"`_.·]", "", value)


def normalize_id_number(value: str) -> str:
    return _ascii_compact(value).upper()


def normalize_phone(value: str) -> str:
    digits = re.sub(r"\D", "", _ascii_compact(value))
    for prefix in ("0086", "86"):
        if len(digits) == len(prefix) + 11 and digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits


def normalize_bank_account(value: str) -> str:
    return re.sub(r"\D", "", _ascii_compact(value))


NORMALIZERS = {
    ID_NUMBER: normalize_id_number,
    PHONE: normalize_phone,
    BANK_ACCOUNT: normalize_bank_account,
    TEXT: lambda value: str(value).strip(),
}


# Masking: what a screen, an export or a log line shows to a role that may not see the value.


def mask_id_number(value: str) -> str:
    """430381199001011234 → 430381********1234."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_bank_account(value: str) -> str:
    """6222021234567891234 → 6222***********1234."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


MASKERS = {
    ID_NUMBER: mask_id_number,
    PHONE: mask_phone,
    BANK_ACCOUNT: mask_bank_account,
    TEXT: lambda value: "*" * min(len(value or ""), 6),
}


def mask(kind: str, value: str | None) -> str:
    return MASKERS[kind](value or "")


_ID_IN_TEXT = re.compile(r"(?<![0-9])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9])")
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])(1[3-9]\d)\d{4}(\d{4})(?![0-9])")


def mask_text(text: str) -> str:
    """Mask every ID number and mobile number found in free text (for log lines)."""
    text = _ID_IN_TEXT.sub(lambda m: m.group(1) + "********" + m.group(2), text)
    return _PHONE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(2), text)


class MaskingLogFilter(logging.Filter):
    """Keeps full ID and phone numbers out of every log line (S12)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


# Keys.


@functools.cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


@functools.cache
def _hash_key() -> bytes:
    return settings.FIELD_HASH_KEY.encode()


@receiver(setting_changed)
def _forget_keys(setting, **kwargs):
    if setting in {"FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"}:
        _fernet.cache_clear()
        _hash_key.cache_clear()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("personal data cannot be decrypted with the configured keys") from error


def reencrypt(token: str) -> str:
    """The same value under the newest key."""
    return _fernet().rotate(token.encode()).decode()


def lookup_hash(kind: str, value: str | None) -> str:
    """Keyed hash of the normalised value: equal for equal people, useless without the key."""
    if value is None or value == "":
        return ""
    normalized = NORMALIZERS[kind](value)
    digest = hmac.new(_hash_key(), f"{kind}:{normalized}".encode(), hashlib.sha256)
    return digest.hexdigest()


def lookup_hashes(kind: str, values: list[str | None]) -> list[str]:
    """`[lookup_hash(kind, v) for v in values]`, for imports of many rows: the key is set up once.

    An ID number already written in plain ASCII letters and digits normalises to itself in
    upper case, so the normaliser's Unicode pass is skipped for it.
    """
    base = hmac.new(_hash_key(), digestmod=hashlib.sha256)
    normalize = NORMALIZERS[kind]
    prefix = f"{kind}:"
    plain_ids = kind == ID_NUMBER
    found = []
    for value in values:
        if value is None or value == "":
            found.append("")
            continue
        if plain_ids and value.isascii() and value.isalnum():
            normalized = value.upper()
        else:
            normalized = normalize(value)
        digest = base.copy()
        digest.update(f"{prefix}{normalized}".encode())
        found.append(digest.hexdigest())
    return found


# Model fields.


class EncryptedField(models.TextField):
    """A personal-data value stored encrypted; reads give the plaintext, normalised for `kind`."""

    def __init__(self, *args, kind: str = TEXT, **kwargs):
        if kind not in KINDS:
            raise ValueError(f"unknown kind of personal data: {kind}")
        self.kind = kind
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return ""
        return encrypt(NORMALIZERS[self.kind](value))

    def get_lookup(self, lookup_name):
        if lookup_name not in {"isnull", "exact"}:
            raise TypeError(
                f"an encrypted field cannot be searched with '{lookup_name}': "
                "filter on its lookup hash instead"
            )
        return super().get_lookup(lookup_name)

    def mask(self, value: str | None) -> str:
        return mask(self.kind, value)


class LookupHashField(models.CharField):
    """The keyed hash of an `EncryptedField` on the same model, kept in step on every save."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key in ("max_length", "editable", "blank", "default", "db_index"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        kind = model_instance._meta.get_field(self.source).kind
        value = lookup_hash(kind, getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def hash_filter(model, field: str, value: str) -> dict[str, str]:
    """`Model.objects.filter(**hash_filter(Model, "phone", raw))` finds rows by exact value."""
    source = model._meta.get_field(field)
    hash_field = next(
        f for f in model._meta.fields if isinstance(f, LookupHashField) and f.source == field
    )
    return {hash_field.name: lookup_hash(source.kind, value)}


def encrypted_fields(model) -> list[EncryptedField]:
    return [f for f in model._meta.fields if isinstance(f, EncryptedField)]


def rotate_keys(stdout=None) -> int:
    """Re-encrypt every encrypted value under the newest key and recompute every lookup hash."""
    from django.apps import apps
    from django.db import transaction

    rows = 0
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if not fields:
            continue
        hashes = [f for f in model._meta.fields if isinstance(f, LookupHashField)]
        names = [f.name for f in fields] + [f.name for f in hashes]
        with transaction.atomic():
            for obj in model._base_manager.only("pk", *names).iterator(chunk_size=2000):
                for hash_field in hashes:
                    hash_field.pre_save(obj, add=False)
                model._base_manager.filter(pk=obj.pk).update(
                    **{name: getattr(obj, name) for name in names}
                )
                rows += 1
        if stdout:
            stdout.write(f"{model._meta.label}: re-encrypted")
    return rows
