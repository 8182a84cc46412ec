"""The posting list: filters and counts inside the user's area."""

from django.urls import reverse

from homeward.jobs.models import Status, WorkType
from tests.factories import make_employer, make_posting


def _titles(response):
    return sorted(p.title for p in response.context["page"].object_list)


def test_filters_by_status_work_type_occupation_and_place(client, county_staff):
    town = make_employer("321302001")
    other_town = make_employer("321302002")
    make_posting(town, title="电焊工", occupation="电焊工", status=Status.PUBLISHED)
    make_posting(town, title="采茶工", occupation="采茶", work_type=WorkType.SEASONAL)
    make_posting(other_town, title="保洁员", occupation="保洁", work_type=WorkType.PUBLIC_WELFARE)
    client.force_login(county_staff)
    url = reverse("jobs:list")
    assert _titles(client.get(url)) == ["保洁员", "电焊工", "采茶工"]
    assert _titles(client.get(url, {"status": "published"})) == ["电焊工"]
    assert _titles(client.get(url, {"work_type": "seasonal"})) == ["采茶工"]
    assert _titles(client.get(url, {"occupation": "焊"})) == ["电焊工"]
    assert _titles(client.get(url, {"region": "321302002"})) == ["保洁员"]
    response = client.get(url, {"region": "321302001", "status": "draft"})
    assert _titles(response) == ["采茶工"]
    assert response.context["page"].paginator.count == 1


def test_out_of_scope_postings_are_not_listed_or_counted(client, town_staff):
    mine = make_employer("321302001")
    make_posting(mine, title="本镇岗位")
    make_posting(mine, region_code="321302002", title="本厂在邻镇的岗位")
    make_posting(make_employer("321311001"), title="别县岗位")
    client.force_login(town_staff)
    response = client.get(reverse("jobs:list"))
    assert _titles(response) == ["本镇岗位"]
    assert response.context["page"].paginator.count == 1
    assert "别县岗位" not in response.content.decode()
