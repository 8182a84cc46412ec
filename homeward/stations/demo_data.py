"""Demo service stations in the seed areas: every kind — the city (or county-level city) service
centre, county and town centres, village stations, doorstep and e-commerce job stations of the
three types, a gig market, and 内江's out-of-city stations in 苏州, 南宁 and 昆明 —, through the
station form and `save_station` as an administrator's page would, and a month of the services
recorded at them through `record_service`, so the 15-minute circle has figures.

Map points are the towns' approximate centres (a few km off at most): enough to sort by
distance, not to navigate by. Idempotent: an area that has stations already is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from homeward.accounts.models import Role, User
from homeward.regions.models import Level, Region
from homeward.scoping import covers, unscoped
from homeward.workers.models import Worker

from .models import CIRCLE, OUT_OF_CITY_SERVICES, EcommerceType, Kind, Station
from .services import add_station, record_service

# Approximate centres (latitude, longitude) of the seed areas and the destination cities.
POINTS = {
    "3213": (Decimal("33.96"), Decimal("118.28")),  # 宿迁
    "5110": (Decimal("29.58"), Decimal("105.06")),  # 内江
    "430381": (Decimal("27.73"), Decimal("112.53")),  # 湘乡
}
DESTINATIONS = (  # 内江's stations where its people work: city code, name, point
    ("3205", "苏州", (Decimal("31.30"), Decimal("120.62"))),
    ("4501", "南宁", (Decimal("22.82"), Decimal("108.37"))),
    ("5301", "昆明", (Decimal("25.04"), Decimal("102.71"))),
)
PLACES = Decimal("0.00001")  # the model keeps five decimals
WRITERS = (Role.STAFF, Role.ADMIN)
HOURS = "周一至周五 8:30-12:00，14:00-17:30"


def _save(region: str, **fields) -> Station:
    place = fields.pop("place", None)
    fields = {"hours": HOURS, **fields, "region_id": region, "place_id": place}
    return add_station(by=None, **fields)


def _near(point, step: int) -> dict:
    """A point a little off the area's centre, so stations sort by distance."""
    lat, lng = point
    off = Decimal(step)
    return {
        "latitude": (lat + off / 100).quantize(PLACES),
        "longitude": (lng + off / 150).quantize(PLACES),
    }


def fill_stations(areas) -> dict:
    made = {"stations": 0, "services": 0}
    with unscoped():
        for area in areas:
            if Station._base_manager.filter(region__code__startswith=area).exists():
                continue
            top = Region.tree.filter(code=area).first()
            if top is None:
                continue
            point = POINTS.get(area, POINTS["3213"])
            with transaction.atomic():  # an area's stations and services, or none of them
                made_here = _fill_area(area, top, point)
            made["stations"] += made_here["stations"]
            made["services"] += made_here["services"]
    return made


def _fill_area(area: str, top: Region, point) -> dict:
    stations = _stations_of(top, point)
    if area == "5110":
        stations += [
            _save(
                area,
                name=f"内江驻{name}农民工服务站",
                kind=Kind.OUT_OF_CITY,
                place=code,
                address=f"{name}市内江商会服务中心",
                services="就业推荐、维权援助、返乡创业宣传",
                contact_phone="0832-2000000",
                **_near(there, 0),
            )
            for code, name, there in DESTINATIONS
            if Region.tree.filter(code=code).exists()
        ]
    return {"stations": len(stations), "services": _services(stations)}


def _stations_of(top: Region, point) -> list[Station]:
    centre = "就业服务中心" if top.level != Level.COUNTY else "人力资源服务中心"
    stations = [
        _save(
            top.code,
            name=f"{top.name}{centre}",
            kind=Kind.CITY_CENTRE if top.level == Level.CITY else Kind.COUNTY_CENTRE,
            address=f"{top.name}人民路 1 号",
            services="求职登记、岗位推荐、政策咨询、创业指导、自助求职终端",
            contact_phone="12333",
            has_terminal=True,  # the self-service job terminal (/m/kiosk/<pk>/)
            **_near(point, 0),
        )
    ]
    counties = list(Region.tree.filter(parent_id=top.code, level=Level.COUNTY).order_by("code")[:2])
    for step, county in enumerate(counties, start=1):
        stations.append(
            _save(
                county.code,
                name=f"{county.name}就业服务中心",
                kind=Kind.COUNTY_CENTRE,
                address=f"{county.name}政务服务中心二楼",
                services="求职登记、失业登记、就业援助、技能培训报名",
                **_near(point, step),
            )
        )
    home = counties[0] if counties else top
    towns = list(Region.tree.filter(parent_id=home.code, level=Level.TOWN).order_by("code")[:2])
    for step, town in enumerate(towns, start=3):
        stations.append(
            _save(
                town.code,
                name=f"{town.name}劳动保障服务所",
                kind=Kind.TOWN_CENTRE,
                address=f"{town.name}便民服务中心",
                services="求职登记、岗位信息、社保咨询",
                **_near(point, step),
            )
        )
    if towns:
        town = towns[0]
        villages = list(
            Region.tree.filter(parent_id=town.code, level=Level.VILLAGE).order_by("code")[:2]
        )
        for step, village in enumerate(villages, start=5):
            stations.append(
                _save(
                    village.code,
                    name=f"{village.name}就业服务站",
                    kind=Kind.VILLAGE,
                    address=f"{village.name}党群服务中心",
                    hours="每天 8:00-18:00",
                    services="登记、岗位推送、政策解答",
                    **_near(point, step),
                )
            )
        stations.append(
            _save(
                town.code,
                name=f"{town.name}家门口就业服务站",
                kind=Kind.DOORSTEP,
                address=f"{town.name}工业园区门口",
                services="岗位发布、现场对接",
                **_near(point, 7),
            )
        )
        for step, kind in enumerate(EcommerceType.values, start=8):
            label = dict(EcommerceType.choices)[kind]
            stations.append(
                _save(
                    town.code,
                    name=f"{town.name}电商就业服务站（{label}）",
                    kind=Kind.ECOMMERCE,
                    ecommerce_type=kind,
                    address=f"{town.name}电商产业园",
                    services="直播带货、客服、打包岗位",
                    **_near(point, step),
                )
            )
        stations.append(
            _save(
                home.code,
                name=f"{home.name}零工市场",
                kind=Kind.GIG_MARKET,
                address=f"{home.name}劳务市场大院",
                hours="每天 6:00-12:00",
                services="零工登记、即时快招、日结",
                **_near(point, 11),
            )
        )
    return stations


def _clerk_of(station: Station):
    """A demo staff account that may record at the station: the nearest area's writer."""
    users = User.objects.filter(is_active=True, region__isnull=False, role__in=WRITERS)
    mine = [u for u in users if covers(u.region_id, station.region_id)]
    return max(mine, key=lambda u: len(u.region_id), default=None)


def _services(stations: list[Station]) -> int:
    """Services of the last 30 days: each station a few of each kind it records, by a demo
    staff account of its area (none recorded where the area has no such account)."""
    today = timezone.localdate()
    count = 0
    for index, station in enumerate(stations):
        clerk = _clerk_of(station)
        if clerk is None:
            continue
        if station.kind == Kind.OUT_OF_CITY:
            people = list(
                Worker._base_manager.filter(
                    region__code__startswith=station.region_id,
                    work_region__code__startswith=station.place_id,
                )[:3]
            )
            for n, kind in enumerate(OUT_OF_CITY_SERVICES):
                person = people[n] if n < len(people) else None
                on = today - datetime.timedelta(days=2 + n)
                record_service(station, kind=kind, on=on, by=clerk, person=person)
                count += 1
            continue
        for n, kind in enumerate(CIRCLE):
            for times in range((index + n) % 3 + 1):
                on = today - datetime.timedelta(days=(index + n + times * 7) % 30)
                record_service(station, kind=kind, on=on, by=clerk)
                count += 1
    return count
