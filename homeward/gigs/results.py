"""The figures of the gig markets of an area over a period, each with the rows behind it:
gigs posted and filled, people signed in, people sent, gigs checked out, no-shows both ways,
and the pay recorded. Counted from the records (`Gig`, `SignIn`, `Dispatch`), never typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from .models import Dispatch, DispatchStatus, Gig, GigStatus, SignIn


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: object
    rows: str  # the key of the list behind it


def _gigs(start: date, end: date):
    return Gig.objects.filter(on__gte=start, on__lte=end).exclude(
        status__in=(GigStatus.REFUSED, GigStatus.CANCELLED)
    )


def _dispatches(start: date, end: date):
    return Dispatch.objects.filter(gig__on__gte=start, gig__on__lte=end)


ROWS = {
    "gigs": lambda s, e: _gigs(s, e),
    "filled": lambda s, e: _gigs(s, e).filter(status__in=(GigStatus.FILLED, GigStatus.DONE)),
    "signins": lambda s, e: SignIn.objects.filter(on__gte=s, on__lte=e),
    "sent": lambda s, e: _dispatches(s, e),
    "done": lambda s, e: _dispatches(s, e).filter(status=DispatchStatus.DONE),
    "no_show": lambda s, e: _dispatches(s, e).filter(status=DispatchStatus.NO_SHOW),
    "absent": lambda s, e: _dispatches(s, e).filter(status=DispatchStatus.EMPLOYER_ABSENT),
}
LABELS = {
    "gigs": _("gigs posted"),
    "filled": _("gigs that got everyone they needed"),
    "signins": _("sign-ins at the markets"),
    "sent": _("people sent to gigs"),
    "done": _("gigs worked and checked out"),
    "no_show": _("sent but never came"),
    "absent": _("employer never came"),
}
KEYS = tuple(ROWS)


def rows(key: str, start: date, end: date):
    return ROWS[key](start, end)


def figures(start: date, end: date) -> list[Figure]:
    """The area's figures (the current area: the caller's scope) from `start` to `end`."""
    counts = [Figure(key, LABELS[key], rows(key, start, end).count(), key) for key in KEYS]
    pay = rows("done", start, end).aggregate(total=Sum("paid"))["total"] or Decimal("0.00")
    people = rows("signins", start, end).aggregate(n=Count("worker", distinct=True))["n"]
    return [
        *counts,
        Figure("pay", _("pay recorded (yuan)"), pay, "done"),
        Figure("people", _("people who came to the markets"), people, "signins"),
    ]


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def week_income(worker_id: int, day: date):
    """A gig worker's checked-out gigs of the week holding `day`, and their pay."""
    start, end = week_of(day)
    done = (
        Dispatch._base_manager.filter(
            worker_id=worker_id,
            status=DispatchStatus.DONE,
            gig__on__gte=start,
            gig__on__lte=end,
        )
        .select_related("gig", "gig__employer")
        .order_by("gig__on", "ended_at")
    )
    total = sum((d.paid for d in done), Decimal("0.00"))
    return start, end, list(done), total
