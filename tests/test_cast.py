"""The shared cast (tests/conftest.py) is what the tests that use it assume it is."""

from homeward.accounts.models import Role
from homeward.scoping import covers


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
