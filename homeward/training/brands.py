"""A labour brand's figures, from records: its members (people who completed a course of the
brand or hold a certificate of one), the courses and employers behind it, its members' hires
(`placements`) with their wages, their incomes on the registry, and its jobs — the open postings
of its occupations in its home area (matched to the catalogue as matching places them).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from homeward.jobs.models import Posting, PostingQuerySet
from homeward.matching.text import place_occupation
from homeward.placements.models import Application
from homeward.placements.models import Status as ApplicationStatus
from homeward.scoping import limit_to_area
from homeward.workers.models import Worker

from .models import Brand, Certificate, Course, Enrolment


def member_ids(brand: Brand) -> set[int]:
    """People trained (a completed course) or certified under the brand."""
    completed = Enrolment._base_manager.filter(
        course__brand=brand, status=Enrolment.Status.COMPLETED
    ).values_list("worker_id", flat=True)
    certified = Certificate._base_manager.filter(enrolment__course__brand=brand).values_list(
        "worker_id", flat=True
    )
    return set(completed) | set(certified)


@dataclass
class BrandFigures:
    members: list  # Worker, in the viewer's area
    courses: list
    hires: list  # Application (hired) of members
    employers: list  # employers behind it: named on the brand, hiring its members, hosting courses
    average_income: Decimal | None  # members' monthly income on the registry
    incomes_counted: int


def figures(brand: Brand) -> BrandFigures:
    ids = member_ids(brand)
    members = list(
        Worker.objects.filter(pk__in=ids).only("pk", "name", "region_id", "monthly_income")
    )
    shown = {w.pk for w in members}
    courses = list(Course._base_manager.filter(brand=brand).select_related("provider"))
    hires = list(
        Application._base_manager.filter(worker_id__in=shown, status=ApplicationStatus.HIRED)
        .select_related("worker", "posting__employer")
        .order_by("-hired_on")
    )
    employers = {e.pk: e for e in brand.employers.all()}
    for application in hires:
        employers.setdefault(application.posting.employer_id, application.posting.employer)
    incomes = [w.monthly_income for w in members if w.monthly_income is not None]
    average = (sum(incomes) / len(incomes)).quantize(Decimal("0.01")) if incomes else None
    return BrandFigures(members, courses, hires, list(employers.values()), average, len(incomes))


def jobs(brand: Brand, limit: int = 50) -> list[Posting]:
    """Open postings in the brand's home area whose occupation is one of the brand's."""
    codes = set(brand.occupation_codes)
    rows = (
        limit_to_area(PostingQuerySet(Posting).on_offer(timezone.localdate()), brand.region_id)
        .select_related("employer", "region")
        .order_by("-published_at", "pk")[:1000]
    )
    found = []
    for posting in rows:
        placed = place_occupation(posting.occupation) or place_occupation(posting.title)
        if placed and placed[0] in codes:
            found.append(posting)
            if len(found) >= limit:
                break
    return found
