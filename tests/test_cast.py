"""The shared test setup (tests/conftest.py): the cast is what the tests using it assume it is,
and the list of slow tests names tests that exist."""

import ast
from pathlib import Path

import pytest

from homeward.accounts.models import Role
from homeward.scoping import covers
from tests.conftest import SLOW, is_slow


def test_the_areas_nest_and_county_b_is_the_outsider(city, county_a, county_b, town, village):
    assert village.parent_id == town.code and town.parent_id == county_a.code
    assert county_a.parent_id == county_b.parent_id == city.code
    assert not covers(county_b.code, village.code)


def test_each_person_stands_where_the_cast_says(
    city_staff, county_staff, outsider, town_staff, village_staff, leader, worker, employer
):
    staff = [city_staff, county_staff, town_staff, village_staff]
    assert [len(u.region_id) for u in staff] == [4, 6, 9, 12]
    assert all(covers(u.region_id, worker.region_id) for u in staff)
    assert all(covers(u.region_id, employer.region_id) for u in staff[:3])
    assert not covers(outsider.region_id, worker.region_id)
    assert leader.role == Role.LEADER and covers(leader.region_id, employer.region_id)
    assert worker.phone and employer.uscc


ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("entry", SLOW)
def test_each_slow_entry_names_a_test_that_exists(entry):
    path, _, name = entry.partition("::")
    assert (ROOT / path).exists(), f"{path} is gone: strike it from SLOW"
    if name:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert name in names, f"{entry} is gone: strike it from SLOW"


def test_slow_matches_whole_files_and_single_tests_only():
    assert is_slow("tests/browser/test_worker_portal.py::test_x")
    assert is_slow("tests/matching/test_engine.py::test_one_new_worker")
    assert is_slow("tests/matching/test_engine.py::test_one_new_worker[a]")
    assert not is_slow("tests/matching/test_engine.py::test_one_new_worker_alone")
    assert not is_slow("tests/matching/test_engine.py::test_hard_rules")
