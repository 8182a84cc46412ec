"""The figures of public-welfare posts, counted from the rows of the viewer's area (scoped
managers), each with the query string of the list behind it."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum

from homeward.regions import codes
from homeward.regions.models import Region

from .models import Application, Appointment, Post, StipendLine

PAID = "paid"


def holders():
    return Appointment.objects.filter(status=Appointment.Status.ACTIVE)


def holders_by_kind() -> list[tuple[str, str, int]]:
    """(kind, label, active holders) for each kind that has any."""
    labels = dict(Post.Kind.choices)
    rows = holders().values("post__kind").annotate(n=Count("pk")).order_by("post__kind")
    return [(r["post__kind"], labels.get(r["post__kind"], r["post__kind"]), r["n"]) for r in rows]


def holders_by_area(area: str) -> list[tuple[str, str, int]]:
    """(code, name, active holders) for each area one level below `area` (towns of a county,
    counties of a city …; the villages of a town)."""
    counts: dict[str, int] = {}
    for code in holders().values_list("region_id", flat=True):
        below = _child_of(area, code)
        counts[below] = counts.get(below, 0) + 1
    names = dict(Region.tree.filter(code__in=counts).values_list("code", "name"))
    return [(c, names.get(c, c), n) for c, n in sorted(counts.items())]


def _child_of(area: str, code: str) -> str:
    for ancestor in [*codes.ancestor_codes(code), code]:
        if ancestor.startswith(area) and len(ancestor) > len(area):
            return ancestor
    return code


def stipends(state: str = ""):
    rows = StipendLine.objects.select_related(
        "appointment__holder", "appointment__post", "entitlement"
    )
    if state == PAID:
        rows = rows.filter(entitlement__status="paid")
    return rows


def stipend_totals() -> dict:
    def total(rows):
        return rows.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")

    return {"submitted": total(stipends()), "paid": total(stipends(PAID))}


WAITING_FOR = {"town": Application.Status.SUBMITTED, "county": Application.Status.REVIEWED}


def waiting_for(user):
    """The applications of the user's area waiting for the user's level (the staff home's
    queue): the town reviews, the county approves."""
    status = WAITING_FOR.get("county" if user.is_superuser else (user.level or ""))
    if status is None:
        return Application.objects.none()
    return Application.objects.filter(status=status).select_related("post", "worker")
