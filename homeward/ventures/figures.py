"""The area's figures of returnee ventures, each counted from records with the list behind it:
ventures, founders, jobs created (hires through the businesses' postings and recorded employees),
low-income people among them, ventures in a park, with a startup loan, with a liaison officer,
and problems the liaison officers solved. The current area is the caller's (the scoped managers).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Contact, Venture
from .services import jobs_by_venture

VENTURE_ROWS = {
    "ventures": lambda qs: qs,
    "in_parks": lambda qs: qs.filter(tenancies__moved_out_on__isnull=True).distinct(),
    "with_loans": lambda qs: _with_loans(qs),
    "liaised": lambda qs: qs.filter(assignments__isnull=False).distinct(),
}
LABELS = {
    "ventures": _("returnee ventures"),
    "founders": _("returnee founders"),
    "jobs": _("jobs created"),
    "low_income": _("low-income people employed"),
    "in_parks": _("ventures in a park"),
    "with_loans": _("ventures with a startup loan"),
    "liaised": _("ventures with a liaison officer"),
    "solved": _("problems solved by liaison officers"),
}


def _with_loans(qs):
    from homeward.loans.models import Loan

    lent = Loan._base_manager.filter(status__in=(Loan.Status.DISBURSED, Loan.Status.SETTLED))
    return qs.filter(
        Q(founder_id__in=lent.values("worker_id")) | Q(employer_id__in=lent.values("employer_id"))
    )


def ventures(key: str):
    return VENTURE_ROWS[key](Venture.objects.select_related("founder", "region", "employer"))


def jobs(*, low_income: bool = False):
    rows = []
    listed = list(Venture.objects.select_related("employer"))
    by_venture = jobs_by_venture(listed)
    for venture in listed:
        for job in by_venture[venture.pk]:
            if not low_income or job.low_income:
                rows.append((venture, job))
    return rows


def solved():
    return Contact.objects.filter(solved_on__isnull=False).select_related(
        "assigned__venture", "assigned__liaison"
    )


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    url: str


def figures(url_of) -> list[Figure]:
    """`url_of(key)` gives the list behind each figure."""
    all_jobs = jobs()
    counts = {
        "ventures": ventures("ventures").count(),
        "founders": ventures("ventures").values("founder_id").distinct().count(),
        "jobs": len(all_jobs),
        "low_income": sum(1 for _v, job in all_jobs if job.low_income),
        "in_parks": ventures("in_parks").count(),
        "with_loans": ventures("with_loans").count(),
        "liaised": ventures("liaised").count(),
        "solved": solved().count(),
    }
    return [Figure(key, LABELS[key], value, url_of(key)) for key, value in counts.items()]


# Expert teams' field visits (专家团基层行) --------------------------------------------------------

VISIT_LABELS = {
    "visits": _("field visits"),
    "served": _("founders served"),
    "ventures": _("ventures served"),
    "problems": _("problems raised"),
    "solved": _("problems solved"),
}


def visit_rows(key: str, place: str | None = None):
    """The rows behind a field-visit figure, in the current area (and inside `place`, a code of
    it, when given): visits, founders served (one row per founder and visit), ventures served
    (the rows with a venture), problems raised and those solved."""
    from homeward.scoping import prefix_range

    from .models import FieldVisit, Problem, Served

    def inside(qs, path):
        if not place:
            return qs
        low, high = prefix_range(place)
        return qs.filter(**{f"{path}__gte": low, f"{path}__lt": high})

    if key == "visits":
        return inside(FieldVisit.objects.select_related("team", "region"), "region_id")
    if key in ("served", "ventures"):
        rows = inside(
            Served.objects.select_related("visit__team", "visit__region", "founder", "venture"),
            "visit__region_id",
        )
        return rows.filter(venture__isnull=False) if key == "ventures" else rows
    rows = inside(
        Problem.objects.select_related(
            "served__visit__region", "served__founder", "served__venture"
        ),
        "served__visit__region_id",
    )
    return rows.filter(status=Problem.Status.SOLVED) if key == "solved" else rows


def visit_figures(area: str, url_of) -> tuple[list[Figure], list[dict]]:
    """The area's field-visit figures, and the same per place one level below the area (each
    count from `visit_rows`, `url_of(key, place)` the list behind it)."""
    from homeward.regions.codes import LEVELS, is_code, level_of, prefix_at
    from homeward.regions.models import Region

    totals = [
        Figure(key, VISIT_LABELS[key], visit_rows(key).count(), url_of(key, ""))
        for key in VISIT_LABELS
    ]
    if area and not is_code(str(area)):
        return totals, []  # a placed area (an out-of-city station's staff): no places below
    level = level_of(area) if area else None
    child = LEVELS[LEVELS.index(level) + 1] if level in LEVELS[:-1] else LEVELS[0]
    if level == LEVELS[-1]:
        return totals, []
    counts: dict[str, dict[str, int]] = {}
    for key in VISIT_LABELS:
        path = {"visits": "region_id", "served": "visit__region_id",
                "ventures": "visit__region_id"}.get(key, "served__visit__region_id")  # fmt: skip
        for code in visit_rows(key).values_list(path, flat=True):
            place = prefix_at(code, child)
            counts.setdefault(place, dict.fromkeys(VISIT_LABELS, 0))[key] += 1
    names = dict(Region.tree.filter(code__in=list(counts)).values_list("code", "name"))
    rows = [
        {"code": code, "name": names.get(code, code),
         "figures": [Figure(k, VISIT_LABELS[k], n, url_of(k, code)) for k, n in c.items()]}
        for code, c in sorted(counts.items())
    ]  # fmt: skip
    return totals, rows
