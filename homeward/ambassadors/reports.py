"""What the ambassador pages read: the bounty verdicts of the current area's ambassadors grouped
by state (with the people, masked on the page), and recruiting officers' fairs and hires."""

from __future__ import annotations

from homeward.employers.models import EmployerUser
from homeward.fairs.models import Booth, Fair, Intention
from homeward.placements.models import Application, Status
from homeward.scoping import unscoped
from homeward.workers.models import Worker

from . import rules, services
from .models import Ambassador, Referral

SHOWS = (rules.DUE, rules.WAITING, rules.EXCLUDED, rules.APPROVED)


def bounty_groups(*, today, ambassadors=None) -> dict[str, list[dict]]:
    """Each verdict as a row with its ambassador, person, employer and application."""
    verdicts = services.verdicts(today=today, ambassadors=ambassadors)
    c_ids = [v.candidate for v in verdicts]
    with unscoped():
        ambassadors_by = Ambassador._base_manager.in_bulk({c.ambassador_id for c in c_ids})
        workers = Worker._base_manager.select_related("region").in_bulk(
            {c.worker_id for c in c_ids}
        )
        applications = Application._base_manager.select_related(
            "posting", "posting__employer"
        ).in_bulk({c.application_id for c in c_ids})
    groups: dict[str, list[dict]] = {name: [] for name in SHOWS}
    for v in verdicts:
        c = v.candidate
        application = applications[c.application_id]
        groups[v.state].append(
            {
                "verdict": v,
                "referral_id": c.referral_id,
                "ambassador": ambassadors_by[c.ambassador_id],
                "worker": workers[c.worker_id],
                "application": application,
                "employer": application.posting.employer,
            }
        )
    for rows in groups.values():
        rows.sort(key=lambda r: (r["verdict"].falls_due_on or today, r["referral_id"]))
    return groups


def officer_records(employer_user: EmployerUser):
    """An officer's fairs (booths they signed up, intentions they recorded) and the hires of
    those intentions. Read across areas: they are the officer's own records."""
    with unscoped():
        fair_ids = set(
            Booth._base_manager.filter(signed_up_by_employer_user=employer_user).values_list(
                "fair_id", flat=True
            )
        ) | set(
            Intention._base_manager.filter(by_employer_user=employer_user).values_list(
                "fair_id", flat=True
            )
        )
        fairs = list(Fair._base_manager.filter(pk__in=fair_ids).order_by("-starts_on", "pk"))
        hires = list(
            Application._base_manager.filter(
                status=Status.HIRED, fair_intention__by_employer_user=employer_user
            )
            .select_related("worker", "posting")
            .order_by("-hired_on", "pk")
        )
    return fairs, hires


def officer_counts() -> list[dict]:
    rows = []
    officers = EmployerUser.objects.filter(recruiting_officer__isnull=False).select_related(
        "employer"
    )
    for officer in officers:
        fairs, hires = officer_records(officer)
        rows.append({"officer": officer, "fairs": len(fairs), "hires": len(hires)})
    return rows


def referral_count(ambassador) -> int:
    return Referral.objects.filter(ambassador=ambassador).count()
