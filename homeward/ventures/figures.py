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
