"""Applications (求职申请) and what became of them: applied → interview → hired / not hired."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds
from homeward.core.bounds import STORED_MOMENTS, Between, between, stored_date, stored_dates
from homeward.scoping import ScopedModel


class Status(models.TextChoices):
    APPLIED = "applied", _("applied")
    INTERVIEW = "interview", _("interview")
    HIRED = "hired", _("hired")
    NOT_HIRED = "not_hired", _("not hired")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The moves an application may make; hired, not hired and withdrawn are final.
TRANSITIONS = {
    Status.APPLIED: {Status.INTERVIEW, Status.HIRED, Status.NOT_HIRED, Status.WITHDRAWN},
    Status.INTERVIEW: {Status.HIRED, Status.NOT_HIRED, Status.WITHDRAWN},
    Status.HIRED: set(),
    Status.NOT_HIRED: set(),
    Status.WITHDRAWN: set(),
}
OPEN_STATUSES = (Status.APPLIED, Status.INTERVIEW)


class Source(models.TextChoices):
    PORTAL = "portal", _("worker portal")
    CAMPAIGN = "campaign", _("push message")
    STAFF = "staff", _("staff on the worker's behalf")
    FAIR = "fair", _("job fair")  # an intention at a booth, or an online fair's link (fairs)
    REFERRAL = "referral", _("recruitment ambassador's referral")
    KIOSK = "kiosk", _("self-service terminal")


class Application(ScopedModel):
    """A worker's application to a posting. Its region is the worker's household village, so
    staff see the applications of their area's people; employers see those to their postings."""

    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("worker"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    posting = models.ForeignKey(
        "jobs.Posting",
        verbose_name=_("job"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, editable=False
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # The campaign whose message brought the worker here (the funnel's "applied" and "hired").
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    note = models.CharField(_("note from the worker"), max_length=200, blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    # Indexed: the statistics' refresh finds what changed since its last run by it.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    interview_at = models.DateTimeField(
        _("interview at"),
        null=True,
        blank=True,
        validators=[Between(*STORED_MOMENTS, field=_("interview at"))],
    )
    interview_place = models.CharField(_("interview place"), max_length=200, blank=True)
    hired_on = models.DateField(
        _("hire date"), null=True, blank=True, validators=[stored_dates(_("hire date"))]
    )
    contract_months = models.PositiveSmallIntegerField(
        _("contract length (months)"),
        null=True,
        blank=True,
        validators=[Between(*bounds.CONTRACT_MONTHS, field=_("contract length (months)"))],
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "posting"], name="one_application_per_job"),
            models.CheckConstraint(
                condition=~Q(status="hired") | (Q(hired_on__isnull=False)),
                name="hired_has_a_date",
            ),
            stored_date(
                "interview_at",
                field=_("interview at"),
                constraint="application_interview_range",
                moment=True,
            ),
            stored_date("hired_on", field=_("hire date"), constraint="application_hired_on_range"),
            between(
                "contract_months",
                *bounds.CONTRACT_MONTHS,
                field=_("contract length (months)"),
                constraint="application_contract_range",
            ),
        ]
        indexes = [models.Index(fields=["posting", "status"])]

    def __str__(self) -> str:
        return f"{self.worker_id} → {self.posting_id}: {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def may_move_to(self, target: str) -> bool:
        return target in TRANSITIONS[Status(self.status)]


class ApplicationEvent(ScopedModel):
    """One step of an application's history (append-only): who moved it where, and when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.CharField(_("by"), max_length=100, blank=True)  # "worker", "employer:王经理", staff
    note = models.CharField(_("note"), max_length=200, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.status}"
