"""What became of a campaign's messages: providers' delivery receipts and the personal link.

Receipts come from the providers (`receipt_views.py`) and find their delivery by our key or the
provider's message id; the link /r/<token> finds its delivery by the token and counts the first
opening as the funnel's "clicked".
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from homeward.jobs.models import Posting

from .audience import open_postings
from .models import Delivery
from .text import KEY_PATTERN, TOKEN_PATTERN

QUEUED, SENDING, SENT, DELIVERED, FAILED = (
    Delivery.Status.QUEUED,
    Delivery.Status.SENDING,
    Delivery.Status.SENT,
    Delivery.Status.DELIVERED,
    Delivery.Status.FAILED,
)


def record_delivery_report(
    *,
    key: str = "",
    provider_message_id: str = "",
    delivered: bool,
    at: datetime | None = None,
    error: str = "",
) -> int:
    """A provider's word on one message, found by our key or by its id; returns the number of
    deliveries it changed (0 for a report already recorded, or about no campaign message).

    Delivered: the delivery becomes delivered (even one queued for a retry, or failed for an
    unknown outcome — the person has it, so it is not sent again). Not delivered: a sent
    delivery becomes failed; a delivered one stays delivered.
    """
    rows = Delivery._base_manager.all()
    if matched := KEY_PATTERN.fullmatch(key or ""):
        rows = rows.filter(campaign_id=int(matched[1]), worker_id=int(matched[2]))
    elif provider_message_id:
        rows = rows.filter(provider_message_id=provider_message_id)
    else:
        return 0
    at = at or timezone.now()
    if delivered:
        fresh = rows.filter(delivered_at__isnull=True)
        changed = fresh.filter(status__in=(SENT, FAILED, QUEUED)).update(
            status=DELIVERED, delivered_at=at, error=""
        )
        # Sent but not yet recorded as such: the batch promotes it when it records the send.
        return changed + fresh.filter(status=SENDING).update(delivered_at=at)
    return rows.filter(status=SENT).update(status=FAILED, error=(error or "not delivered")[:300])


def delivery_for_token(token: str) -> Delivery | None:
    """The sent delivery whose personal link carries `token` (for the portal), else None."""
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    # The link is opened by anyone holding it, outside any area: the token is the key.
    return (
        Delivery._base_manager.select_related("campaign")
        .filter(token=token, sent_at__isnull=False)
        .first()
    )


def postings_of(delivery: Delivery) -> list[Posting]:
    """The jobs the delivery's message named that are still on offer, in its order."""
    offered = open_postings(delivery.posting_ids)
    return [offered[p] for p in delivery.posting_ids if p in offered]


def record_click(token: str) -> Delivery | None:
    """The personal link was opened: the first time counts as the funnel's "clicked"."""
    delivery = delivery_for_token(token)
    if delivery is not None and delivery.clicked_at is None:
        now = timezone.now()
        Delivery._base_manager.filter(pk=delivery.pk, clicked_at__isnull=True).update(
            clicked_at=now
        )
        delivery.clicked_at = now
    return delivery
