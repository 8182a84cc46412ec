from homeward.regions.models import Level, Region, ancestor_codes, level_of


def test_test_map_is_loaded(db):
    assert Region.tree.get(code="3213").name == "宿迁市"
    assert Region.tree.get(code="321302001001").parent_id == "321302001"
    assert Region.tree.filter(level=Level.PROVINCE).count() == 31


def test_levels_follow_code_length():
    assert level_of("32") == Level.PROVINCE
    assert level_of("321302001001") == Level.VILLAGE
    assert ancestor_codes("321302001001") == ["32", "3213", "321302", "321302001"]
