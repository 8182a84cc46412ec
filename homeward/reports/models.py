"""A town's monthly report on its way up (`Submission`) and every step taken on it (`Step`).

`Submission.figures` is the frozen copy of the town's figures (and its villages') at the moment
it was submitted: {area code: {figure key: value}}, money as text with two decimals. It is
written only by `services.submit_month`; an approved report is locked until a county or the
city reopens it with a reason (`services.reopen`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.scoping import ScopedModel
from homeward.stats.models import MONTHS

from . import rules


class State(models.TextChoices):
    SUBMITTED = rules.SUBMITTED, _("submitted, waiting for the county")
    COUNTY_APPROVED = rules.COUNTY_APPROVED, _("approved by the county, waiting for the city")
    APPROVED = rules.APPROVED, _("approved by the city (locked)")
    RETURNED = rules.RETURNED, _("sent back for correction")


class StepKind(models.TextChoices):
    SUBMIT = rules.SUBMIT, pgettext_lazy("reports", "submitted")
    APPROVE = rules.APPROVE, pgettext_lazy("reports", "approved")
    SEND_BACK = rules.SEND_BACK, _("sent back")
    REOPEN = rules.REOPEN, _("reopened for a correction")


class Submission(ScopedModel):
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("town"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(pgettext_lazy("statistics", "month"), validators=[MONTHS])
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    figures = models.JSONField(_("figures as submitted"), default=dict, editable=False)
    first_submitted_on = models.DateField(_("first submitted on"), editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    filled_by = models.CharField(_("filled in by"), max_length=50, blank=True)
    head = models.CharField(_("head of the office (负责人)"), max_length=50, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["region", "month"], name="reports_one_per_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte="2000-01-01", month__lte="2100-12-01"),
                name="reports_month_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} {self.state}"

    @property
    def locked(self) -> bool:
        return self.state in rules.LOCKED

    @property
    def on_time(self) -> bool:
        return rules.on_time(self.month, self.first_submitted_on)


class Step(ScopedModel):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=12, choices=StepKind.choices)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    level = models.CharField(_("level"), max_length=8)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "submission__region_id"

    class Meta:
        verbose_name = _("step of a monthly report")
        verbose_name_plural = _("steps of monthly reports")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.kind}"
