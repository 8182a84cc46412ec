"""A campaign's life: composed as a draft, started (one delivery per person), cancelled.

`start_campaign` writes one `Delivery` per person of the audience in bulk — queued, or skipped
with the reason — in the same transaction as the status change, and enqueues the batch tasks
(`sending.py`) once it commits.
"""

from __future__ import annotations

import json
import math
import uuid
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.services import log_action
from homeward.core.bulk import FastInsert, batches
from homeward.outreach.quiet import quiet_until
from homeward.scoping import area_of, covers, unscoped

from .audience import Candidate, Skip, candidates
from .models import Campaign, Delivery
from .sending import later, send_batch, watch_campaign
from .text import new_token

INSERT_BATCH = 5000
QUEUED, SKIPPED = Delivery.Status.QUEUED, Delivery.Status.SKIPPED


class CampaignStateError(ValueError):
    """The campaign cannot do this from its current status (the message is for people)."""


def create_campaign(*, by, region_code: str, data: dict, postings=(), request=None) -> Campaign:
    """A new draft campaign in `region_code`, which must lie inside the author's area."""
    if not covers(area_of(by), region_code):
        raise CampaignStateError(_("The campaign's area must lie inside your own."))
    with transaction.atomic():
        campaign = Campaign(region_id=region_code, created_by=by, **data)
        campaign.save()
        campaign.postings.set(postings)
        log_action("campaigns.campaign.created", request=request, actor=by, obj=campaign)
    return campaign


def update_campaign(campaign: Campaign, *, by, data: dict, postings=(), request=None):
    """Change a draft; its area (`region_id`) too, inside the author's area."""
    if "region_id" in data and not covers(area_of(by), data["region_id"]):
        raise CampaignStateError(_("The campaign's area must lie inside your own."))
    with transaction.atomic():
        current = Campaign._base_manager.select_for_update().get(pk=campaign.pk)
        if current.status != Campaign.Status.DRAFT:
            raise CampaignStateError(_("Only a draft can be changed."))
        for name, value in data.items():
            setattr(current, name, value)
        current.save(update_fields=[*data, "updated_at"])
        current.postings.set(postings)
        log_action("campaigns.campaign.changed", request=request, actor=by, obj=current)
    return current


def start_campaign(campaign: Campaign, *, by=None, request=None, enqueue: bool = True) -> dict:
    """Draft → sending: one delivery per person (queued or skipped), then the batch tasks.

    The rows go in with one prepared INSERT per few thousand (COPY on PostgreSQL), in the same
    transaction as the status change; the tasks are enqueued once it commits.
    """
    now = timezone.now()
    with transaction.atomic():
        current = Campaign._base_manager.select_for_update().get(pk=campaign.pk)
        if current.status != Campaign.Status.DRAFT:
            raise CampaignStateError(_("This campaign has already been sent or cancelled."))
        people = candidates(current, now=now)
        _insert_deliveries(current, people)
        queued = sum(1 for c in people if not c.skip)
        skipped = Counter(c.skip for c in people if c.skip)
        current.status = Campaign.Status.SENDING if queued else Campaign.Status.DONE
        current.started_at = now
        current.finished_at = None if queued else now
        current.watch_token = uuid.uuid4().hex if queued else ""
        current.save(update_fields=["status", "started_at", "finished_at", "watch_token"])
        log_action(
            "campaigns.campaign.started",
            request=request,
            actor=by,
            obj=current,
            detail={"queued": queued, "skipped": dict(skipped)},
        )
        if queued and enqueue:
            token = current.watch_token
            transaction.on_commit(lambda: enqueue_batches(current.pk, queued, token))
    campaign.status, campaign.started_at = current.status, current.started_at
    return {"queued": queued, "skipped": sum(skipped.values())}


def _insert_deliveries(campaign: Campaign, people: list[Candidate]) -> None:
    insert = FastInsert(Delivery, skip={"id"})
    base = {"campaign_id": campaign.pk, "text": "", "attempts": 0, "error": ""}
    for chunk in batches(people, INSERT_BATCH):
        insert.write(
            [
                insert.row(
                    {
                        **base,
                        "worker_id": c.id,
                        "region_id": c.region_id,
                        "status": SKIPPED if c.skip else QUEUED,
                        "skip_reason": c.skip,
                        "token": new_token(),
                        "posting_ids": json.dumps(c.posting_ids),
                    }
                )
                for c in chunk
            ]
        )


def enqueue_batches(campaign_id: int, queued: int, watch_token: str) -> None:
    """Enough batch tasks for `queued` rows, and the campaign's watchdog."""
    now = timezone.now()
    with unscoped():
        channel = Campaign._base_manager.values_list("channel", flat=True).get(pk=campaign_id)
    held = quiet_until(channel, now)
    for _n in range(math.ceil(queued / settings.CAMPAIGN_BATCH_SIZE)):
        later(send_batch, campaign_id, run_after=held)
    later(
        watch_campaign,
        campaign_id,
        watch_token,
        run_after=now + timedelta(seconds=settings.CAMPAIGN_WATCH_SECONDS),
    )


def cancel_campaign(campaign: Campaign, *, by, request=None) -> int:
    """Stop a draft or a sending campaign; the messages not yet sent are skipped."""
    with transaction.atomic():
        current = Campaign._base_manager.select_for_update().get(pk=campaign.pk)
        if current.status not in (Campaign.Status.DRAFT, Campaign.Status.SENDING):
            raise CampaignStateError(_("This campaign has already finished."))
        stopped = Delivery._base_manager.filter(campaign=current, status=QUEUED).update(
            status=SKIPPED, skip_reason=Skip.CANCELLED
        )
        current.status = Campaign.Status.CANCELLED
        current.finished_at = timezone.now()
        current.save(update_fields=["status", "finished_at"])
        log_action(
            "campaigns.campaign.cancelled",
            request=request,
            actor=by,
            obj=current,
            detail={"unsent": stopped},
        )
    campaign.status = current.status
    return stopped
