"""Door-to-door surveys (入户摸底, issue 11): a campaign over an area, and the visits to its people.

The people expected are the registry's (workers whose household village lies inside the
campaign's area); a visit is one village clerk's call on one person, idempotent by the key the
phone made for it (`client_key`), so a form sent again after bad signal is stored once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import stored_date, stored_dates
from homeward.crypto import PHONE, EncryptedField, LookupHashField
from homeward.scoping import ScopedModel


class Question(models.TextChoices):
    """The ledger's fields a campaign may ask about."""

    STATUS = "status", _("employment status")
    WORK = "work", _("where they work")
    INTENTION = "intention", _("job intention")
    TRAINING = "training_wish", _("training wanted")
    NEEDS = "service_needs", _("service needs")
    RETURNED = "returned_on", _("returned home on")
    PHONE = "phone", _("mobile phone")
    INSURANCE = "insurance", _("social insurance")


class SurveyCampaign(ScopedModel):
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts on"), validators=[stored_dates(_("starts on"))])
    ends_on = models.DateField(_("ends on"), validators=[stored_dates(_("ends on"))])
    deadline = models.DateField(_("deadline"), validators=[stored_dates(_("deadline"))])
    # Codes of Question joined by commas, in the order of Question.
    questions = models.CharField(_("questions"), max_length=200)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            stored_date("starts_on", field=_("starts on"), constraint="survey_starts_range"),
            stored_date("ends_on", field=_("ends on"), constraint="survey_ends_range"),
            stored_date("deadline", field=_("deadline"), constraint="survey_deadline_range"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="survey_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def question_codes(self) -> list[str]:
        return [code for code in self.questions.split(",") if code]

    def asks(self, code: str) -> bool:
        return code in self.question_codes

    def question_labels(self) -> list[str]:
        labels = dict(Question.choices)
        return [str(labels[code]) for code in self.question_codes if code in labels]

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or timezone.localdate() > self.ends_on


class Outcome(models.TextChoices):
    VISITED = "visited", _("visited")
    NOT_FOUND = "not_found", _("not found")


class Visit(ScopedModel):
    """One call on one person: who went, when, what they found and what the person said."""

    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="visits")
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("worker"), on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )  # the person's household village when visited: progress by village needs no join
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    visited_on = models.DateField(_("visited on"), validators=[stored_dates(_("visited on"))])
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # The answers other than the phone, by Question code (service needs as a list of codes).
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    phone = EncryptedField(_("mobile phone"), kind=PHONE, blank=True)
    phone_hash = LookupHashField(source="phone")
    client_key = models.CharField(_("key"), max_length=64, unique=True)
    digest = models.CharField(max_length=64, editable=False)  # of what was sent, for the key
    status_event = models.ForeignKey(
        "workers.StatusEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("survey visit")
        verbose_name_plural = _("survey visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "region", "outcome"])]
        constraints = [
            stored_date("visited_on", field=_("visited on"), constraint="visit_date_range"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.worker_id} {self.outcome}"


class Reached(ScopedModel):
    """One row per person a survey reached: the best outcome of their visits (visited beats not
    found) and the last day, kept by `record_visit` in the visit's transaction. Progress counts
    these rows by village — no DISTINCT over visits (a person visited twice counts once)."""

    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )  # the person's village at their first visit
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    last_visit = models.DateField(validators=[stored_dates(_("visited on"))])

    region_field = "region_id"

    class Meta:
        verbose_name = _("person reached by a survey")
        verbose_name_plural = _("people reached by a survey")
        indexes = [models.Index(fields=["campaign", "region", "outcome", "last_visit"])]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "worker"], name="reached_once"),
            stored_date("last_visit", field=_("visited on"), constraint="reached_last_range"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.worker_id} {self.outcome}"
