"""What the agencies did, counted from the recorded links, with the rows behind each number.

`figures(agencies)` gives (key, label, value) for a queryset of agencies (one agency, or every
agency of the area); `rows(agencies, key)` gives the records a number counts, so every number a
page shows opens its list. Mandates count the employers the agencies recruit for today.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.placements.models import Status

from .models import AgencyPosting, FairEntry, Mandate, Placement

FIGURES = [
    ("employers", _("employers recruited for"), "mandates"),
    ("postings", _("jobs placed"), "postings"),
    ("fairs", _("fairs joined"), "fairs"),
    ("placements", _("placements"), "placements"),
    ("hires", _("hired"), "placements"),
]
KEYS = {key for key, _label, _kind in FIGURES}


def rows(agencies, key: str):
    day = timezone.localdate()
    if key == "employers":
        return (
            Mandate.objects.in_force_on(day)
            .filter(agency__in=agencies)
            .select_related("agency", "employer")
            .order_by("agency__name", "employer__name", "pk")
        )
    if key == "postings":
        return (
            AgencyPosting.objects.filter(agency__in=agencies)
            .select_related("agency", "posting", "posting__employer")
            .order_by("-at", "-pk")
        )
    if key == "fairs":
        return (
            FairEntry.objects.filter(agency__in=agencies)
            .select_related("agency", "fair")
            .order_by("-fair__starts_on", "-pk")
        )
    placements = Placement.objects.filter(agency__in=agencies).select_related(
        "agency",
        "application",
        "application__worker",
        "application__worker__region",
        "application__posting",
        "application__posting__employer",
    )
    if key == "hires":
        placements = placements.filter(application__status=Status.HIRED)
    if key in ("placements", "hires"):
        return placements.order_by("-at", "-pk")
    raise KeyError(key)


def figures(agencies) -> list[tuple[str, str, int]]:
    """One count per figure: the number of rows `rows` lists (an agency holds at most one
    mandate in force per employer, so its mandates in force are its employers)."""
    return [(key, label, rows(agencies, key).order_by().count()) for key, label, _kind in FIGURES]
