"""Push campaigns (精准推送): a message to an audience of workers, and what came of it.

A `Campaign` belongs to an area (the staff member's, or a part of it) and reaches the workers of
that area chosen by a registry filter or by the stored matches of some open postings. Sending it
makes one `Delivery` per person: the row that says whether that person was sent the message (at
most once: the database allows one row per campaign and person), why not, and what they did with
its personal link. The flow lives beside: `text.py` (the message), `audience.py` (who, and why
not), `lifecycle.py` (compose, start, cancel), `sending.py` (the batch and watchdog tasks),
`receipts.py` (receipts and clicks) and `funnel.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.outreach.models import Channel, OutboxMessage
from homeward.scoping import ScopedModel


class Campaign(ScopedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENDING = "sending", _("sending")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    class Audience(models.TextChoices):
        FILTER = "filter", _("workers chosen by a registry filter")
        MATCHED = "matched", _("the matched workers of chosen jobs")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("campaign name"), max_length=100)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.FILTER
    )
    # The registry filter's fields (WorkerQuerySet.filtered): {"status": "...", "need": "..."}.
    audience_filter = models.JSONField(_("registry filter"), default=dict, blank=True)
    postings = models.ManyToManyField(
        "jobs.Posting", verbose_name=_("jobs"), blank=True, related_name="+"
    )
    template = models.TextField(_("message"))
    # The SMS provider's approved template its messages go out as (`text.provider_template`):
    # blank → the job push, or the notice for a message naming no jobs; another workstream's
    # campaign names its own (a subsidy invitation: "subsidy_invite").
    sms_template = models.CharField(max_length=30, blank=True, default="", editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    # The one watchdog task allowed to act for this campaign (see tasks.watch_campaign).
    watch_token = models.CharField(max_length=32, blank=True, default="", editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("push campaign")
        verbose_name_plural = _("push campaigns")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_sending(self) -> bool:
        return self.status == self.Status.SENDING


class Delivery(ScopedModel):
    """The campaign's message to one person: queued → sending → sent → delivered, or failed or
    skipped (with the reason). Its region is the person's village, so it is scoped like them."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")

    class SkipReason(models.TextChoices):
        OPTED_OUT = "opted_out", _("does not want messages")
        NO_PHONE = "no_phone", _("no mobile number")
        WEEKLY_CAP = "weekly_cap", _("already had enough messages this week")
        NO_JOB = "no_job", _("no open job matches")
        CANCELLED = "cancelled", _("campaign cancelled")

    # Every status change of a delivery (claimed, then sent) adds an entry to each index whose
    # condition the new row meets on PostgreSQL (the status is indexed: no in-place update), so
    # it keeps no index another covers: the campaign's lookups use (campaign, worker) and the
    # claim index, the worker's (worker, claimed_at), and the token — looked up exactly — a
    # plain unique constraint (a `unique=True` field also gets a LIKE index there).
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    skip_reason = models.CharField(
        _("why skipped"), max_length=12, choices=SkipReason.choices, blank=True
    )
    # The secret of the person's short link /r/<token>: random, unguessable, unique.
    token = models.CharField(max_length=24)
    posting_ids = models.JSONField(_("jobs in the message"), default=list, blank=True)
    # Blank when the gateway keeps the text itself (the outbox): see `text_as_sent`.
    text = models.TextField(_("text as sent"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    provider_message_id = models.CharField(_("provider's message id"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("link opened at"), null=True, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "worker"], name="one_delivery_per_person"),
            models.UniqueConstraint(fields=["token"], name="delivery_token_unique"),
            models.CheckConstraint(
                condition=Q(status="skipped") | Q(skip_reason=""),
                name="skip_reason_only_when_skipped",
            ),
        ]
        indexes = [
            # The batches' claim: this campaign's queued rows in id order, read from the index
            # (on the campaign alone, each claim walked past every row already sent). Only the
            # rows still to send are in it: a row sent, skipped or failed leaves it, so writing
            # its outcome adds no entry here and the index stays the size of the queue.
            models.Index(
                fields=["campaign", "status", "id"],
                name="delivery_claim",
                condition=Q(status__in=["queued", "sending"]),
            ),
            # The weekly cap: a person's recent messages across campaigns.
            models.Index(fields=["worker", "claimed_at"]),
            models.Index(
                fields=["provider_message_id"],
                name="delivery_provider_id",
                condition=~Q(provider_message_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.worker_id}: {self.status}"

    @property
    def text_as_sent(self) -> str:
        """The message as sent: kept here, or read from the outbox, which keeps the text of what
        it delivered (a campaign sent there stores it once, not twice)."""
        stored = self.provider_message_id.removeprefix(OUTBOX_ID)
        if self.text or stored == self.provider_message_id or not stored.isdigit():
            return self.text
        found = OutboxMessage._base_manager.filter(pk=int(stored)).values_list("text", flat=True)
        return found.first() or ""


OUTBOX_ID = "outbox:"  # the outbox's message ids: outbox:<OutboxMessage id>


class SendingPace(models.Model):
    """When the next message of a channel may go (the rate limit shared by every worker process).

    A batch reserves its slots here under a row lock and then sends at that pace; not regional.
    """

    channel = models.CharField(max_length=10, choices=Channel.choices, primary_key=True)
    next_slot = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sending pace")
        verbose_name_plural = _("sending paces")

    def __str__(self) -> str:
        return f"{self.channel}: {self.next_slot}"
