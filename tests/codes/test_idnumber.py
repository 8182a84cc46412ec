"""Resident ID numbers: known numbers, Excel and typing noise, and properties over made numbers."""

import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward.codes import idnumber
from homeward.codes.idnumber import InvalidIdNumber

TODAY = date(2025, 6, 1)

regions = st.builds(
    lambda p, rest: f"{p}{rest:04d}",
    st.sampled_from(sorted(idnumber.PROVINCES)),
    st.integers(0, 9999),
)
births = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31))
numbers = st.builds(idnumber.make, regions, births, st.integers(0, 499), st.booleans())


def _fail(raw: object, **kwargs: object) -> InvalidIdNumber:
    with pytest.raises(InvalidIdNumber) as info:
        idnumber.parse(raw, **kwargs)  # type: ignore[arg-type]
    assert any("\u4e00" <= c <= "\u9fff" for c in info.value.reason)
    return info.value


def _with_check(first17: str) -> str:
    return first17 + idnumber.check_digit(first17)


def test_standard_example():
    parsed = idnumber.parse("11010519491231002X", today=TODAY)
    assert parsed.region_code == "110105"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.gender == "female"
    assert parsed.age_on(date(2024, 12, 30)) == 74
    assert parsed.age_on(date(2024, 12, 31)) == 75


def test_check_digit():
    assert idnumber.check_digit("11010519491231002") == "X"
    assert idnumber.check_digit("43038119900101123") == "4"


def test_excel_int_is_fine():
    assert idnumber.normalize(430381199001011234) == "430381199001011234"
    assert idnumber.parse(430381199001011234).gender == "male"


def test_excel_float_is_hopeless():
    assert _fail(4.30381199001011e17).code == "precision"
    assert _fail("4.30381199001011E+17").code == "precision"


def test_excel_float_of_a_15_digit_number_is_exact():
    assert idnumber.parse(130321860311519.0).number == "130321198603115194"


def test_noise_is_removed():
    assert idnumber.normalize(" '４３０３８１ 19900101-123x ") == "43038119900101123X"
    assert idnumber.normalize("110105194912310 02×") == "11010519491231002X"


def test_upgrade_15():
    assert idnumber.upgrade_15("130321860311519") == "130321198603115194"
    parsed = idnumber.parse("130321860311519")
    assert parsed.birth_date == date(1986, 3, 11)
    assert parsed.gender == "male"


def test_bad_length():
    error = _fail("43038119900101123")
    assert error.code == "length"
    assert error.reason.startswith("身份证号应为18位，实际为17位")
    assert _fail("").code == "length"
    assert _fail(None).code == "length"


def test_bad_characters():
    error = _fail("43038119900101123A")
    assert error.code == "characters"
    assert "含有非数字字符" in error.reason
    assert _fail("4303811990010112X4").code == "characters"


def test_bad_region():
    assert _fail(_with_check("99038119900101123")).code == "region"
    assert _fail(_with_check("00038119900101123")).code == "region"


def test_impossible_birth_date():
    error = _fail(_with_check("43038119900231123"))
    assert error.code == "birth_date"
    assert "出生日期 19900231 不存在" in error.reason


def test_future_birth_date():
    error = _fail(_with_check("43038120250602123"), today=TODAY)
    assert error.code == "birth_date"
    assert "晚于今天" in error.reason
    assert idnumber.parse(_with_check("43038120250601123"), today=TODAY)


def test_bad_checksum():
    error = _fail("430381199001011235")
    assert error.code == "checksum"
    assert "校验位不对（应为 4）" in error.reason
    assert not idnumber.is_valid("430381199001011235")


def test_make_rejects_bad_arguments():
    for args in [("00000", date(1990, 1, 1), 1, True), ("990000", date(1990, 1, 1), 1, True)]:
        with pytest.raises(ValueError):
            idnumber.make(*args)
    with pytest.raises(ValueError):
        idnumber.make("430381", date(1990, 1, 1), 500, True)


@given(regions, births, st.integers(0, 499), st.booleans())
def test_made_numbers_parse_back(region, birth, sequence, male):
    parsed = idnumber.parse(idnumber.make(region, birth, sequence, male), today=TODAY)
    assert parsed.region_code == region
    assert parsed.birth_date == birth
    assert parsed.gender == ("male" if male else "female")


@given(numbers)
def test_iso_7064_mod_11_2_holds(number):
    # The standard's own form: sum of a_i * 2^(17-i) over all 18 characters is 1 mod 11, X = 10.
    values = [10 if c == "X" else int(c) for c in number]
    assert sum(v * pow(2, 17 - i, 11) for i, v in enumerate(values)) % 11 == 1


def test_every_check_character_occurs():
    seen = {idnumber.check_digit(f"430381199001{n:05d}") for n in range(200)}
    assert seen == set("0123456789X")


@given(numbers)
def test_any_one_digit_change_fails(number):
    assert idnumber.is_valid(number)
    for position in range(18):
        choices = "0123456789X" if position == 17 else "0123456789"
        for other in choices.replace(number[position], ""):
            changed = number[:position] + other + number[position + 1 :]
            assert not idnumber.is_valid(changed), changed


@given(numbers)
def test_full_width_and_spaced_variants_normalise_alike(number):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    spaced = f" {number[:6]} {number[6:14]} {number[14:]} "
    dashed = f"'{number[:6]}-{number[6:14]}-{number[14:].lower()}"
    for variant in (full_width, spaced, dashed, "\u3000" + number):
        assert idnumber.normalize(variant) == number
        assert idnumber.parse(variant).number == number


@given(regions, st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)))
def test_upgrade_15_gives_valid_number_with_birth_date(region, birth):
    id15 = f"{region}{birth:%y%m%d}{birth.toordinal() % 1000:03d}"
    number = idnumber.upgrade_15(id15)
    assert len(number) == 18
    parsed = idnumber.parse(number)
    assert parsed.birth_date == birth
    assert parsed.gender == ("male" if int(id15[-1]) % 2 else "female")
    assert idnumber.parse(id15) == parsed


def test_codes_package_imports_no_django():
    script = (
        "import sys, homeward.codes.idnumber, homeward.codes.uscc, homeward.codes.phone; "
        "print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
