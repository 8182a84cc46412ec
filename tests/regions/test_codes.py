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
