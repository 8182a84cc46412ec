"""Unified social credit codes: published codes, noise, and properties over made codes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward.codes import uscc
from homeward.codes.idnumber import PROVINCES
from homeward.codes.uscc import ALPHABET, InvalidUscc

# Codes published by the organisations themselves or quoted widely as valid examples.
REAL = [
    "91350100M000100Y43",  # the textbook example
    "914403001922038216",  # Huawei Technologies
    "91440300708461136T",  # Shenzhen Tencent Computer Systems
    "91110108551385082Q",  # Xiaomi
    "91310115591693856A",
    "91310110666007217T",
    "91341000MA2N0ABGXX",
    "92510100MA61WJ3204",  # an individual business
    "52610500MJU60350X1",  # a civil-affairs registered body
    "1134082855783407XL",  # a public institution
]

regions = st.builds(
    lambda p, rest: f"{p}{rest:04d}", st.sampled_from(sorted(PROVINCES)), st.integers(0, 9999)
)
codes = st.builds(
    uscc.make,
    regions,
    st.one_of(st.integers(0, 10**8 - 1), st.text(ALPHABET, min_size=9, max_size=9)),
    authority=st.sampled_from("159Y"),
    org_type=st.sampled_from("1239"),
)


def _fail(raw: object) -> InvalidUscc:
    with pytest.raises(InvalidUscc) as info:
        uscc.parse(raw)  # type: ignore[arg-type]
    assert any("\u4e00" <= c <= "\u9fff" for c in info.value.reason)
    return info.value


def _with_check(first17: str) -> str:
    return first17 + uscc.check_char(first17)


@pytest.mark.parametrize("code", REAL)
def test_real_codes_are_valid(code):
    assert uscc.check_char(code[:17]) == code[17]
    assert uscc.is_valid(code)


def test_parts():
    parsed = uscc.parse("91350100m000100y43")
    assert parsed == uscc.Uscc("91350100M000100Y43", "9", "1", "350100")


def test_early_pilot_code_off_the_standard_is_rejected():
    # A real code from an early pilot area that does not follow the check rule (noted by hutool).
    assert _fail("91350211M00013FA1N").code == "checksum"


def test_make_from_seed_has_org_code_check():
    assert uscc.make("440300", 19220382) == "914403001922038216"  # rebuilds Huawei's code


def test_bad_examples():
    assert _fail("91350100M000100Y4").code == "length"
    assert _fail("").code == "length"
    error = _fail("91350100M0001OOY43")
    assert error.code == "characters"
    assert "I、O、S、V、Z" in error.reason
    assert _fail(_with_check("9135010AM000100Y4")).code == "region"
    assert _fail(_with_check("91990100M000100Y4")).code == "region"
    assert uscc.parse(_with_check("91100000M000100Y4")).region_code == "100000"
    error = _fail("91350100M000100Y44")
    assert error.code == "checksum"
    assert "校验位不对（应为 3）" in error.reason
    assert _fail(1.2e17).code == "precision"


def test_int_from_excel():
    assert uscc.parse(123456789012345678).code == "123456789012345678"


@given(codes)
def test_made_codes_are_valid(code):
    assert uscc.is_valid(code)


@given(codes)
def test_weighted_sum_of_all_18_is_zero_mod_31(code):
    # Weights are 3^i mod 31, and the check character (weight 1) brings the total to 0 mod 31.
    assert sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(code[:17])) % 31 == (
        -ALPHABET.index(code[17]) % 31
    )


@given(codes)
def test_any_one_character_change_fails(code):
    for position in range(18):
        for other in ALPHABET.replace(code[position], ""):
            changed = code[:position] + other + code[position + 1 :]
            assert not uscc.is_valid(changed), changed


@given(codes)
def test_full_width_and_spaced_variants_normalise_alike(code):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    spaced = f" {code[:2]} {code[2:8]}-{code[8:]} ".lower()
    for variant in (full_width, spaced, "'" + code):
        assert uscc.normalize(variant) == code
        assert uscc.parse(variant).code == code
