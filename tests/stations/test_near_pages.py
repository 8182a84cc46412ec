"""The stations a visitor finds on the front page (by county, by distance, the centres by
default) and the ones a signed-in worker finds on /m/stations: near their village and where
they work; bad points and another city's stations left out."""

from decimal import Decimal

import pytest
from django.urls import reverse

from homeward.scoping import unscoped
from homeward.stations import services
from homeward.stations.models import Station
from homeward.workers.models import Worker
from tests.factories import VILLAGE
from tests.portal.helpers import portal_welder, sign_in_worker

pytestmark = pytest.mark.django_db


def _station(name, kind, region, **fields):
    fields.setdefault("address", "人民路1号")
    with unscoped():
        return Station.objects.create(name=name, kind=kind, region_id=region, **fields)


@pytest.fixture
def network(db):
    return {
        "city": _station(
            "宿迁市就业服务中心", "city", "3213", latitude="33.96", longitude="118.28"
        ),
        "county": _station("宿城区就业服务中心", "county", "321302", hours="8:30-17:30"),
        "village": _station(
            "幸福村服务站", "village", VILLAGE, latitude="33.90", longitude="118.30"
        ),
        "other_county": _station("宿豫区就业服务中心", "county", "321311"),
        "closed": _station("已关闭的站", "county", "321302", active=False),
        "neijiang": _station("内江市就业服务中心", "city", "5110"),
        "suzhou": _station("宿迁驻苏州服务站", "out_of_city", "3213", place_id="3205"),
    }


def _names(response) -> list[str]:
    return [s.name for s, _km in response.context["stations"]]


def test_the_front_page_lists_the_centres_of_the_served_area(client, network, settings):
    settings.HOMEWARD_SERVICE_AREA = "3213"
    response = client.get("/")
    assert _names(response) == ["宿迁市就业服务中心", "宿城区就业服务中心", "宿豫区就业服务中心"]
    content = response.content.decode()
    assert "内江市就业服务中心" not in content and "已关闭的站" not in content
    assert 'data-testid="no-stations"' not in content and "8:30-17:30" in content
    counties = dict(response.context["counties"])
    assert set(counties) == {"321302", "321311"}  # the 苏州 station belongs to the city itself


def test_a_visitor_picks_a_county_or_shares_a_point(client, network, settings):
    settings.HOMEWARD_SERVICE_AREA = "3213"
    by_county = client.get("/", {"area": "321302"})
    assert _names(by_county) == ["宿城区就业服务中心", "幸福村服务站"]
    nearest = client.get("/", {"lat": "33.91", "lng": "118.30"})
    rows = nearest.context["stations"]
    assert [s.name for s, _km in rows] == ["幸福村服务站", "宿迁市就业服务中心"]  # with points
    assert rows[0][1] < 2 < rows[1][1] < 10  # km
    assert "公里" in nearest.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"area": "5110"},  # another city's area is no choice here
        {"area": "x'--"},
        {"lat": "118.3", "lng": "33.9"},  # typed the wrong way round
        {"lat": "abc", "lng": "1e999"},
    ],
)
def test_bad_choices_fall_back_to_the_centres(client, network, settings, query):
    settings.HOMEWARD_SERVICE_AREA = "3213"
    response = client.get("/", query)
    assert response.status_code == 200
    assert _names(response) == ["宿迁市就业服务中心", "宿城区就业服务中心", "宿豫区就业服务中心"]


def test_point_from_keeps_to_china():
    assert services.point_from("33.9", "118.3") == (Decimal("33.9"), Decimal("118.3"))
    assert services.point_from("", "") == (None, None)
    assert services.point_from("60", "118") == (None, None)
    assert services.point_from("NaN", "118") == (None, None)


def test_the_worker_sees_the_stations_near_home_and_where_they_work(client, network):
    worker = portal_welder()
    with unscoped():
        Worker.objects.filter(pk=worker.pk).update(work_region_id="320505")
    sign_in_worker(client, worker)
    response = client.get(reverse("portal:stations"))
    assert response.status_code == 200
    names = [s.name for s, _label, _km in response.context["rows"]]
    assert names[0] == "宿迁驻苏州服务站"  # their home city's station where they work
    assert names[1:] == ["幸福村服务站", "宿城区就业服务中心"]
    content = response.content.decode()
    assert "宿豫区就业服务中心" not in content and "内江" not in content
    assert "我附近的服务站" in content and "near.js" in content


def test_a_worker_with_no_station_near_is_told_so(client, db):
    worker = portal_welder()
    sign_in_worker(client, worker)
    response = client.get(reverse("portal:stations"))
    assert 'data-testid="no-stations"' in response.content.decode()


def test_the_stations_page_asks_to_sign_in(client, db):
    response = client.get(reverse("portal:stations"))
    assert response.status_code == 302 and reverse("portal:signin") in response["Location"]


def test_the_demo_fills_every_kind_once(db):
    from homeward.stations.demo_data import fill_stations
    from homeward.stations.models import Kind, StationService
    from tests.factories import make_staff

    make_staff("3213", username="city-clerk")  # who records the services
    made = fill_stations(("3213",))
    with unscoped():
        kinds = set(Station.objects.values_list("kind", flat=True))
        assert kinds == set(Kind.values) - {Kind.OUT_OF_CITY}  # 内江's, in 苏州 and beyond
        assert len(set(Station.objects.values_list("ecommerce_type", flat=True))) == 4
        assert made["services"] == StationService.objects.count() > 0
    assert fill_stations(("3213",)) == {"stations": 0, "services": 0}
