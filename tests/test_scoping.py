"""The scoping mechanism itself: late binding, no area means an error, writes outside refused."""

import pytest

from homeward.regions.models import Region
from homeward.scoping import (
    _UNSET,
    NOWHERE,
    OutOfArea,
    ScopeError,
    _current_area,
    area_scope,
    check_writable,
    prefix_range,
)


def test_a_query_with_no_area_raises(db):
    token = _current_area.set(_UNSET)
    try:
        with pytest.raises(ScopeError):
            Region.objects.count()
    finally:
        _current_area.reset(token)


def test_queryset_binds_to_the_area_current_when_it_runs(db):
    towns = Region.objects.filter(level="town")  # made outside any particular area
    with area_scope("321302"):
        inside = {r.code[:6] for r in towns.all()}
    with area_scope("321311"):
        other = {r.code[:6] for r in towns.all()}
    assert inside == {"321302"} and other == {"321311"}


def test_nowhere_sees_nothing(db):
    with area_scope(NOWHERE):
        assert Region.objects.count() == 0


def test_prefix_range_is_exactly_startswith(db):
    low, high = prefix_range("321309")
    assert (low, high) == ("321309", "32130:")
    codes = set(Region.tree.values_list("code", flat=True))
    with area_scope("3213"):
        assert set(Region.objects.values_list("code", flat=True)) == {
            c for c in codes if c.startswith("3213")
        }


def test_writes_outside_the_area_are_refused(db):
    with area_scope("321302"):
        check_writable(Region(code="321302001001"))
        with pytest.raises(OutOfArea):
            check_writable(Region(code="321311001001"))
        with pytest.raises(OutOfArea):
            check_writable(Region(code="3213"))
