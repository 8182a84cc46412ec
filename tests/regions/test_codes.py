"""The prefix arithmetic of region codes (`homeward.regions.codes`), pure and in one place."""

import subprocess
import sys

import pytest

from homeward.regions import codes

VILLAGE = "321302001001"


def test_levels_by_length():
    assert [codes.level_of(VILLAGE[:n]) for n in (2, 4, 6, 9, 12)] == list(codes.LEVELS)
    for bad in ("", "3", "32130", "3213020011"):
        with pytest.raises(ValueError):
            codes.level_of(bad)


@pytest.mark.parametrize(
    ("text", "ok"),
    [("32", True), ("3213", True), (VILLAGE, True), ("321", False), ("32a3", False)]
    + [("３２", False), ("", False), ("3213020010011", False)],
)
def test_is_code(text, ok):
    assert codes.is_code(text) is ok


def test_the_region_at_each_level_above_a_village():
    assert codes.province_of(VILLAGE) == "32"
    assert codes.city_of(VILLAGE) == "3213"
    assert codes.county_of(VILLAGE) == "321302"
    assert codes.town_of(VILLAGE) == "321302001"
    assert codes.county_of("3213") == "3213"  # at or above the level: the code itself


def test_parents_and_ancestors():
    assert codes.ancestor_codes(VILLAGE) == ["32", "3213", "321302", "321302001"]
    assert codes.parent_code(VILLAGE) == "321302001"
    assert codes.parent_code("3213") == "32"
    assert codes.parent_code("32") is None and codes.ancestor_codes("32") == []


def test_covers():
    assert codes.covers("", VILLAGE) and codes.covers("321302", VILLAGE)
    assert codes.covers(VILLAGE, VILLAGE)
    assert not codes.covers("321311", VILLAGE) and not codes.covers(None, VILLAGE)


def test_same_at():
    assert codes.same_at(VILLAGE, "321302001002", "town")
    assert not codes.same_at(VILLAGE, "321302002001", "town")
    assert codes.same_at(VILLAGE, "321302002001", "county")
    assert not codes.same_at(VILLAGE, "321311001001", "county")


def test_the_module_imports_no_django():
    code = (
        "import sys; import homeward.regions.codes; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("work", "scope"),
    [
        ("321302001002", "in_town"),
        ("321302001", "in_town"),
        ("321302002001", "in_county"),
        ("321311001001", "in_city"),
        ("320102001001", "in_province"),
        ("511002001001", "out_of_province"),
    ],
)
def test_a_hires_work_scope_is_the_smallest_region_home_and_work_share(work, scope):
    from homeward.placements.services import _scope

    assert _scope(VILLAGE, work) == scope


def test_at_or_below():
    assert codes.at_or_below(VILLAGE, "town") and codes.at_or_below("321302001", "town")
    assert not codes.at_or_below("321302", "town")


def test_padded_and_same_digits():
    assert codes.padded("3213") == "321300000000" and codes.padded("") == "0" * 12
    assert codes.same_digits(VILLAGE, "321302", 6)
    assert not codes.same_digits(VILLAGE, "3213", 6)  # a city's code is no county's
    assert codes.same_digits(VILLAGE, "511002001001", 0)  # anywhere


def test_no_prefix_arithmetic_on_region_codes_outside_regions():
    """A slice such as `region_id[:4]` or padding a code to 12 digits is `regions.codes`' job."""
    import re
    from pathlib import Path

    root = Path(codes.__file__).resolve().parent.parent
    pattern = re.compile(
        r"(region|area|\.code\b|county|town|village|province|city|place)[\w\"'\]\)]*\[: ?(2|4|6|9|12)\]"
        r"|(region|area|code|place)\w*\)?\.ljust\(12"
    )
    found = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and path.parent.name != "regions"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "\n".join(found)
