"""Mainland China mobile numbers: 11 digits, 1 then 3-9, with or without +86 / 0086 / 86."""

import re

from homeward.codes._clean import clean

_BRACKETS = re.compile(r"[()\[\]]")
_MOBILE = re.compile(r"1[3-9]\d{9}")


class InvalidPhone(ValueError):
    """Not a mainland mobile number; `reason` is for people, `code` ("length", "characters",
    "prefix") for programs."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def normalize(raw: str | int | float | None) -> str:
    """Full-width to ASCII, drop spaces, dashes and brackets, drop a +86 / 0086 / 86 prefix."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raise TypeError("a phone number cannot be a bool")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = _BRACKETS.sub("", clean(str(raw)))
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            return text.removeprefix(prefix)
    if len(text) == 13 and text.startswith("86"):
        return text[2:]
    return text


def parse(raw: str | int | float | None) -> str:
    """The 11-digit number; raises InvalidPhone."""
    text = normalize(raw)
    if not text:
        raise InvalidPhone("length", "手机号为空")
    bad = [c for c in text if not (c.isascii() and c.isdigit())]
    if bad:
        raise InvalidPhone("characters", f"手机号只能填数字，不能有“{bad[0]}”")
    if len(text) != 11:
        raise InvalidPhone("length", f"手机号应为11位，实际为{len(text)}位")
    if not _MOBILE.fullmatch(text):
        raise InvalidPhone("prefix", "手机号应以1开头，第二位为3-9")
    return text


def is_valid(raw: str | int | float | None) -> bool:
    try:
        parse(raw)
    except InvalidPhone:
        return False
    return True
