"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

18 characters from ALPHABET (digits and capitals without I, O, S, V, Z): registration authority
(1), organisation type (1), region code of the registering office (6 digits), subject identifier
(9, the old organisation code) and a MOD 31 check character. The authority and type characters are
not checked against a list (new ones keep being assigned); the region must be 6 digits starting
with a province code, or 100000 for national registrations.
"""

from dataclasses import dataclass

from homeward.codes._clean import SCIENTIFIC, clean
from homeward.codes.idnumber import PROVINCES
from homeward.regions.codes import province_of

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {c: i for i, c in enumerate(ALPHABET)}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997, for generated subject identifiers


class InvalidUscc(ValueError):
    """Not a valid credit code; `reason` is for people, `code` for programs.

    Codes: "length", "characters", "region", "checksum", "precision".
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class Uscc:
    code: str
    registration_authority: str
    org_type: str
    region_code: str


def normalize(raw: str | int | float | None) -> str:
    """Clean up a code as typed or as Excel gives it; does not check it."""
    if raw is None:
        raise InvalidUscc("length", "统一社会信用代码为空")
    if isinstance(raw, bool):
        raise TypeError("a credit code cannot be a bool")
    if isinstance(raw, float):  # 18 digits never survive a float
        raise _precision_lost()
    if isinstance(raw, int):
        return str(raw)
    if not isinstance(raw, str):
        raise TypeError(f"a credit code must be str or int, not {type(raw).__name__}")
    text = clean(raw)
    if SCIENTIFIC.match(text):
        raise _precision_lost()
    return text


def check_char(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015: 31 - weighted sum mod 31)."""
    if len(first17) != 17 or any(c not in _VALUES for c in first17):
        raise ValueError("check_char needs exactly 17 characters of the code alphabet")
    total = sum(_VALUES[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def parse(raw: str | int | float | None) -> Uscc:
    """Check a credit code and split it into its parts; raises InvalidUscc."""
    text = normalize(raw)
    if not text:
        raise InvalidUscc("length", "统一社会信用代码为空")
    bad = [c for c in text if c not in _VALUES]
    if bad:
        hint = "（代码里不用字母 I、O、S、V、Z）" if bad[0] in "IOSVZ" else ""
        raise InvalidUscc("characters", f"含有不允许的字符“{bad[0]}”{hint}")
    if len(text) != 18:
        raise InvalidUscc("length", f"统一社会信用代码应为18位，实际为{len(text)}位")
    region = text[2:8]
    if not _region_ok(region):
        raise InvalidUscc("region", f"第3到8位 {region} 不是有效的行政区划代码")
    expected = check_char(text[:17])
    if text[17] != expected:
        raise InvalidUscc("checksum", f"统一社会信用代码校验位不对（应为 {expected}），请逐位核对")
    return Uscc(code=text, registration_authority=text[0], org_type=text[1], region_code=region)


def is_valid(raw: str | int | float | None) -> bool:
    try:
        parse(raw)
    except InvalidUscc:
        return False
    return True


def make(region6: str, org_id: str | int, *, authority: str = "9", org_type: str = "1") -> str:
    """A valid code for demo data and tests (default "91": a company registered by 市场监管).

    `org_id` is the 9-character subject identifier, or an int seed from which one is made
    (8 digits plus its GB 11714 check character, as real ones have).
    """
    if isinstance(org_id, int):
        body = f"{org_id % 10**8:08d}"
        check = 11 - sum(int(d) * w for d, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
        org_id = body + {10: "X", 11: "0"}.get(check, str(check))
    first17 = f"{authority}{org_type}{region6}{org_id}"
    if not _region_ok(region6) or len(first17) != 17:
        raise ValueError("need a valid region, 1-char authority and type, 9-char org id")
    return first17 + check_char(first17)


def _region_ok(region: str) -> bool:
    return (
        len(region) == 6
        and region.isascii()
        and region.isdigit()
        and (int(province_of(region)) in PROVINCES or region == "100000")
    )


def _precision_lost() -> InvalidUscc:
    return InvalidUscc(
        "precision",
        "统一社会信用代码被 Excel 当成了数字，后几位已经丢失；请把这一列设为“文本”后重新填写",
    )
