"""Personal data at rest and on screen: encrypted fields, keyed lookup hashes, masking (S12, S13).

`EncryptedField` stores AES-256-GCM ciphertext tagged with its key's id (older values: Fernet,
AES-128-CBC + HMAC-SHA256, still read; see "Keys and the two stored formats" below); the first
key in FIELD_ENCRYPTION_KEYS encrypts and every listed key decrypts, so keys rotate without
downtime (`homeward keys rotate` re-encrypts). Ciphertext cannot be searched, so each encrypted field that
needs exact lookup or deduplication has a `LookupHashField` beside it: HMAC-SHA256 under a separate
key of the *normalised* value, so "４３０３８１…" typed full-width and "430381…" are one person.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import logging
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
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
    return _without_country_code(re.sub(r"\D", "", _ascii_compact(value)))


def _without_country_code(digits: str) -> str:
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


def normalized_many(kind: str, values: list[str | None]) -> list[str]:
    """`[NORMALIZERS[kind](v) for v in values]` ("" for a missing value), for many rows: a value
    already in plain ASCII letters and digits skips the Unicode pass (an ID number normalises to
    itself in upper case, a phone number's digits only lose a country code)."""
    normalize = NORMALIZERS[kind]
    found = []
    for value in values:
        if value is None or value == "":
            found.append("")
        elif kind == ID_NUMBER and value.isascii() and value.isalnum():
            found.append(value.upper())
        elif kind == PHONE and value.isascii() and value.isdigit():
            found.append(_without_country_code(value))
        else:
            found.append(normalize(value))
    return found


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


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: a person's name where others may read it (a fair's
    attendees, a subsidy's public notice)."""
    name = (value or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


MASKERS = {
    "name": mask_name,
    ID_NUMBER: mask_id_number,
    PHONE: mask_phone,
    BANK_ACCOUNT: mask_bank_account,
    TEXT: lambda value: "*" * min(len(value or ""), 6),
}


def mask(kind: str, value: str | None) -> str:
    return MASKERS[kind](value or "")


# Personal numbers in free text, in every written form: one function, `mask_text`, for log
# records (tracebacks included), audit details, result sheets and the task queue's checks.
#
# A number may be typed full-width (４３０３…), split by spaces, dashes or dots (138 1234 5678,
# 430381-19900101-1234), and a mobile may carry +86, 0086 or 86 in front. The text is matched on a
# copy where every such character is folded to ASCII one for one, so the positions found there are
# the positions in the original text; what is found is replaced by its masked form. A false
# positive masks a harmless number; a miss leaks a person, so the patterns lean to masking.

_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + n): str(n) for n in range(10)},  # full-width digits
        "Ｘ": "X",
        "ｘ": "x",
        "＋": "+",
        **dict.fromkeys("‐‑‒–—―－﹣−", "-"),
        **dict.fromkeys("\u3000\u00a0\u2002\u2003\u2009\u202f", " "),
        "．": ".",
    }
)
# Between any two digits: spaces, dashes, dots, and a URL's "+" and "%20" (a query string).
_SEP = r"(?:[\s\-.·・+_]|%20|%2[Dd]){0,3}"


def _spaced(*classes: str) -> str:
    return _SEP.join(classes)


_D = "[0-9]"
# 18 characters (GB 11643): area, birth date 18/19/20yy mmdd, sequence, check character; or the
# 15 digits of a first-generation card (yymmdd, no check), which ledgers still hold.
_ID_PATTERN = re.compile(
    r"(?<![0-9])(?:("
    + _spaced("[1-9]", *[_D] * 5, "[12]", *[_D] * 3, "[01]", _D, "[0-3]", *[_D] * 4, "[0-9Xx]")
    + r")|("
    + _spaced("[1-9]", *[_D] * 7, "[01]", _D, "[0-3]", *[_D] * 4)
    + r"))(?![0-9Xx])"
)
# 11 digits starting 13-19, with an optional +86 / 0086 / 86 in front.
_PHONE_PATTERN = re.compile(
    r"(?<![0-9])((?:\+|00|%2[Bb])?"
    + _SEP
    + r"86"
    + _SEP
    + r")?("
    + _spaced("1", "[3-9]", *[_D] * 9)
    + r")(?![0-9])"
)
_DIGITS = re.compile(r"[0-9]")
_NOT_NUMBER = re.compile(r"%20|%2[Dd]|[^0-9Xx]")


# A cheap first pass: runs of digits and separators; only a run holding 11 digits or more is
# matched against the patterns (most text holds none, and log lines must stay cheap).
_ANY_DIGIT = re.compile(r"[0-9０-９]")
_RUN = re.compile(r"[0-9+%][0-9\s\-.·・+_%BbDd]{10,}[Xx]?")  # a coarse sieve
_FOLDABLE = re.compile("[" + re.escape("".join(chr(c) for c in _FOLD)) + "]")


def _numbers_in(text: str):
    """(start, end, kind, normalised number, kept prefix) for each personal number in `text`."""
    if not _ANY_DIGIT.search(text):
        return
    folded = text.translate(_FOLD) if _FOLDABLE.search(text) else text
    for run in _RUN.finditer(folded):
        start, end = run.span()
        if len(_DIGITS.findall(folded, start, end)) >= 11:
            yield from _numbers_in_run(text, folded, start, end)


def _numbers_in_run(text: str, folded: str, pos: int, endpos: int):
    taken: list[tuple[int, int]] = []
    for match in _ID_PATTERN.finditer(folded, pos, endpos):
        number = _NOT_NUMBER.sub("", match.group()).upper()
        taken.append(match.span())
        yield match.start(), match.end(), ID_NUMBER, number, ""
    for match in _PHONE_PATTERN.finditer(folded, pos, endpos):
        start, end = match.span(2)
        if any(s < end and start < e for s, e in taken):
            continue
        number = _NOT_NUMBER.sub("", match.group(2))
        yield match.start(), end, PHONE, number, text[match.start() : start]


def mask_text(text: str) -> str:
    """Every ID number and mobile number in `text`, in any written form, masked."""
    if not text:
        return text
    found = sorted(_numbers_in(text))
    if not found:
        return text
    out, position = [], 0
    for start, end, kind, number, prefix in found:
        if start < position:
            continue
        out += [text[position:start], prefix, mask(kind, number)]
        position = end
    out.append(text[position:])
    return "".join(out)


def personal_numbers(value) -> set[tuple[str, str]]:
    """(kind, normalised number) of every full ID or mobile number anywhere inside `value`:
    a string, a number, or lists, tuples and dicts of them (keys too)."""
    found: set[tuple[str, str]] = set()
    _walk(value, lambda text: found.update((k, n) for _, _, k, n, _ in _numbers_in(text)))
    return found


def _walk(value, visit) -> None:
    if isinstance(value, str):
        visit(value)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        visit(_number_text(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(key, visit)
            _walk(item, visit)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _walk(item, visit)
    elif isinstance(value, bytes | bytearray):
        visit(bytes(value).decode("utf-8", "replace"))


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def mask_value(value, found: set | None = None):
    """`value` with every personal number inside it masked: strings through `mask_text`, a
    number that is a phone or ID number (a spreadsheet cell, a JSON field) as its masked text,
    lists, tuples and dicts (keys too) item by item. `found` collects (kind, number)."""
    if isinstance(value, dict | list | tuple) and value:
        # A large report is mostly clean: one pass over its JSON text (JSON puts quotes or
        # commas between values, so no number spans two of them) finds nothing, and the value
        # is returned as it is, without walking it item by item.
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            pass
        else:
            if next(_numbers_in(text), None) is None:
                return value
    return _mask_value(value, found)


def _mask_value(value, found: set | None):
    if isinstance(value, str):
        if found is not None:
            found.update((k, n) for _, _, k, n, _ in _numbers_in(value))
        return mask_text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        text = _number_text(value)
        masked = _mask_value(text, found)
        return value if masked == text else masked
    if isinstance(value, dict):
        return {_mask_value(k, found): _mask_value(v, found) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_mask_value(item, found) for item in value)
    return value


def refuse_personal_numbers(value, what: str) -> None:
    """Raise ValueError when `value` holds a full ID or mobile number (task arguments): pass a
    record's id, or `lookup_hash(kind, number)`, instead."""
    if personal_numbers(value):
        raise ValueError(
            f"{what} must not hold a full ID or mobile number: pass a record id or a lookup hash"
        )


# Log records: the message, its arguments, the traceback and the stack, before any handler.

_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({})))


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a log record in place: the formatted message (its arguments merged in), the
    exception's traceback text (the live exception, whose arguments and frames hold the values,
    is dropped), the stack and any extra string attribute."""
    if getattr(record, "_personal_data_masked", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # bad arguments: logging reports it later; mask what it will print
        record.msg, record.args = mask_text(str(record.msg)), mask_value(record.args)
    else:
        record.msg, record.args = mask_text(message), ()
    if record.exc_info:
        if not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    if record.exc_text:
        record.exc_text = mask_text(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)
    for name, value in list(vars(record).items()):
        if name not in _RECORD_ATTRIBUTES and isinstance(value, str):
            setattr(record, name, mask_text(value))
    record._personal_data_masked = True
    return record


class MaskingLogFilter(logging.Filter):
    """Keeps full ID and phone numbers out of every log line (S12), tracebacks included."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def install_log_masking() -> None:
    """Mask every log record of the process as it is made, whichever handler gets it (the
    console, gunicorn's, pytest's): `Logger.makeRecord` is wrapped, so the record is masked after
    its `extra` attributes are set and before any filter or handler sees it. (A record factory
    would run before `extra` is applied.)"""
    make_record = logging.Logger.makeRecord
    if getattr(make_record, "masks_personal_data", False):
        return

    @functools.wraps(make_record)
    def masked_make_record(self, *args, **kwargs):
        return mask_record(make_record(self, *args, **kwargs))

    masked_make_record.masks_personal_data = True
    logging.Logger.makeRecord = masked_make_record


def configure_logging(config: dict) -> None:
    """settings.LOGGING_CONFIG: Django's dictConfig, and the masking record factory."""
    import logging.config

    install_log_masking()
    logging.config.dictConfig(config)


# The task queue's rows: arguments refused when they hold a number, tracebacks masked.


def guard_task_result(sender, instance, **kwargs) -> None:
    """pre_save of django-tasks-db's DBTaskResult (connected in core's AppConfig.ready)."""
    refuse_personal_numbers(instance.args_kwargs, f"the arguments of task {instance.task_path}")
    instance.traceback = mask_text(instance.traceback or "")
    instance.return_value = mask_value(instance.return_value)


# Keys and the two stored formats.
#
# FIELD_ENCRYPTION_KEYS lists Fernet keys (urlsafe base64 of 32 random bytes), the first one the
# key that writes. A value is stored in one of two formats, told apart by their first characters:
#
# - "g1$<key id>$<base64url(nonce ‖ ciphertext ‖ tag)>" — AES-256-GCM, written since 2026-12:
#   a random 96-bit nonce per value, the 16-byte tag authenticating the ciphertext and the
#   "g1$<key id>$" header (version and key id are bound to the value: edit either and it is
#   refused). The AES key is derived from the configured Fernet key with HKDF-SHA256
#   (salt b"homeward field encryption", info b"AES-256-GCM field key v1"), so no new secret is
#   configured; the key id is 8 characters of a second HKDF output (info b"key id v1"), which
#   names the key without revealing it. One AESGCM object is made per key and reused.
# - a Fernet token (AES-128-CBC + HMAC-SHA256, always starting "gAAAAA": its version byte is
#   0x80), written before; still read, under any listed key, forever.
#
# Reading accepts both; writing uses the first; `homeward keys rotate` re-encrypts every value
# (old Fernet tokens and values under older keys) into the first format under the first key.

GCM_VERSION = "g1"
_SEP_MARK = "$"
_NONCE = 12  # bytes: 96 bits, the size GCM is made for
_NONCES_AT_ONCE = 1024  # nonces drawn from os.urandom in one call by an encryptor
_HKDF_SALT = b"homeward field encryption"


class UnknownKeyError(ValueError):
    """A value encrypted under a key that is not configured (FIELD_ENCRYPTION_KEYS)."""


def _derive(fernet_key: str, info: bytes) -> bytes:
    raw = base64.urlsafe_b64decode(fernet_key.encode())
    return HKDF(algorithm=SHA256(), length=32, salt=_HKDF_SALT, info=info).derive(raw)


def key_id(fernet_key: str) -> str:
    """The 8-character id a value encrypted under `fernet_key` carries."""
    return base64.urlsafe_b64encode(_derive(fernet_key, b"key id v1")[:6]).decode()


@dataclass(frozen=True)
class _Keys:
    fernet: MultiFernet
    write_id: str  # key id of the first (writing) key
    write_header: bytes  # b"g1$<id>$": the prefix and the associated data of new values
    gcm: dict[str, AESGCM]  # key id → cipher, for every listed key


@functools.cache
def _keys() -> _Keys:
    listed = settings.FIELD_ENCRYPTION_KEYS
    if not listed:
        raise ValueError("FIELD_ENCRYPTION_KEYS is empty: set HOMEWARD_FIELD_KEYS")
    gcm = {}
    for key in listed:
        gcm.setdefault(key_id(key), AESGCM(_derive(key, b"AES-256-GCM field key v1")))
    first = key_id(listed[0])
    return _Keys(
        fernet=MultiFernet([Fernet(key.encode()) for key in listed]),
        write_id=first,
        write_header=f"{GCM_VERSION}{_SEP_MARK}{first}{_SEP_MARK}".encode(),
        gcm=gcm,
    )


def _fernet() -> MultiFernet:
    return _keys().fernet


@functools.cache
def _hash_key() -> bytes:
    return settings.FIELD_HASH_KEY.encode()


@receiver(setting_changed)
def _forget_keys(setting, **kwargs):
    if setting in {"FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"}:
        _keys.cache_clear()
        _hash_key.cache_clear()


def encrypt(value: str) -> str:
    """`value` under the first key, in the AES-256-GCM format."""
    keys = _keys()
    header = keys.write_header
    nonce = os.urandom(_NONCE)
    sealed = keys.gcm[keys.write_id].encrypt(nonce, value.encode(), header)
    return (header + base64.urlsafe_b64encode(nonce + sealed)).decode()


def encryptor() -> Callable[[str], str]:
    """`encrypt`, with the key looked up once and nonces drawn from os.urandom in bulk: for
    sealing many values in a row (an import seals two a worker)."""
    keys = _keys()
    header = keys.write_header
    seal = keys.gcm[keys.write_id].encrypt
    b64 = base64.urlsafe_b64encode
    nonces: list[bytes] = []
    # Drawn in pools that double up to _NONCES_AT_ONCE: an encryptor made for one person (a
    # single save seals two values) draws 2 nonces, not 1,024 it throws away.
    draw = [1]

    def encrypt_one(value: str) -> str:
        if not nonces:
            count = draw[0] = min(draw[0] * 2, _NONCES_AT_ONCE)
            pool = os.urandom(_NONCE * count)
            nonces.extend(pool[i : i + _NONCE] for i in range(0, len(pool), _NONCE))
        nonce = nonces.pop()
        return (header + b64(nonce + seal(nonce, value.encode(), header))).decode()

    return encrypt_one


def token_format(token: str) -> tuple[str, str | None]:
    """("gcm", key id) or ("fernet", None) for a stored value (its format, not its validity)."""
    if token.startswith(GCM_VERSION + _SEP_MARK):
        parts = token.split(_SEP_MARK, 2)
        return "gcm", parts[1] if len(parts) == 3 else ""
    return "fernet", None


def decrypt(token: str) -> str:
    """The plaintext of a stored value in either format. ValueError when it cannot be read:
    tampered, or under a key not configured (UnknownKeyError, naming the key id)."""
    if token.startswith(GCM_VERSION + _SEP_MARK):
        return _decrypt_gcm(token)
    try:
        return _keys().fernet.decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("personal data cannot be decrypted with the configured keys") from error


def _decrypt_gcm(token: str) -> str:
    parts = token.split(_SEP_MARK, 2)
    if len(parts) != 3:
        raise ValueError("personal data cannot be decrypted: a malformed AES-GCM value")
    _, kid, body = parts
    cipher = _keys().gcm.get(kid)
    if cipher is None:
        raise UnknownKeyError(
            f"personal data encrypted under key id {kid!r}, which is not among the configured"
            " keys (HOMEWARD_FIELD_KEYS): add that key back, or restore the data"
        )
    try:
        sealed = base64.urlsafe_b64decode(body.encode())
        if len(sealed) < _NONCE + 16:
            raise InvalidTag
        plain = cipher.decrypt(sealed[:_NONCE], sealed[_NONCE:], f"{parts[0]}${kid}$".encode())
    except (InvalidTag, binascii.Error, ValueError) as error:
        raise ValueError(
            "personal data cannot be decrypted: the AES-GCM value was altered or is damaged"
        ) from error
    return plain.decode()


def is_current(token: str) -> bool:
    """Whether a stored value is in the writing format under the first key already."""
    return token.startswith(_keys().write_header.decode())


def reencrypt(token: str) -> str:
    """The same value under the first key, in the current format."""
    return encrypt(decrypt(token))


def lookup_hash(kind: str, value: str | None) -> str:
    """Keyed hash of the normalised value: equal for equal people, useless without the key."""
    if value is None or value == "":
        return ""
    normalized = NORMALIZERS[kind](value)
    digest = hmac.new(_hash_key(), f"{kind}:{normalized}".encode(), hashlib.sha256)
    return digest.hexdigest()


def lookup_hashes(kind: str, values: list[str | None], *, normalized: bool = False) -> list[str]:
    """`[lookup_hash(kind, v) for v in values]`, for imports of many rows: the key is set up once.

    Values are normalised with `normalized_many`, unless `normalized` says they are already.
    """
    base = hmac.new(_hash_key(), digestmod=hashlib.sha256)
    prefix = f"{kind}:"
    found = []
    forms = values if normalized else normalized_many(kind, values)
    for value, form in zip(values, forms, strict=True):
        if value is None or value == "":
            found.append("")
            continue
        digest = base.copy()
        digest.update(f"{prefix}{form}".encode())
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
    """Re-encrypt every encrypted value under the first (newest) key, in the AES-256-GCM format
    (old Fernet values too), and recompute every lookup hash."""
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
