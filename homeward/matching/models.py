"""Stored rankings: the workers best matched to each open posting, from the last computation."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.scoping import ScopedModel


class PostingMatches(ScopedModel):
    """The best workers for one posting (ids, scores, reasons), refreshed when it is published
    or edited and by `homeward match run`. Pages show only the workers of the viewer's area."""

    posting = models.OneToOneField(
        "jobs.Posting", on_delete=models.CASCADE, related_name="matches", primary_key=True
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    matches = models.JSONField(default=list)  # [{"id": worker id, "score": 86.4, "reasons": [...]}]
    pool = models.PositiveIntegerField(_("workers considered"), default=0)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("matched workers of a posting")
        verbose_name_plural = _("matched workers of postings")

    def __str__(self) -> str:
        return f"{self.posting_id}: {len(self.matches)}"


class Referral(ScopedModel):
    """Staff referred a worker to a posting (推荐): who, to what, by whom, when."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="referrals")
    posting = models.ForeignKey("jobs.Posting", on_delete=models.CASCADE, related_name="referrals")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )  # the worker's village: referrals are the worker's records
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred at"), default=timezone.now)
    score = models.FloatField(_("match score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_at"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "posting"], name="one_referral_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} → {self.posting_id}"
