"""The employer list: search, filters and counts, all inside the user's area."""

from django.urls import reverse

from homeward.employers.models import Industry
from tests.factories import make_employer


def _names(response):
    return [e.name for e in response.context["page"].object_list]


def test_lists_only_the_users_area_and_counts_it(client, town_staff):
    make_employer("321302001", name="本镇甲")
    make_employer("321302001001", name="本镇村里乙")
    make_employer("321302002", name="邻镇丙")
    make_employer("321311001", name="别县丁")
    client.force_login(town_staff)
    response = client.get(reverse("employers:list"))
    assert response.status_code == 200
    assert sorted(_names(response)) == ["本镇村里乙", "本镇甲"]
    assert response.context["page"].paginator.count == 2
    assert "邻镇丙" not in response.content.decode()


def test_out_of_scope_employers_never_match_a_search(client, county_staff):
    other = make_employer("321311001", name="宿豫焊接厂")
    client.force_login(county_staff)
    by_name = client.get(reverse("employers:list"), {"q": "焊接"})
    by_code = client.get(reverse("employers:list"), {"q": other.uscc})
    assert _names(by_name) == [] and _names(by_code) == []


def test_search_by_name_or_by_credit_code(client, county_staff):
    welder = make_employer("321302001", name="幸福焊接厂")
    make_employer("321302002", name="项里食品厂")
    client.force_login(county_staff)
    assert _names(client.get(reverse("employers:list"), {"q": "焊接"})) == ["幸福焊接厂"]
    by_code = client.get(reverse("employers:list"), {"q": welder.uscc.lower()})
    assert _names(by_code) == ["幸福焊接厂"]


def test_filter_by_industry_and_by_place(client, county_staff):
    make_employer("321302001", name="甲厂", industry=Industry.MANUFACTURING)
    make_employer("321302001001", name="乙工地", industry=Industry.CONSTRUCTION)
    make_employer("321302002", name="丙厂", industry=Industry.MANUFACTURING)
    client.force_login(county_staff)
    url = reverse("employers:list")
    assert sorted(_names(client.get(url, {"industry": "C"}))) == ["丙厂", "甲厂"]
    assert sorted(_names(client.get(url, {"region": "321302001"}))) == ["乙工地", "甲厂"]
    both = client.get(url, {"region": "321302001", "industry": "E"})
    assert _names(both) == ["乙工地"]
    assert both.context["page"].paginator.count == 1


def test_a_place_outside_the_area_filters_nothing_in(client, town_staff):
    make_employer("321302001", name="本镇甲")
    make_employer("321302002", name="邻镇丙")
    client.force_login(town_staff)
    response = client.get(reverse("employers:list"), {"region": "321302002"})
    assert _names(response) == ["本镇甲"]  # the foreign place is ignored, the area still holds


def test_phones_are_masked_in_the_list(client, county_staff):
    make_employer("321302001", contact_phone="13912345678")
    client.force_login(county_staff)
    page = client.get(reverse("employers:list")).content.decode()
    assert "139****5678" in page and "13912345678" not in page


def test_pages_of_fifty(client, county_staff):
    for n in range(51):
        make_employer("321302001", name=f"厂{n:02d}")
    client.force_login(county_staff)
    first = client.get(reverse("employers:list"))
    second = client.get(reverse("employers:list"), {"page": 2})
    assert len(_names(first)) == 50 and _names(second) == ["厂50"]
