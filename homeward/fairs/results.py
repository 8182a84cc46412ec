"""A fair's results, and a season's: counted from the records, each figure with its rows.

employers and postings: at the approved booths; headcount offered: the people those postings
ask for; attendees: check-ins (low-income among them by the person's registry record);
intentions (low-income among them); hires so far: intentions whose application was hired.
Every figure is a queryset, so a page shows the number and links to the same rows listed.
"""

from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from homeward.jobs.models import Posting, PostingQuerySet
from homeward.placements.models import Status

from .models import BoothStatus, CheckIn, Intention

# The figures in the order pages show them: (key, label, kind of rows behind it).
FIGURES = (
    ("employers", _("employer booths"), "booths"),
    ("postings", _("job postings"), "postings"),
    ("headcount", _("people wanted"), "postings"),
    ("attendees", _("attendees"), "checkins"),
    ("attendees_low_income", _("low-income attendees"), "checkins"),
    ("intentions", _("intentions"), "intentions"),
    ("intentions_low_income", _("low-income intentions"), "intentions"),
    ("hires", _("hired so far"), "intentions"),
)
KEYS = tuple(key for key, _label, _rows in FIGURES)


def postings_at(fairs) -> PostingQuerySet:
    """The postings of the approved booths of `fairs` (a fair, or a queryset of fairs), read
    past the posting's own area: an employer of another county may come to the fair."""
    fair_filter = (
        {"booths__fair__in": fairs} if hasattr(fairs, "model") else {"booths__fair": fairs}
    )
    return (
        PostingQuerySet(Posting)
        .filter(booths__status=BoothStatus.APPROVED, **fair_filter)
        .distinct()
        .order_by("employer__name", "pk")
    )


def rows(fairs, key: str):
    """The records behind figure `key` for a queryset of fairs (the staff's scoped fairs)."""
    from .models import Booth

    if key == "employers":
        return (
            Booth.objects.filter(fair__in=fairs, status=BoothStatus.APPROVED)
            .select_related("fair", "employer")
            .order_by("fair", "employer__name")
        )
    if key in ("postings", "headcount"):
        return postings_at(fairs).select_related("employer")
    if key.startswith("attendees"):
        qs = CheckIn.objects.filter(fair__in=fairs).select_related("fair", "worker")
        return qs.exclude(worker__low_income="") if key.endswith("low_income") else qs
    qs = Intention.objects.filter(fair__in=fairs).select_related(
        "fair", "worker", "posting", "posting__employer", "application"
    )
    if key == "intentions_low_income":
        return qs.exclude(worker__low_income="")
    if key == "hires":
        return qs.filter(application__status=Status.HIRED)
    return qs


@dataclass
class Results:
    employers: int
    postings: int
    headcount: int
    attendees: int
    attendees_low_income: int
    intentions: int
    intentions_low_income: int
    hires: int

    def figures(self):
        return [(key, label, getattr(self, key)) for key, label, _rows in FIGURES]


def results(fairs) -> Results:
    """The figures of a queryset of fairs (one fair: `Fair.objects.filter(pk=…)`)."""
    booths = rows(fairs, "employers")
    postings = Posting._base_manager.filter(pk__in=postings_at(fairs).values("pk"))
    return Results(
        employers=booths.count(),  # booths: an employer at two fairs of a season is two visits
        postings=postings.count(),
        headcount=postings.aggregate(n=Sum("headcount"))["n"] or 0,
        attendees=rows(fairs, "attendees").count(),
        attendees_low_income=rows(fairs, "attendees_low_income").count(),
        intentions=rows(fairs, "intentions").count(),
        intentions_low_income=rows(fairs, "intentions_low_income").count(),
        hires=rows(fairs, "hires").count(),
    )
