"""What trips achieved, counted from the records, each figure with the sign-ups behind it.

signed up: the sign-ups; came (boarded): those marked on board; hired within 60 days: boarded
passengers of trips home with a hire (placements, any employer) dated from the day of the trip to
60 days after; placed out: passengers of trips out whose arrival the employer (or staff)
confirmed — placements out of the area. Every figure is a queryset of sign-ups, so a page shows
the number and links to the same rows listed.
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from homeward.placements.models import Application, Status

from .models import HIRED_WITHIN_DAYS, SignUp, Trip

# (key, label) in the order pages show them.
FIGURES = (
    ("signed_up", _("people signed up")),
    ("boarded", _("came (boarded)")),
    ("hired", _("hired within 60 days")),
    ("arrived", _("placed out (arrival confirmed)")),
)
KEYS = tuple(key for key, _label in FIGURES)


def _hired_ids(signups) -> list[int]:
    """The boarded passengers of trips home hired within 60 days of their trip's day."""
    boarded = list(
        signups.filter(trip__kind=Trip.Kind.HOME, boarded_at__isnull=False).values_list(
            "pk", "worker_id", "trip__departs_on"
        )
    )
    if not boarded:
        return []
    hires: dict[int, list] = {}
    rows = Application._base_manager.filter(
        worker_id__in={w for _pk, w, _day in boarded}, status=Status.HIRED
    ).values_list("worker_id", "hired_on")
    for worker_id, day in rows:
        hires.setdefault(worker_id, []).append(day)
    return [
        pk
        for pk, worker_id, departs in boarded
        if any(
            departs <= day <= departs + timedelta(days=HIRED_WITHIN_DAYS)
            for day in hires.get(worker_id, [])
        )
    ]


def rows(trips, key: str):
    """The sign-ups behind figure `key` for a queryset of trips (the staff's scoped trips)."""
    signups = SignUp.objects.filter(trip__in=trips)
    if key == "boarded":
        signups = signups.filter(boarded_at__isnull=False)
    elif key == "hired":
        signups = signups.filter(pk__in=_hired_ids(signups))
    elif key == "arrived":
        signups = signups.filter(trip__kind=Trip.Kind.OUT, arrived_at__isnull=False)
    return signups.select_related("trip", "worker", "worker__region", "answer").order_by(
        "trip", "at", "pk"
    )


def figures(trips, *, kinds=None) -> list[tuple[str, str, int]]:
    """(key, label, value) of the figures of `trips`; `kinds` limits which (a trip home has no
    arrivals, a trip out no 60-day hires)."""
    shown = [(k, label) for k, label in FIGURES if kinds is None or k in kinds]
    return [(key, label, rows(trips, key).count()) for key, label in shown]


def figures_of(trip: Trip):
    kinds = (
        ("signed_up", "boarded", "hired") if trip.is_home else ("signed_up", "boarded", "arrived")
    )
    return figures(Trip.objects.filter(pk=trip.pk), kinds=kinds)
