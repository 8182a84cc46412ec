"""What the follow-up pages read: the staff's queue (due, overdue, done) and retention at a
milestone by area, employer, push campaign and source (a fair's hires keep source "fair"),
each rate with the follow-ups behind its numerator and denominator."""

from __future__ import annotations

from datetime import timedelta

from homeward.ambassadors.models import Ambassador
from homeward.ambassadors.services import attributed
from homeward.campaigns.models import Campaign
from homeward.employers.models import Employer
from homeward.fairs.models import Fair
from homeward.placements.models import Source
from homeward.regions.codes import LENGTH, is_code, prefix_at
from homeward.regions.models import Region
from homeward.scoping import limit_to_area
from homeward.surveys.progress import child_level

from . import rates
from .models import FollowUp
from .services import OVERDUE_DAYS

SHOWS = ("due", "overdue", "upcoming", "done")
GROUPINGS = ("area", "employer", "campaign", "source", "ambassador", "fair")
WHICH = ("kept", "answered", "waiting")
NO_CAMPAIGN = "none"  # also: no ambassador, no fair


def queue(show: str, today):
    """Follow-ups of the current area: due (not answered, fell due in the last two weeks),
    overdue (older), upcoming (the next 30 days), done."""
    rows = FollowUp.objects.select_related("worker", "worker__region", "employer", "application")
    late = today - timedelta(days=OVERDUE_DAYS)
    if show == "overdue":
        return rows.filter(result="", due_on__lt=late)
    if show == "upcoming":
        return rows.filter(result="", due_on__gt=today, due_on__lte=today + timedelta(days=30))
    if show == "done":
        return rows.exclude(result="").order_by("-recorded_at", "-pk")
    return rows.filter(result="", due_on__lte=today, due_on__gte=late)


def _key_field(by: str) -> str:
    return {
        "area": "region_id",
        "employer": "employer_id",
        "campaign": "application__campaign_id",
        "source": "application__source",
        "ambassador": "application_id",  # mapped through the referrals (ambassadors.services)
        "fair": "application__fair_intention__fair_id",
    }[by]


def retention(months: int, by: str, *, area: str, today) -> tuple[rates.Rate, list[dict]]:
    """The overall rate and one per group at `months`, over the follow-ups already due."""
    rows = FollowUp.objects.filter(months=months, due_on__lte=today).order_by()
    values = list(rows.values_list(_key_field(by), "pk", "result"))
    level = child_level(area) if area and len(area) < LENGTH["village"] else None
    if by == "area":
        values = [(prefix_at(code, level) if level else code, pk, r) for code, pk, r in values]
    elif by in ("campaign", "fair"):
        values = [(key or NO_CAMPAIGN, pk, r) for key, pk, r in values]
    elif by == "ambassador":
        owner = attributed({key for key, _pk, _r in values})
        values = [(owner.get(key, NO_CAMPAIGN), pk, r) for key, pk, r in values]
    whole = rates.overall(values)
    groups = rates.rates(values)
    labels = _labels(by, list(groups))
    shown = [
        {"key": key, "label": labels.get(key, key), "rate": rate}
        for key, rate in sorted(groups.items(), key=lambda item: str(labels.get(item[0], "")))
    ]
    return whole, shown


def _labels(by: str, keys: list) -> dict:
    if by == "area":
        return dict(Region.tree.filter(code__in=keys).values_list("code", "name"))
    if by == "employer":
        return dict(Employer._base_manager.filter(pk__in=keys).values_list("pk", "name"))
    if by == "campaign":
        labels = dict(
            Campaign._base_manager.filter(pk__in=[k for k in keys if k != NO_CAMPAIGN]).values_list(
                "pk", "name"
            )
        )
        labels[NO_CAMPAIGN] = "—"
        return labels
    if by in ("ambassador", "fair"):
        model = Ambassador if by == "ambassador" else Fair
        field = "name" if by == "ambassador" else "title"
        ids = [k for k in keys if k != NO_CAMPAIGN]
        labels = dict(model._base_manager.filter(pk__in=ids).values_list("pk", field))
        labels[NO_CAMPAIGN] = "—"
        return labels
    return {value: str(label) for value, label in Source.choices}


def people(months: int, by: str, key: str, which: str, *, today):
    """The follow-ups behind a rate: kept (numerator), answered (denominator) or waiting."""
    rows = FollowUp.objects.filter(months=months, due_on__lte=today)
    if key != "all":
        if by == "area":
            if not is_code(key):
                return rows.none()
            rows = limit_to_area(rows, key)
        elif by == "campaign":
            if key == NO_CAMPAIGN:
                rows = rows.filter(application__campaign__isnull=True)
            else:
                rows = rows.filter(application__campaign_id=int(key) if key.isdigit() else 0)
        elif by == "fair":
            if key == NO_CAMPAIGN:
                rows = rows.filter(application__fair_intention__isnull=True)
            else:
                rows = rows.filter(application__fair_intention__fair_id=_int(key))
        elif by == "ambassador":
            owner = attributed(rows.values_list("application_id", flat=True))
            if key == NO_CAMPAIGN:
                rows = rows.exclude(application_id__in=list(owner))
            else:
                mine = [app for app, amb in owner.items() if amb == _int(key)]
                rows = rows.filter(application_id__in=mine)
        elif by == "employer":
            rows = rows.filter(employer_id=int(key) if key.isdigit() else 0)
        else:
            rows = rows.filter(application__source=key)
    if which == "kept":
        rows = rows.filter(result="employed")
    elif which == "answered":
        rows = rows.exclude(result="")
    else:
        rows = rows.filter(result="")
    return rows.select_related("worker", "worker__region", "employer").order_by("due_on", "pk")


def _int(key: str) -> int:
    return int(key) if key.isdigit() else 0
