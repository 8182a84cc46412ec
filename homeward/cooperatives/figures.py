"""The figures of cooperatives, each counted from its rows: one queryset per figure (`rows`),
the figure is that queryset's count (or, for income, the sum of its pay), so every number opens
exactly its list. Querysets are the scoped managers': a figure of the area counts the viewer's
area, a cooperative's figure its own rows.

- members: open memberships;
- active: dispatches out at work now (status active);
- dispatched_month: memberships with a place on a live or closed dispatch whose days touch this
  calendar month (a member counted once however many dispatches);
- income_year: the pay recorded for members on dispatches closed, whose last day falls this year
  (yuan, two decimals);
- placed: members hired through the cooperative's collected postings (placements' hires);
- to_close (the staff home's queue, not on the list): dispatches out past their last day.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Dispatch, DispatchMember, Membership, Placement

FIGURES = (
    ("members", _("members")),
    ("active", _("dispatches out now")),
    ("dispatched_month", _("members dispatched this month")),
    ("income_year", _("paid to members this year (yuan)")),
    ("placed", _("members placed in jobs")),
)
KEYS = tuple(key for key, _label in FIGURES)
# The staff home's queue: dispatches past their last day still waiting for the members' pay.
TO_CLOSE = ("to_close", _("dispatches ended, pay not recorded yet"))
LABELS = dict((*FIGURES, TO_CLOSE))


def _month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def rows(key: str, *, cooperative=None, today: date | None = None):
    today = today or timezone.localdate()
    where = {"cooperative": cooperative} if cooperative is not None else {}
    if key == "members":
        return Membership.objects.filter(left_on__isnull=True, **where).select_related(
            "worker", "worker__region", "cooperative"
        )
    if key == "active":
        return Dispatch.objects.filter(status=Dispatch.Status.ACTIVE, **where).select_related(
            "order", "cooperative"
        )
    if key == "to_close":
        return Dispatch.objects.filter(
            status=Dispatch.Status.ACTIVE, ends_on__lt=today, **where
        ).select_related("order", "cooperative")
    if key == "dispatched_month":
        first, last = _month(today)
        places = DispatchMember.objects.filter(
            cancelled=False,
            dispatch__status__in=(Dispatch.Status.ACTIVE, Dispatch.Status.CLOSED),
            starts_on__lte=last,
            ends_on__gte=first,
        )
        if cooperative is not None:
            places = places.filter(dispatch__cooperative=cooperative)
        return Membership.objects.filter(
            pk__in=places.values("membership_id"), **where
        ).select_related("worker", "worker__region", "cooperative")
    if key == "income_year":
        places = DispatchMember.objects.filter(
            cancelled=False,
            dispatch__status=Dispatch.Status.CLOSED,
            ends_on__year=today.year,
            pay__isnull=False,
        )
        if cooperative is not None:
            places = places.filter(dispatch__cooperative=cooperative)
        return places.select_related(
            "worker", "dispatch", "dispatch__order", "dispatch__cooperative"
        )
    if key == "placed":
        return Placement.objects.filter(application__status="hired", **where).select_related(
            "membership__worker", "order", "cooperative", "application"
        )
    raise KeyError(key)


def value(key: str, queryset) -> int | Decimal:
    if key == "income_year":
        return queryset.aggregate(total=Sum("pay"))["total"] or Decimal("0.00")
    return queryset.count()


def figures(*, cooperative=None, today: date | None = None) -> list[tuple[str, str, object]]:
    return [
        (key, label, value(key, rows(key, cooperative=cooperative, today=today)))
        for key, label in FIGURES
    ]


_COOPERATIVE_OF = {"income_year": "dispatch__cooperative_id"}  # the others: "cooperative_id"


def by_cooperative(ids, *, today: date | None = None) -> dict[int, dict[str, object]]:
    """Every figure of many cooperatives in one grouped query per figure (the list page): the
    same querysets as `rows`, so each cell still equals the list it links to."""
    ids = list(ids)
    table = {pk: {key: 0 for key in KEYS} | {"income_year": Decimal("0.00")} for pk in ids}
    for key in KEYS:
        path = _COOPERATIVE_OF.get(key, "cooperative_id")
        grouped = rows(key, today=today).filter(**{f"{path}__in": ids}).order_by()
        aggregate = Sum("pay") if key == "income_year" else Count("pk")
        for row in grouped.values(path).annotate(n=aggregate):
            table[row[path]][key] = row["n"] or 0
    return table
