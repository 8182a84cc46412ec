"""Demo content for the portal: the policy articles of each seed city (homeward.content), a demo
worker who signs in with a known number, and an invited employer user. Idempotent: does nothing
where the content is already there."""

from __future__ import annotations

from django.db import transaction

from homeward.content.demo_data import fill_articles
from homeward.crypto import hash_filter
from homeward.employers.models import Employer, EmployerUser
from homeward.scoping import unscoped
from homeward.workers.models import Worker, WorkerAccount

DEMO_WORKER_PHONE = "13800138000"
DEMO_EMPLOYER_PHONE = "13900139000"


def fill_portal(areas) -> dict:
    """Articles for each seed city, a demo worker's portal account and an employer user."""
    made = {"articles": 0, "worker": "", "employer_user": ""}
    with unscoped(), transaction.atomic():
        made["articles"] = fill_articles(areas)
        made["worker"] = _demo_worker(areas[0])
        made["employer_user"] = _demo_employer_user(areas[0])
    return made


def _demo_worker(area: str) -> str:
    """The first worker of the area gets the demo phone and a portal account."""
    account = WorkerAccount.objects.filter(**hash_filter(WorkerAccount, "phone", DEMO_WORKER_PHONE))
    if found := account.select_related("worker").first():
        return found.worker.name
    if Worker.objects.filter(**hash_filter(Worker, "phone", DEMO_WORKER_PHONE)).exists():
        return ""
    worker = (
        Worker.objects.in_area(area)
        .filter(status="returned_unemployed")
        .exclude(occupation_text="")
        .order_by("pk")
        .first()
    )
    if worker is None:
        return ""
    worker.phone = DEMO_WORKER_PHONE
    worker.consents_to_contact = True
    worker.save(update_fields=["phone", "phone_hash", "consents_to_contact", "updated_at"])
    WorkerAccount.objects.create(worker=worker, phone=DEMO_WORKER_PHONE)
    return worker.name


def _demo_employer_user(area: str) -> str:
    existing = EmployerUser.objects.filter(
        **hash_filter(EmployerUser, "phone", DEMO_EMPLOYER_PHONE)
    ).select_related("employer")
    if found := existing.first():
        return found.employer.name
    employer = Employer.objects.in_area(area).filter(postings__status="published").first()
    if employer is None:
        return ""
    EmployerUser.objects.create(employer=employer, name="王经理", phone=DEMO_EMPLOYER_PHONE)
    return employer.name
