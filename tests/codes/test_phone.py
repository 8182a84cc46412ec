"""Mainland mobile numbers: prefixes, noise and bad numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homeward.codes import phone
from homeward.codes.phone import InvalidPhone

mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}", st.integers(3, 9), st.integers(0, 10**9 - 1)
)


def _fail(raw: object) -> InvalidPhone:
    with pytest.raises(InvalidPhone) as info:
        phone.parse(raw)  # type: ignore[arg-type]
    assert any("\u4e00" <= c <= "\u9fff" for c in info.value.reason)
    return info.value


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        " 138 0013 8000 ",
        "138-0013-8000",
        "+86 138 0013 8000",
        "(+86) 138-0013-8000",
        "0086 13800138000",
        "8613800138000",
        "１３８００１３８０００",
        "＋８６　１３８００１３８０００",
        13800138000,
        13800138000.0,
    ],
)
def test_variants(raw):
    assert phone.parse(raw) == "13800138000"


def test_bad_length():
    error = _fail("1380013800")
    assert error.code == "length"
    assert error.reason.startswith("手机号应为11位")
    assert _fail("").code == "length"
    assert _fail(None).code == "length"
    assert _fail("861380013800").code == "length"  # 12 digits: no prefix to strip


@pytest.mark.parametrize("raw", ["12800138000", "23800138000", "10086100861"])
def test_bad_prefix(raw):
    error = _fail(raw)
    assert error.code == "prefix"
    assert error.reason == "手机号应以1开头，第二位为3-9"


def test_bad_characters():
    assert _fail("1380013800a").code == "characters"
    assert not phone.is_valid("138.0013.8000")


@given(mobiles)
def test_prefixed_and_full_width_variants_normalise_alike(number):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    for variant in (number, "+86" + number, "0086" + number, "86" + number, full_width):
        assert phone.normalize(variant) == number
        assert phone.is_valid(variant)
