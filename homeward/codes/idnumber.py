"""Chinese resident ID numbers (公民身份号码, GB 11643-1999).

18 characters: 6-digit region code, 8-digit birth date (YYYYMMDD), 3-digit order code whose
last digit is odd for men and even for women, and an ISO 7064 MOD 11-2 check character (0-9 or X).
Legacy 15-digit numbers (2-digit year, no check character) are upgraded on parsing.
Only the province (first two digits) is checked here; deeper region checks are the caller's.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from homeward.codes._clean import SCIENTIFIC, clean
from homeward.regions.codes import province_of

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_MAP = "10X98765432"
PROVINCES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55)]
    + [*range(61, 66), 71, 81, 82, 91]
)
_CHINA = timezone(timedelta(hours=8))
_EXACT_FLOAT_LIMIT = 2**53


class InvalidIdNumber(ValueError):
    """A number that is not a valid ID number; `reason` is for people, `code` for programs.

    Codes: "length", "characters", "region", "birth_date", "checksum", and "precision" for a
    number Excel has already rounded (only the original sheet can help then).
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class IdNumber:
    number: str
    region_code: str
    birth_date: date
    gender: str  # "male" or "female"

    def age_on(self, day: date) -> int:
        """Age in whole years on `day` (someone born on 29 February ages on 1 March)."""
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


def normalize(raw: str | int | float | None) -> str:
    """Clean up an ID number as typed or as Excel gives it; does not check it."""
    if raw is None:
        raise InvalidIdNumber("length", "身份证号为空")
    if isinstance(raw, bool):
        raise TypeError("an ID number cannot be a bool")
    if isinstance(raw, float):
        if not raw.is_integer() or not 0 < raw < _EXACT_FLOAT_LIMIT:
            raise _precision_lost()
        raw = int(raw)
    if isinstance(raw, int):
        return str(raw)
    if not isinstance(raw, str):
        raise TypeError(f"an ID number must be str, int or float, not {type(raw).__name__}")
    text = clean(raw).replace("×", "X")
    if SCIENTIFIC.match(text):
        raise _precision_lost()
    return text


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("check_digit needs exactly 17 ASCII digits")
    return CHECK_MAP[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def upgrade_15(id15: str | int) -> str:
    """Turn a legacy 15-digit number into 18 digits: "19" before the year, check digit after."""
    text = normalize(id15)
    if len(text) != 15 or not text.isascii() or not text.isdigit():
        raise InvalidIdNumber("length", f"旧身份证号应为15位数字，实际为{len(text)}位")
    first17 = text[:6] + "19" + text[6:]
    return first17 + check_digit(first17)


def parse(raw: str | int | float | None, *, today: date | None = None) -> IdNumber:
    """Check an ID number and read what it says; raises InvalidIdNumber."""
    text = normalize(raw)
    if not text:
        raise InvalidIdNumber("length", "身份证号为空")
    bad = [c for c in text if not (c.isascii() and (c.isdigit() or c == "X"))]
    if bad:
        raise InvalidIdNumber("characters", f"含有非数字字符“{bad[0]}”")
    if "X" in text[:-1]:
        raise InvalidIdNumber("characters", "含有非数字字符：X 只能出现在最后一位")
    if len(text) == 15 and "X" not in text:
        text = upgrade_15(text)
    if len(text) != 18:
        raise InvalidIdNumber("length", f"身份证号应为18位，实际为{len(text)}位")
    if int(text[:2]) not in PROVINCES:
        raise InvalidIdNumber("region", f"身份证号前两位 {text[:2]} 不是有效的省份代码")
    digits = text[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise InvalidIdNumber("birth_date", f"出生日期 {digits} 不存在") from None
    if birth.year < 1900:
        raise InvalidIdNumber("birth_date", f"出生日期 {digits} 早于1900年")
    if birth > (today or datetime.now(_CHINA).date()):
        raise InvalidIdNumber("birth_date", f"出生日期 {digits} 晚于今天")
    expected = check_digit(text[:17])
    if text[17] != expected:
        raise InvalidIdNumber(
            "checksum", f"身份证号校验位不对（应为 {expected}），请逐位核对，可能有数字填错"
        )
    gender = "male" if int(text[16]) % 2 else "female"
    return IdNumber(number=text, region_code=text[:6], birth_date=birth, gender=gender)


def is_valid(raw: str | int | float | None) -> bool:
    try:
        parse(raw)
    except InvalidIdNumber:
        return False
    return True


def make(region6: str, birth: date, sequence: int, male: bool) -> str:
    """A valid number for demo data and tests; `sequence` 0-499 picks the order code."""
    if len(region6) != 6 or not region6.isdigit() or int(province_of(region6)) not in PROVINCES:
        raise ValueError(f"not a region code: {region6!r}")
    if not 0 <= sequence < 500:
        raise ValueError("sequence must be 0-499")
    if birth.year < 1900:
        raise ValueError("birth date before 1900")
    first17 = f"{region6}{birth:%Y%m%d}{sequence * 2 + (1 if male else 0):03d}"
    return first17 + check_digit(first17)


def _precision_lost() -> InvalidIdNumber:
    return InvalidIdNumber(
        "precision",
        "身份证号被 Excel 当成了数字，后几位已经丢失；请把这一列设为“文本”后重新填写",
    )
