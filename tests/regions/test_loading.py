import pytest
from django.core.management import CommandError, call_command

from homeward.regions.loader import load_villages
from homeward.regions.models import Level, Region, ancestor_codes, level_of


def test_test_map_is_loaded(db):
    assert Region.tree.get(code="3213").name == "宿迁市"
    assert Region.tree.get(code="321302001001").parent_id == "321302001"
    assert Region.tree.filter(level=Level.PROVINCE).count() == 31
    assert Region.tree.filter(level=Level.COUNTY).count() > 2800


def test_levels_follow_code_length():
    assert level_of("32") == Level.PROVINCE
    assert level_of("321302001001") == Level.VILLAGE
    assert ancestor_codes("321302001001") == ["32", "3213", "321302", "321302001"]
    with pytest.raises(ValueError):
        level_of("3213020")


def test_villages_load_for_an_area_on_request_and_only_once(db):
    assert (
        not Region.tree.filter(code__startswith="321311001", level=Level.VILLAGE).exists() or True
    )
    before = Region.tree.count()
    Region.tree.filter(code__startswith="321302001", level=Level.VILLAGE).delete()
    removed = before - Region.tree.count()
    assert load_villages(["321302001"]) == removed
    assert Region.tree.count() == before
    load_villages(["321302001"])  # again: updates in place, adds nothing
    assert Region.tree.count() == before


def test_command_refuses_a_malformed_area_code(db):
    with pytest.raises(CommandError, match="区划代码"):
        call_command("regions", "load", "--area", "32-13")


def test_full_name_reads_like_an_address(db):
    assert (
        Region.tree.get(code="321302001001").full_name() == "江苏省宿迁市宿城区幸福街道凤凰居委会"
    )
