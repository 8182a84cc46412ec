"""Demo subsidies: the seed policies with entitlements in every state, and an invitation of the
demo worker to the transport subsidy (fast, idempotent)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from homeward.crypto import hash_filter
from homeward.regions.codes import county_of
from homeward.scoping import area_scope, unscoped
from homeward.workers.models import Worker

from . import services
from .models import Entitlement, Invitation, Policy
from .seeds import install_seed_policies

CARD = "6222021234567890128"
STATES = [
    ("submitted", 0), ("submitted", 1), ("submitted", 2), ("returned", 0), ("refused", 0),
    ("notice", 3), ("objected", 3), ("ready", 3), ("on_hold", 3),
    ("paying", 3), ("failed", 3), ("paid", 3),
]  # fmt: skip


def fill_subsidies(areas) -> int:
    """Returns the entitlements made (0 when the demo already has them)."""
    with unscoped():
        install_seed_policies()
        bonus = Policy._base_manager.filter(code="SQ-RETURN-500").first()
        if bonus is None or Entitlement._base_manager.filter(policy=bonus).exists():
            return 0
        county = "321302" if "3213" in areas else None
        people = list(
            Worker._base_manager.filter(region__code__startswith=county or "3213").order_by("pk")[
                : len(STATES)
            ]
        )
        if len(people) < len(STATES):
            return 0
        today = timezone.localdate()
        Worker._base_manager.filter(pk__in=[w.pk for w in people]).update(
            status="local_employed", returned_on=date(2026, 3, 1)
        )
        made = {}
        with transaction.atomic():
            for (state, step), worker in zip(STATES, people, strict=True):
                worker.refresh_from_db()
                made[state, step] = e = services.apply_for(
                    bonus, worker=worker, bank_name="中国农业银行", bank_account=CARD, today=today
                )
                fields = {"step": step}
                if state in ("notice", "objected", "ready"):
                    fields["notice_ends_on"] = today + timedelta(days=5)
                if state == "ready":  # made ready after the batch below, to be paid next time
                    fields["status"] = "notice"
                elif state in ("on_hold", "paying", "failed", "paid"):
                    fields["status"] = "ready"
                elif state != "submitted":
                    fields["status"] = state
                if state == "returned":
                    fields["reason"] = "请补充劳动合同"
                if state == "refused":
                    fields["refusal_code"] = "evidence"
                Entitlement._base_manager.filter(pk=e.pk).update(**fields)
            hold = made["on_hold", 3]
            Entitlement._base_manager.filter(pk=hold.pk).update(
                status="on_hold", reason="合规复核未通过"
            )
            batch = services.build_batch(
                bonus.fund, county_of(people[0].region_id), today.strftime("%Y-%m"), by=None
            )
            refs = {p.entitlement_id: p.reference for p in batch.payments.all()}
            rows = [
                f"{refs[made['failed', 3].pk]},失败,E05",
                f"{refs[made['paid', 3].pk]},成功,",
            ]
            services.import_return(batch, ("\n".join(rows)).encode(), by=None)
            Entitlement._base_manager.filter(pk=made["ready", 3].pk).update(
                status="ready", notice_ends_on=today - timedelta(days=1)
            )
        return len(made)


INVITED_TO = "SQ-TRANSPORT-50"
RETURNED_ON = date(2026, 3, 1)


def fill_invitation(areas, *, phone: str) -> int:
    """The demo worker (the person signing in with `phone`) invited to the transport subsidy:
    given the facts of a returnee who took a job at home if they lack them (as `fill_subsidies`
    does for its people), found by the candidates scan of their village, invited by the
    county's demo staff through a campaign (`services.invite_candidates(only=…)`) that is
    dispatched at once (the message is in their portal inbox). Returns the invited (0: the
    demo already has its invitation, or lacks the worker, the policy or the staff)."""
    from homeward.accounts.models import Role, User
    from homeward.campaigns.sending import dispatch_batch

    if "3213" not in areas:
        return 0
    with unscoped():
        policy = Policy._base_manager.filter(code=INVITED_TO).first()
        worker = Worker._base_manager.filter(**hash_filter(Worker, "phone", phone)).first()
        if policy is None or worker is None or Invitation._base_manager.exists():
            return 0
        county = county_of(worker.region_id)
        staff = (
            User.objects.filter(role=Role.STAFF, region_id=county, is_active=True)
            .order_by("pk")
            .first()
        )
        if staff is None or Entitlement._base_manager.filter(policy=policy, worker=worker).exists():
            return 0
        version = policy.versions.filter(status="published").order_by("-number").first()
        returned = worker.returned_on
        if version is None:
            return 0
        if not (returned and version.starts_on <= returned <= version.ends_on):
            returned = RETURNED_ON
        if worker.status != "local_employed" or returned != worker.returned_on:
            Worker._base_manager.filter(pk=worker.pk).update(
                status="local_employed", returned_on=returned
            )
    with area_scope(county):
        services.scan_candidates(worker.region_id)
        campaign, queued, _skipped = services.invite_candidates(
            policy, by=staff, channel="inapp", only={worker.pk}
        )
    if queued:
        dispatch_batch(campaign.pk, follow_up=False)
    return queued
