"""Recruitment ambassadors (招聘大使, issue 11): people of a town appointed by its staff (one or two
at a time) who bring job seekers — through their personal referral link, or by recording a
person they brought with that person's consent — and earn a bounty for each lasting hire; and
recruiting officers (招聘专员), employer users marked as such, whose fairs and hires are counted.

Every record belongs to the ambassador's town (`region_field`), the area that appoints the
ambassador and approves their bounties."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.crypto import PHONE, EncryptedField, LookupHashField, mask_phone
from homeward.scoping import ScopedModel

PER_TOWN = 2  # active ambassadors a town may have at once
BOUNTY = (Decimal("0"), Decimal("100000"))  # yuan: one bounty's amount


class Ambassador(ScopedModel):
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("town"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("registry person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=50)
    phone = EncryptedField(_("mobile phone"), kind=PHONE)
    phone_hash = LookupHashField(source="phone")
    token = models.CharField(max_length=24, unique=True, editable=False)  # the referral link's key
    starts_on = models.DateField(_("appointed on"), validators=[stored_dates(_("appointed on"))])
    ends_on = models.DateField(
        _("ended on"), null=True, blank=True, validators=[stored_dates(_("ended on"))]
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("recruitment ambassador")
        verbose_name_plural = _("recruitment ambassadors")
        ordering = ["region_id", "-starts_on", "pk"]
        indexes = [models.Index(fields=["phone_hash"])]
        constraints = [
            stored_date(
                "starts_on", field=_("appointed on"), constraint="ambassador_start", nullable=False
            ),
            stored_date("ends_on", field=_("ended on"), constraint="ambassador_end"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="ambassador_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on > day)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class Via(models.TextChoices):
    LINK = "link", _("their referral link")
    RECORDED = "recorded", _("recorded by the ambassador")


class Referral(ScopedModel):
    """A person an ambassador brought: through the link (the application it made), or recorded
    with the person's consent (for one employer, or for any when none is named)."""

    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("recruitment ambassador"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    application = models.OneToOneField(
        "placements.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="referral",
    )
    via = models.CharField(_("how"), max_length=10, choices=Via.choices)
    consent = models.BooleanField(_("the person agreed"), default=False)
    consent_on = models.DateField(
        _("agreed on"), null=True, blank=True, validators=[stored_dates(_("agreed on"))]
    )
    referred_at = models.DateTimeField(_("referred at"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    region_field = "ambassador__region_id"

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_at", "-pk"]
        indexes = [models.Index(fields=["worker", "referred_at"])]
        constraints = [
            stored_date("consent_on", field=_("agreed on"), constraint="referral_consent_range"),
            models.CheckConstraint(
                condition=~Q(via="recorded") | Q(consent=True, consent_on__isnull=False),
                name="recorded_referral_has_consent",
            ),
            models.CheckConstraint(
                condition=~Q(via="link") | Q(application__isnull=False),
                name="link_referral_has_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ambassador_id} → {self.worker_id}"


class Bounty(ScopedModel):
    """An approved bounty (推荐奖励): one per person and employer, for the lasting hire."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )  # the ambassador's town, the approving area
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("recruitment ambassador"),
        on_delete=models.PROTECT,
        related_name="bounties",
    )
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="bounties")
    application = models.OneToOneField(
        "placements.Application", on_delete=models.PROTECT, related_name="bounty"
    )
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=9,
        decimal_places=2,
        validators=[Between(*BOUNTY, field=_("amount (yuan)"))],
    )
    falls_due_on = models.DateField(_("falls due on"), validators=[stored_dates(_("falls due on"))])
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("bounty")
        verbose_name_plural = _("bounties")
        ordering = ["-approved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "employer"], name="one_bounty_per_person_and_employer"
            ),
            between(
                "amount",
                *BOUNTY,
                field=_("amount (yuan)"),
                constraint="bounty_amount_range",
                nullable=False,
            ),
            stored_date(
                "falls_due_on",
                field=_("falls due on"),
                constraint="bounty_due_range",
                nullable=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ambassador_id}: {self.worker_id}@{self.employer_id}"


class RecruitingOfficer(ScopedModel):
    """招聘专员: an employer user marked as the employer's recruiting officer."""

    employer_user = models.OneToOneField(
        "employers.EmployerUser",
        verbose_name=_("employer user"),
        on_delete=models.CASCADE,
        related_name="recruiting_officer",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now, editable=False)

    region_field = "employer_user__employer__region_id"

    class Meta:
        verbose_name = _("recruiting officer")
        verbose_name_plural = _("recruiting officers")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.employer_user_id)
