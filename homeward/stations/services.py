"""The writes of the stations workstream, one function each (pages, portal and demo call them),
and the reads they share: the placed area of an out-of-city station's staff, the figures of the
15-minute employment service circle, and the stations near a person."""

from __future__ import annotations

import datetime
import math
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.models import Role, User
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.regions.codes import at_or_below, county_of, town_of
from homeward.regions.models import Region
from homeward.scoping import PlacedArea, area_of, covers

from .models import CIRCLE, LATITUDE, LONGITUDE, Kind, ServiceKind, Station, StationService


class StationError(ValueError):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# The area of an out-of-city station's staff ------------------------------------------------


def placed_area_of(user) -> PlacedArea | None:
    """Home × destination for a staff member without a region who staffs an open out-of-city
    station (registered in scoping.PLACED_AREA_SOURCES); None for anyone else."""
    if not hasattr(user, "_placed_area"):
        row = (
            Station._base_manager.filter(kind=Kind.OUT_OF_CITY, active=True, staff=user)
            .order_by("pk")
            .values_list("region_id", "place_id")
            .first()
        )
        user._placed_area = PlacedArea(*row) if row and row[1] else None
    return user._placed_area


# Stations --------------------------------------------------------------------------------------


def _check_admin(by, region_code: str, *, request=None, obj=None) -> None:
    """Only an area administrator of the station's area creates or changes it."""
    if by is None:
        return
    area = area_of(by)
    if not by.is_area_admin or isinstance(area, PlacedArea) or not covers(area, region_code):
        log_action(
            "stations.write.refused", request=request, actor=by, obj=obj, result=Result.REFUSED
        )
        raise PermissionDenied


def save_station(form, *, by, request=None) -> Station:
    """Create or change the station of a valid `StationForm`."""
    station = form.save(commit=False)
    return _store(station, sorted(form.changed_data), by=by, request=request, m2m=form.save_m2m)


def add_station(*, by, request=None, **fields) -> Station:
    """Create a station from its fields (the demo, an import): checked as the form checks it."""
    station = Station(**fields)
    try:
        station.full_clean()
    except ValidationError as error:
        raise StationError("；".join(error.messages)) from None
    return _store(station, sorted(fields), by=by, request=request)


def _store(station: Station, changed: list[str], *, by, request=None, m2m=None) -> Station:
    adding = station.pk is None
    _check_admin(by, station.region_id, request=request, obj=None if adding else station)
    with transaction.atomic():
        station.save()
        if m2m is not None:
            m2m()
        log_action(
            "stations.station.created" if adding else "stations.station.changed",
            request=request,
            actor=by,
            obj=station,
            detail={"fields": changed},
        )
    return station


def add_out_of_city_staff(
    station: Station,
    *,
    username: str,
    family_name: str,
    given_name: str,
    password: str,
    by,
    one_time: bool = False,
    request=None,
) -> User:
    """A staff account for an out-of-city station: no region of its own (so it sees nothing of
    the home area's other records); it works in the station's placed area.

    With `one_time`, the password is one to hand over once: it counts as expired, so the first
    sign-in goes straight to changing it (accounts' PasswordAgeMiddleware)."""
    _check_admin(by, station.region_id, request=request, obj=station)
    if station.kind != Kind.OUT_OF_CITY:
        raise StationError(_("Only an out-of-city station has staff accounts of its own."))
    if User.objects.filter(username=username).exists():
        raise StationError(_("This user name is taken."), field="username")
    with transaction.atomic():
        user = User(
            username=username,
            last_name=family_name,
            first_name=given_name,
            region=None,
            role=Role.STAFF,
        )
        user.set_password(password)
        if one_time:
            user.password_changed_at = _expired_password_time()
        user.save()
        station.staff.add(user)
        log_action(
            "stations.staff.added",
            request=request,
            actor=by,
            obj=station,
            detail={"user": username, "one_time_password": one_time},
        )
    return user


def _expired_password_time() -> datetime.datetime:
    days = settings.PASSWORD_MAX_AGE_DAYS or 0
    return timezone.now() - datetime.timedelta(days=days + 1)


def one_time_password() -> str:
    """A password to hand over once (changed at the first sign-in): 12 characters of letters
    and digits without the look-alikes (0/O, 1/l/I), in groups of four."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        text = "".join(secrets.choice(alphabet) for _n in range(12))
        has = (any(c.isdigit() for c in text), any(c.islower() for c in text))
        if all(has) and any(c.isupper() for c in text):
            return f"{text[:4]}-{text[4:8]}-{text[8:]}"


def station_accounts(station: Station):
    """The station's own staff accounts (no region of their own), active first."""
    return station.staff.filter(region__isnull=True, is_superuser=False).order_by(
        "-is_active", "username"
    )


def deactivate_out_of_city_staff(station: Station, user: User, *, by, request=None) -> None:
    """Switch off one of the station's own staff accounts (it signs in no more; its records and
    audit trail stay). Area administrators of the station's area only."""
    _check_admin(by, station.region_id, request=request, obj=station)
    if not station_accounts(station).filter(pk=user.pk).exists():
        raise StationError(_("This account is not one of the station's own."), field="user")
    if not user.is_active:
        return
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        log_action(
            "stations.staff.deactivated",
            request=request,
            actor=by,
            obj=station,
            detail={"user": user.username},
        )


# Services recorded at a station -----------------------------------------------------------------


def record_service(
    station: Station, *, kind: str, on: datetime.date, by, person=None, note: str = "", request=None
) -> StationService:
    """One service given at `station`; it counts in the station's area (the home area)."""
    if kind not in ServiceKind.values:
        raise StationError(_("Choose a service."), field="kind")
    if by is not None:
        mine = by.is_superuser or station.staff.filter(pk=by.pk).exists()
        area = area_of(by)
        if not by.can_write or not (
            mine or (not isinstance(area, PlacedArea) and covers(area, station.region_id))
        ):
            log_action(
                "stations.write.refused",
                request=request,
                actor=by,
                obj=station,
                result=Result.REFUSED,
            )
            raise PermissionDenied
    if person is not None and station.kind == Kind.OUT_OF_CITY:
        if not covers(station.region_id, person.region_id) or not (
            person.work_region_id and covers(station.place_id, person.work_region_id)
        ):
            raise StationError(
                _("This person is not of the home area working in the station's city."),
                field="person",
            )
    with transaction.atomic():
        event = StationService(
            station=station,
            region_id=station.region_id,
            place_id=station.place_id,
            person=person,
            kind=kind,
            on=on,
            note=note,
            staff=by,
        )
        event.full_clean(exclude=["staff"] if by is None else None)
        event.save()
        log_action(
            "stations.service.recorded",
            request=request,
            actor=by,
            obj=event,
            detail={"kind": kind, "on": on.isoformat()},
        )
    return event


# The 15-minute employment service circle --------------------------------------------------------


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following


def circle(month: datetime.date, station: Station | None = None) -> list[tuple[str, str, int]]:
    """(kind, label, count) for the six circle figures and the out-of-city services, counted
    from the services recorded in the month in the current area (or at one station)."""
    first, following = month_bounds(month)
    events = StationService.objects.filter(on__gte=first, on__lt=following)
    if station is not None:
        events = events.filter(station=station)
    counts = dict(events.values_list("kind").annotate(n=Count("pk")).order_by())
    return [(k.value, k.label, counts.get(k.value, 0)) for k in (*CIRCLE, *_OTHERS)]


_OTHERS = tuple(k for k in ServiceKind if k not in CIRCLE)


def circle_rows(month: datetime.date, kind: str, station: Station | None = None):
    """The services behind one figure of `circle`."""
    first, following = month_bounds(month)
    events = StationService.objects.filter(on__gte=first, on__lt=following, kind=kind)
    if station is not None:
        events = events.filter(station=station)
    return events.select_related("station", "person", "staff").order_by("-on", "-pk")


# Stations near a person ---------------------------------------------------------------------------


def distance_km(a: Station, lat, lng) -> float | None:
    """Great-circle distance from the station to a point, or None without both points."""
    if not a.has_point or lat is None or lng is None:
        return None
    p1, p2 = math.radians(float(a.latitude)), math.radians(float(lat))
    dp, dl = p2 - p1, math.radians(float(lng) - float(a.longitude))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def near(
    village: str, work: str | None = None, *, lat=None, lng=None, limit: int = 20
) -> list[tuple[Station, str, float | None]]:
    """Open stations for a person of household `village` working in `work` (a region code, or
    None): same village first, then the town, then the county of each place, and the home
    area's out-of-city station in the city where they work; (station, closeness, km) triples,
    with the distance when both have map points. Reads across areas: stations are public."""
    seen: dict[int, tuple] = {}
    for code in (village, work):
        if not code:
            continue
        levels = (
            (code, _("in your village")),
            (town_of(code), _("in your town")),
            (county_of(code), _("in your county")),
        )
        for rank, (prefix, label) in enumerate(levels):
            rows = Station._base_manager.filter(active=True, region__code__startswith=prefix)
            for station in rows.exclude(kind=Kind.OUT_OF_CITY).select_related("region")[:limit]:
                far = distance_km(station, lat, lng)
                key = (rank, far if far is not None else math.inf)
                if station.pk not in seen or key < seen[station.pk][:2]:
                    seen[station.pk] = (*key, station, label, far)
    if work:
        rows = Station._base_manager.filter(active=True, kind=Kind.OUT_OF_CITY)
        for station in rows.select_related("region", "place"):
            if covers(station.region_id, village) and covers(station.place_id or "x", work):
                far = distance_km(station, lat, lng)
                seen[station.pk] = (0, -1.0, station, _("where you work"), far)
    ordered = sorted(seen.values(), key=lambda r: (r[0], r[1], r[2].name))
    return [(s, label, far) for _rank, _key, s, label, far in ordered][:limit]


def public_stations(
    *, area: str = "", lat=None, lng=None, served: str = "", limit: int = 8
) -> list[tuple[Station, float | None]]:
    """Open stations for a visitor who has not signed in (the front page), inside the platform's
    served area `served` (every area when empty): the nearest to a point they shared, or those
    of an area they chose, or else the city and county service centres; (station, km) pairs.
    Stations are public places: read across areas."""
    rows = Station._base_manager.filter(active=True).select_related("region", "place")
    if served:
        rows = rows.filter(region__code__startswith=served)
    if lat is not None and lng is not None:
        placed = rows.exclude(latitude=None).exclude(longitude=None)
        ranked = sorted(((s, distance_km(s, lat, lng)) for s in placed), key=lambda r: r[1])
        return ranked[:limit]
    if area:
        rows = rows.filter(region__code__startswith=area)
    else:
        rows = rows.filter(kind__in=[Kind.CITY_CENTRE, Kind.COUNTY_CENTRE])
    return [(s, None) for s in rows.order_by("region_id", "kind", "name")[:limit]]


def station_counties(served: str = "") -> list[tuple[str, str]]:
    """(code, name) of the counties that have an open station, for the front page's picker."""
    codes = Station._base_manager.filter(active=True).values_list("region_id", flat=True)
    counties = sorted({county_of(c) for c in codes if at_or_below(c, "county")})
    if served:
        counties = [c for c in counties if c.startswith(served)]
    names = dict(Region.tree.filter(code__in=counties).values_list("code", "name"))
    return [(c, names[c]) for c in counties if c in names]


def point_from(lat: str | None, lng: str | None) -> tuple[Decimal | None, Decimal | None]:
    """A map point typed or shared by a browser, or (None, None) when it is not one in China."""
    try:
        a, b = Decimal(lat or ""), Decimal(lng or "")
    except (InvalidOperation, ValueError):
        return None, None
    if not (a.is_finite() and b.is_finite()):
        return None, None
    if LATITUDE[0] <= a <= LATITUDE[1] and LONGITUDE[0] <= b <= LONGITUDE[1]:
        return a, b
    return None, None
