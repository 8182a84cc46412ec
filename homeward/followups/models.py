"""Retention follow-ups (稳岗回访, issue 11): after a hire, a follow-up falls due at each of the
milestones (1, 3 and 6 months by default, `HOMEWARD_FOLLOWUP_MONTHS`), a task for the staff of
the worker's village and town, also answered by the worker on the portal ("还在这里工作吗？") or
confirmed by the employer. One per application and milestone; its result is final."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.scoping import ScopedModel

MILESTONE_MONTHS = (1, 24)  # a milestone's sane range, months after the hire


class Result(models.TextChoices):
    EMPLOYED = "employed", _("still employed")
    LEFT = "left", _("left the job")


class LeftReason(models.TextChoices):
    WAGE = "wage", _("wage")
    DISTANCE = "distance", _("distance")
    FAMILY = "family", _("family")
    CONDITIONS = "conditions", _("working conditions")
    CONTRACT_ENDED = "contract_ended", _("contract ended")
    DISMISSED = "dismissed", _("dismissed")
    OTHER = "other", _("other")


class Via(models.TextChoices):
    STAFF = "staff", _("staff")
    WORKER = "worker", _("the worker on the portal")
    EMPLOYER = "employer", _("the employer on the portal")
    EARLIER = "earlier", _("an earlier follow-up: already left")


class FollowUp(ScopedModel):
    application = models.ForeignKey(
        "placements.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="followups",
    )
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("worker"), on_delete=models.CASCADE, related_name="+"
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )  # the worker's household village: their village and town staff follow up
    months = models.PositiveSmallIntegerField(
        _("months after the hire"),
        validators=[Between(*MILESTONE_MONTHS, field=_("months after the hire"))],
    )
    due_on = models.DateField(_("due on"), validators=[stored_dates(_("due on"))])
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    left_on = models.DateField(
        _("left on"), null=True, blank=True, validators=[stored_dates(_("left on"))]
    )
    reason = models.CharField(
        _("reason for leaving"), max_length=16, choices=LeftReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_via = models.CharField(
        _("recorded by"), max_length=10, choices=Via.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["region", "months", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "months"], name="one_followup_per_milestone"
            ),
            between(
                "months",
                *MILESTONE_MONTHS,
                field=_("months after the hire"),
                constraint="followup_months_range",
                nullable=False,
            ),
            stored_date(
                "due_on", field=_("due on"), constraint="followup_due_range", nullable=False
            ),
            stored_date("left_on", field=_("left on"), constraint="followup_left_range"),
            models.CheckConstraint(
                condition=~Q(result="left") | Q(left_on__isnull=False), name="left_has_a_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} +{self.months}m"

    @property
    def done(self) -> bool:
        return bool(self.result)
