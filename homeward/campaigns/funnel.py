"""A campaign's funnel: sent → delivered → opened the link → applied → hired.

The counts come from the deliveries (sent, delivered, clicked) and from the applications whose
`campaign` is set (the portal sets it when a person who opened the link applies within 14 days).
The chart's geometry is the template's (campaigns/_chart.html); here are counts and rates.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from homeward.placements.models import Application
from homeward.placements.models import Status as ApplicationStatus

from .models import Campaign, Delivery

STEPS = ("sent", "delivered", "clicked", "applied", "hired")
Skip = Delivery.SkipReason
QUEUED, SENDING, FAILED, SKIPPED = (
    Delivery.Status.QUEUED,
    Delivery.Status.SENDING,
    Delivery.Status.FAILED,
    Delivery.Status.SKIPPED,
)


def _delivery_counts():
    return {
        "audience": Count("pk"),
        "sent": Count("pk", filter=Q(sent_at__isnull=False)),
        "delivered": Count("pk", filter=Q(delivered_at__isnull=False)),
        "clicked": Count("pk", filter=Q(clicked_at__isnull=False)),
        "waiting": Count("pk", filter=Q(status__in=(QUEUED, SENDING))),
        "failed": Count("pk", filter=Q(status=FAILED)),
        "skipped": Count("pk", filter=Q(status=SKIPPED)),
    }


def _application_counts():
    return {
        "applied": Count("worker", distinct=True),
        "hired": Count("worker", filter=Q(status=ApplicationStatus.HIRED), distinct=True),
    }


def steps(counts: dict) -> list[dict]:
    """The funnel's steps with counts, the rate from the step before and the share of sent."""
    top = max(counts.get("sent", 0), 1)
    out, before = [], None
    labels = {
        "sent": _("sent"),
        "delivered": _("delivered"),
        "clicked": _("opened the link"),
        "applied": _("applied"),
        "hired": _("hired"),
    }
    for name in STEPS:
        n = counts.get(name, 0) or 0
        out.append(
            {
                "name": name,
                "label": labels[name],
                "count": n,
                # Of the step before (None for the first), and of those sent, in per cent.
                "rate": None if before is None else _percent(n, before),
                "of_sent": _percent(n, top),
            }
        )
        before = n
    return out


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "0.0"


def campaign_funnel(campaign: Campaign) -> dict:
    """Counts of one campaign's deliveries, its funnel and why people were skipped.

    Read through the scoped managers: a page shows what the viewer's area holds (all of it, for
    the staff of the campaign's area).
    """
    deliveries = Delivery.objects.filter(campaign=campaign)
    counts = deliveries.aggregate(**_delivery_counts())
    counts.update(Application.objects.filter(campaign=campaign).aggregate(**_application_counts()))
    labels = dict(Skip.choices)
    skipped = (
        deliveries.filter(status=SKIPPED)
        .values_list("skip_reason")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    failures = (
        deliveries.filter(status=FAILED)
        .values_list("error")
        .annotate(n=Count("pk"))
        .order_by("-n")[:5]
    )
    return {
        "counts": counts,
        "steps": steps(counts),
        "skipped": [(r, str(labels.get(r, r)), n) for r, n in skipped],
        "failures": list(failures),
    }


def channel_funnels(campaigns) -> list[dict]:
    """The funnel of each channel over `campaigns` (a queryset of the viewer's campaigns)."""
    ids = campaigns.values("pk")
    by_channel = {
        row["campaign__channel"]: row
        for row in Delivery.objects.filter(campaign__in=ids)
        .values("campaign__channel")
        .annotate(**_delivery_counts())
    }
    for row in (
        Application.objects.filter(campaign__in=ids)
        .values("campaign__channel")
        .annotate(**_application_counts())
    ):
        by_channel.setdefault(row["campaign__channel"], {}).update(row)
    labels = dict(Campaign._meta.get_field("channel").choices)
    return [
        {
            "code": channel,
            "channel": labels.get(channel, channel),
            "counts": row,
            "steps": steps(row),
        }
        for channel, row in sorted(by_channel.items())
    ]
