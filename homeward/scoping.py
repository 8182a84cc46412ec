"""Area scoping: the one mechanism that limits every query of regional data to an area.

An area is a region code; a record belongs to every area whose code is a prefix of the record's
region code (village 321311102201 is in town 321311102, county 321311, city 3213, province 32).

Every model that carries a region uses `ScopedManager` as its default manager and names the path
to its region code in `region_field`. The manager filters every query — list, get, count,
aggregate, export, admin — to the *current area*, which `AreaScopeMiddleware` sets from the signed
-in user for each request. Outside a request, code must say which area it works in
(`area_scope(code)`) or that it deliberately works across all of them (`unscoped()`); a query with
no area set raises `ScopeError` instead of silently reading everything.

Inside an area, some staff see fewer records: a model may name in `assignment` the path to the
key of the record it belongs to and the registered rule that says which of those keys the
*current viewer* is assigned to (`register_assignments`; e.g. an arbitrator sees only the cases
of their tribunals). The same managers add that condition, bound when the SQL is built, so it
holds on every page, list, count and admin page alike; outside a request there is no viewer and
no such limit.

A second kind of area, `PlacedArea` (home prefix × current-place prefix), is the area of an
out-of-city station's staff (驻外服务站, issue 17): the records whose region lies in the home area
**and** whose current place lies in the destination area. Only models that name the path to
that place in `place_field` (a worker's region of work, a station's destination) have such
records; every other model shows a placed area nothing. Its text is no region code, so code that
treats an area as a plain prefix (`covers`, `limit_to_area` of another field) matches nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

from homeward.regions.codes import covers  # callers import it from here too

WHOLE_COUNTRY = ""  # the prefix of every code
NOWHERE = None  # the area of an anonymous visitor: matches no record

_UNSET = object()
_current_area: ContextVar[object] = ContextVar("homeward_area", default=_UNSET)


class ScopeError(RuntimeError):
    """A regional model was queried with no area set."""


class PlacedArea(str):
    """The records of `home` whose current place is in `place`; as text, a prefix of no code."""

    home: str
    place: str

    def __new__(cls, home: str, place: str):
        if not (home and place and home.isdigit() and place.isdigit()):
            raise ValueError(f"a placed area needs two region codes, not {home!r}, {place!r}")
        area = super().__new__(cls, f"{home}@{place}")
        area.home, area.place = home, place
        return area

    def __reduce__(self):
        return PlacedArea, (self.home, self.place)


# Functions user -> PlacedArea | None, asked for signed-in staff without a region (an app that
# gives such people an area registers one in its AppConfig.ready: stations, for its staff).
PLACED_AREA_SOURCES: list = []


def current_area() -> str | None:
    area = _current_area.get()
    if area is _UNSET:
        raise ScopeError(
            "regional data queried outside an area scope: wrap the code in "
            "area_scope(code) or unscoped()"
        )
    return area  # type: ignore[return-value]


@contextmanager
def area_scope(area: str | None) -> Iterator[None]:
    """Limit every scoped query in this block to `area` (a region code; None matches nothing)."""
    token = _current_area.set(area)
    try:
        yield
    finally:
        _current_area.reset(token)


@contextmanager
def unscoped() -> Iterator[None]:
    """Work across every area (and past any assignment limit): for commands, migrations and
    system jobs, never for a request."""
    with area_scope(WHOLE_COUNTRY), viewer_scope(None):
        yield


# ---- assignments: the records a viewer is assigned to, inside their area ----

# rule name -> function(user id) returning the keys assigned to that user, or None when the user
# is not limited to assignments. Registered by the domain apps (their AppConfig.ready).
_ASSIGNMENT_RULES: dict[str, Callable[[int], set[int] | None]] = {}


def register_assignments(rule: str, resolve: Callable[[int], set[int] | None]) -> None:
    _ASSIGNMENT_RULES[rule] = resolve


class Viewer:
    """The signed-in user of a request, with each rule's assignments read once per request."""

    def __init__(self, user_id: int):
        self.user_id = user_id
        self._assigned: dict[str, set[int] | None] = {}

    def assigned(self, rule: str) -> set[int] | None:
        if rule not in self._assigned:
            self._assigned[rule] = _ASSIGNMENT_RULES[rule](self.user_id)
        return self._assigned[rule]


_current_viewer: ContextVar[Viewer | None] = ContextVar("homeward_viewer", default=None)


@contextmanager
def viewer_scope(user) -> Iterator[None]:
    """Apply the assignment rules of `user` (a User, a user id, or None for no limit)."""
    user_id = getattr(user, "pk", user)
    token = _current_viewer.set(Viewer(user_id) if user_id else None)
    try:
        yield
    finally:
        _current_viewer.reset(token)


class AssignedToViewer(models.Expression):
    """WHERE condition "the record's key is one the current viewer is assigned to" (true for a
    viewer the rule does not limit, and outside requests), bound when the SQL is built."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, field: str, rule: str):
        super().__init__()
        self.column = models.F(field)
        self.rule = rule

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        viewer = _current_viewer.get()
        keys = viewer.assigned(self.rule) if viewer is not None else None
        if keys is None:
            return "1 = 1", []
        if not keys:
            return "1 = 0", []
        sql, params = compiler.compile(self.column)
        ordered = sorted(keys)
        return f"{sql} IN ({', '.join(['%s'] * len(ordered))})", [*params, *ordered]


def area_of(user) -> str | None:
    """The area a user may see: a superuser the whole country, staff their region's subtree."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOWHERE
    if user.is_superuser:
        return WHOLE_COUNTRY
    if user.region_id:
        return user.region_id
    for source in PLACED_AREA_SOURCES:
        placed = source(user)
        if placed is not None:
            return placed
    return NOWHERE


def prefix_range(area: str) -> tuple[str, str]:
    """Codes starting with `area` are those in [low, high): an index range, unlike LIKE."""
    return area, area[:-1] + chr(ord(area[-1]) + 1)


def limit_to_area(queryset: models.QuerySet, area: str | None, field: str | None = None):
    """Filter `queryset` to the records inside `area` (for an explicit, known area)."""
    if isinstance(area, PlacedArea):
        place = getattr(queryset.model, "place_field", None)
        if field is not None or place is None:
            return queryset.none()
        home = limit_to_area(queryset, area.home)
        return limit_to_area(home, area.place, field=place)
    field = field or queryset.model.region_field
    if area is NOWHERE:
        return queryset.none()
    if area == WHOLE_COUNTRY:
        return queryset
    low, high = prefix_range(area)
    return queryset.filter(**{f"{field}__gte": low, f"{field}__lt": high})


class InCurrentArea(models.Expression):
    """WHERE condition "the region code lies in the current area", bound when the SQL is built.

    Binding late lets a queryset be made anywhere (a form field at import time, a module
    constant) and still be limited to the area of whoever evaluates it; evaluating it with no
    area set raises ScopeError.
    """

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, field: str, place: str | None = None):
        super().__init__()
        self.column = models.F(field)
        # The current place of a record (None: the model has none, so a placed area sees none).
        self.place = models.F(place) if place else models.Value(None)

    def get_source_expressions(self):
        return [self.column, self.place]

    def set_source_expressions(self, exprs):
        self.column, self.place = exprs

    def as_sql(self, compiler, connection):
        area = current_area()
        if area is NOWHERE:
            return "1 = 0", []
        if area == WHOLE_COUNTRY:
            return "1 = 1", []
        if isinstance(area, PlacedArea):
            if isinstance(self.place, models.Value):
                return "1 = 0", []
            home_sql, home_params = self._within(compiler, self.column, area.home)
            place_sql, place_params = self._within(compiler, self.place, area.place)
            return f"({home_sql} AND {place_sql})", [*home_params, *place_params]
        return self._within(compiler, self.column, area)

    @staticmethod
    def _within(compiler, column, area: str):
        sql, params = compiler.compile(column)
        low, high = prefix_range(area)
        return f"({sql} >= %s AND {sql} < %s)", [*params, low, *params, high]


def area_condition(column: str) -> tuple[str, list]:
    """ "`column` lies in the current area" as SQL and its parameters, for the one fixed query of
    a hot path (`column` quoted by the caller): the rule of `InCurrentArea` for a model with no
    current place, so a placed area sees none of its rows. No area set raises ScopeError."""
    area = current_area()
    if area is NOWHERE or isinstance(area, PlacedArea):
        return "1 = 0", []
    if area == WHOLE_COUNTRY:
        return "1 = 1", []
    low, high = prefix_range(area)
    return f"({column} >= %s AND {column} < %s)", [low, high]


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows `user` may see, whatever area is current (for use outside requests)."""
        return limit_to_area(self, area_of(user))

    def in_area(self, area: str | None):
        return limit_to_area(self, area)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Default manager of every regional model: each query is limited to the current area."""

    def get_queryset(self):
        model = self.model
        queryset = (
            super()
            .get_queryset()
            .filter(InCurrentArea(model.region_field, getattr(model, "place_field", None)))
        )
        assignment = getattr(model, "assignment", None)
        if assignment is not None:
            queryset = queryset.filter(AssignedToViewer(*assignment))
        return queryset


def region_of(obj, path: str | None = None) -> str | None:
    """The region code a record carries, following its model's `region_field` path."""
    path = path or getattr(type(obj), "region_field", None)
    if obj is None or path is None:
        return None
    value = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return str(value)


class OutOfArea(ScopeError):
    """A write of a record outside the current area."""


def check_writable(obj) -> None:
    """Refuse to write a record that lies outside the current area."""
    code = region_of(obj)
    area = current_area()
    if isinstance(area, PlacedArea):
        place_path = getattr(type(obj), "place_field", None)
        place = region_of(obj, place_path) if place_path else None
        if code is None or place is None or not covers(area.home, code):
            raise OutOfArea(f"{obj._meta.label} in region {code!r} is outside the current area")
        if not covers(area.place, place):
            raise OutOfArea(f"{obj._meta.label} placed in {place!r} is outside the current area")
        return
    if code is None or not covers(current_area(), code):
        raise OutOfArea(f"{obj._meta.label} in region {code!r} is outside the current area")


class ScopedModel(models.Model):
    """Base of every regional model: scoped reads, and saves refused outside the current area."""

    region_field: str
    # (path to the key the assignment rule names, rule) — or None: everyone of the area sees it
    assignment: tuple[str, str] | None = None

    objects = ScopedManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        check_writable(self)
        super().save(*args, **kwargs)


class AreaScopeMiddleware:
    """Sets the current area for the request from the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.area = area_of(request.user)
        user = request.user if getattr(request.user, "is_authenticated", False) else None
        with area_scope(request.area), viewer_scope(user):
            return self.get_response(request)
