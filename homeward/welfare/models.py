"""Public-welfare posts (公益性岗位, issue 17): a post of a village or town, the applications for
it, the appointment that follows, the month's attendance and the stipend lines paid through the
subsidies engine.

- `Post`: kind (保洁, 护林员, 治安, 养老/托育 …), the village or town it serves, headcount, the
  monthly stipend in yuan and the contract's term.
- `Application`: the village clerk applies for a person → the town reviews → the county
  approves, which starts the public notice (公示) of N working days; `Objection`s are recorded
  during it; when it has passed with no objection standing, the `Appointment` starts.
- `Appointment`: holder × post with its contract dates; active or ended (with the reason).
- `Attendance`: one row per appointment and month (days worked of days required).
- `StipendLine`: one per appointment and month, tied to the subsidies `Entitlement` that pays it
  (money never moves twice: this unique pair, then the subsidies engine's own rules).

Every row carries the post's region, so the scoped managers limit all of them to an area.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.crypto import BANK_ACCOUNT, EncryptedField
from homeward.scoping import ScopedModel

HEADCOUNT = (1, 1000)
STIPEND = (Decimal("0"), Decimal("20000"))  # yuan a month
TERM_MONTHS = (1, 60)
NOTICE_DAYS = (1, 30)
DAYS = (0, 31)


class Post(ScopedModel):
    class Kind(models.TextChoices):
        CLEANING = "cleaning", _("village cleaning")
        FOREST = "forest", _("forest ranger")
        SECURITY = "security", _("public security patrol")
        ELDER_CARE = "elder_care", _("elderly care")
        CHILD_CARE = "child_care", _("child care")
        ROADS = "roads", _("road maintenance")
        WATER = "water", _("water and river patrol")
        SERVICE = "service", _("public service assistant")

    title = models.CharField(_("post"), max_length=100)
    kind = models.CharField(_("kind of post"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village or town"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    headcount = models.PositiveSmallIntegerField(
        _("headcount"), validators=[Between(*HEADCOUNT, field=_("headcount"))]
    )
    monthly_stipend = models.DecimalField(
        _("monthly stipend (yuan)"),
        max_digits=8,
        decimal_places=2,
        validators=[Between(*STIPEND, field=_("monthly stipend (yuan)"))],
    )
    term_months = models.PositiveSmallIntegerField(
        _("contract term (months)"),
        default=12,
        validators=[Between(*TERM_MONTHS, field=_("contract term (months)"))],
    )
    notice_days = models.PositiveSmallIntegerField(
        _("public notice (working days)"),
        default=5,
        validators=[Between(*NOTICE_DAYS, field=_("public notice (working days)"))],
    )
    duties = models.CharField(_("duties"), max_length=300, blank=True)
    is_open = models.BooleanField(_("taking applications"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("public-welfare post")
        verbose_name_plural = _("public-welfare posts")
        ordering = ["region_id", "kind", "pk"]
        constraints = [
            between("headcount", *HEADCOUNT, field=_("headcount"), constraint="welfare_post_headcount", nullable=False),
            between("monthly_stipend", *STIPEND, field=_("monthly stipend (yuan)"), constraint="welfare_post_stipend", nullable=False),
            between("term_months", *TERM_MONTHS, field=_("contract term (months)"), constraint="welfare_post_term", nullable=False),
            between("notice_days", *NOTICE_DAYS, field=_("public notice (working days)"), constraint="welfare_post_notice", nullable=False),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title


class Application(ScopedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for the town's review")
        REVIEWED = "reviewed", _("waiting for the county's approval")
        NOTICE = "notice", _("on public notice")
        APPOINTED = "appointed", _("appointed")
        REFUSED = "refused", _("refused")

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="applications")
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    is_disabled = models.BooleanField(_("holds a disability certificate"), default=False)
    verdict = models.JSONField(_("eligibility at application"), default=dict)
    bank_name = models.CharField(_("bank"), max_length=60)
    bank_account = EncryptedField(_("bank account"), kind=BANK_ACCOUNT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("applied at"), default=timezone.now, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notice_starts_on = models.DateField(
        _("notice starts"), null=True, blank=True, validators=[stored_dates(_("notice starts"))]
    )
    notice_ends_on = models.DateField(
        _("notice ends"), null=True, blank=True, validators=[stored_dates(_("notice ends"))]
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("public-welfare post application")
        verbose_name_plural = _("public-welfare post applications")
        ordering = ["-entered_at", "-pk"]
        constraints = [
            # One live application of a person for a post: a duplicate is refused by the database.
            models.UniqueConstraint(
                fields=["post", "worker"],
                condition=Q(status__in=["submitted", "reviewed", "notice"]),
                name="welfare_one_live_application",
            ),
            stored_date("notice_starts_on", field=_("notice starts"), constraint="welfare_notice_starts"),
            stored_date("notice_ends_on", field=_("notice ends"), constraint="welfare_notice_ends"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.post} · {self.worker.name}"


class Objection(ScopedModel):
    """An objection raised during the public notice, and the county's finding on it."""

    class Finding(models.TextChoices):
        OPEN = "open", _("under review")
        UPHELD = "upheld", _("upheld: appointment refused")
        DISMISSED = "dismissed", _("dismissed")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="objections"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("objection"), max_length=500)
    finding = models.CharField(_("finding"), max_length=10, choices=Finding.choices, default="open")
    finding_note = models.CharField(_("why"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("public notice objection")
        verbose_name_plural = _("public notice objections")
        ordering = ["recorded_at", "pk"]


class Appointment(ScopedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("on the post")
        ENDED = "ended", _("ended")

    class EndReason(models.TextChoices):
        TERM = "term", _("term expired")
        RESIGNED = "resigned", _("resigned")
        AWAY = "away", _("working elsewhere")
        ABSENT = "absent", _("does not do the work")
        INELIGIBLE = "ineligible", _("no longer eligible")
        OTHER = "other", _("other")

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="appointments")
    holder = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="appointment"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(
        _("contract starts"), validators=[stored_dates(_("contract starts"))]
    )
    ends_on = models.DateField(_("contract ends"), validators=[stored_dates(_("contract ends"))])
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="active")
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, validators=[stored_dates(_("ended on"))]
    )
    end_reason = models.CharField(
        _("why it ended"), max_length=12, choices=EndReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("public-welfare post appointment")
        verbose_name_plural = _("public-welfare post appointments")
        ordering = ["region_id", "post", "pk"]
        constraints = [
            stored_date("starts_on", field=_("contract starts"), constraint="welfare_starts", nullable=False),
            stored_date("ends_on", field=_("contract ends"), constraint="welfare_ends", nullable=False),
            stored_date("ended_on", field=_("ended on"), constraint="welfare_ended"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="welfare_contract_order"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.post} · {self.holder.name}"


class Attendance(ScopedModel):
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="attendance"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), validators=[stored_dates(_("month"))])  # its first day
    days_worked = models.PositiveSmallIntegerField(
        _("days worked"), validators=[Between(*DAYS, field=_("days worked"))]
    )
    days_required = models.PositiveSmallIntegerField(
        _("days required"), validators=[Between(1, 31, field=_("days required"))]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("monthly attendance")
        verbose_name_plural = _("monthly attendance")
        ordering = ["-month", "appointment"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "month"], name="welfare_one_attendance_a_month"),
            stored_date("month", field=_("month"), constraint="welfare_attendance_month", nullable=False),
            between("days_worked", *DAYS, field=_("days worked"), constraint="welfare_days_worked", nullable=False),
            between("days_required", 1, 31, field=_("days required"), constraint="welfare_days_required", nullable=False),
            models.CheckConstraint(condition=Q(days_worked__lte=models.F("days_required")), name="welfare_days_order"),
        ]  # fmt: skip


class StipendLine(ScopedModel):
    """A month's stipend of one appointment, paid as a subsidies entitlement (its payments and
    bank file are the subsidies engine's)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="stipends")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), validators=[stored_dates(_("month"))])
    amount = models.DecimalField(
        _("stipend (yuan)"),
        max_digits=8,
        decimal_places=2,
        validators=[Between(*STIPEND, field=_("stipend (yuan)"))],
    )
    entitlement = models.OneToOneField(
        "subsidies.Entitlement", on_delete=models.PROTECT, related_name="welfare_stipend"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("stipend line")
        verbose_name_plural = _("stipend lines")
        ordering = ["-month", "appointment"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "month"], name="welfare_one_stipend_a_month"),
            stored_date("month", field=_("month"), constraint="welfare_stipend_month", nullable=False),
            between("amount", *STIPEND, field=_("stipend (yuan)"), constraint="welfare_stipend_amount", nullable=False),
        ]  # fmt: skip
