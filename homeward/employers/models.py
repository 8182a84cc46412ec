"""Employers (企业): who offers the jobs, keyed by their unified social credit code (GB 32100)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import uscc
from homeward.core.bounds import Between, between
from homeward.crypto import PHONE, EncryptedField, LookupHashField, mask_phone
from homeward.regions.models import Level
from homeward.scoping import ScopedManager, ScopedModel, ScopedQuerySet

# Employers and job postings sit at a town or a village: the places staff work in.
PLACE_LEVELS = (Level.TOWN, Level.VILLAGE)


class Industry(models.TextChoices):
    """The sections of the national industry classification (GB/T 4754-2017), by their letters."""

    AGRICULTURE = "A", _("agriculture, forestry, animal husbandry and fishery")
    MINING = "B", _("mining")
    MANUFACTURING = "C", _("manufacturing")
    UTILITIES = "D", _("electricity, heat, gas and water")
    CONSTRUCTION = "E", _("construction")
    WHOLESALE_RETAIL = "F", _("wholesale and retail trade")
    TRANSPORT = "G", _("transport, storage and post")
    HOTELS_CATERING = "H", _("accommodation and catering")
    INFORMATION_TECHNOLOGY = "I", _("information transmission, software and IT services")
    FINANCE = "J", _("finance")
    REAL_ESTATE = "K", _("real estate")
    LEASING_BUSINESS = "L", _("leasing and business services")
    RESEARCH = "M", _("scientific research and technical services")
    WATER_ENVIRONMENT = "N", _("water conservancy, environment and public facilities")
    RESIDENT_SERVICES = "O", _("resident services, repair and other services")
    EDUCATION = "P", _("education")
    HEALTH = "Q", _("health and social work")
    CULTURE = "R", _("culture, sports and entertainment")
    PUBLIC_ADMINISTRATION = "S", _("public administration and social organisations")
    OTHER = "X", _("other")


class Size(models.TextChoices):
    """Headcount bands."""

    UNDER_10 = "1-9", _("fewer than 10 people")
    FROM_10 = "10-49", _("10 to 49 people")
    FROM_50 = "50-99", _("50 to 99 people")
    FROM_100 = "100-299", _("100 to 299 people")
    FROM_300 = "300-999", _("300 to 999 people")
    FROM_1000 = "1000+", _("1000 people or more")


def validate_uscc(value: str) -> None:
    try:
        uscc.parse(value)
    except uscc.InvalidUscc as error:
        raise ValidationError(error.reason, code=f"uscc_{error.code}") from None


class EmployerQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """By part of the name, or by the start of the credit code."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(uscc__startswith=text.upper()))


class EmployerManager(ScopedManager.from_queryset(EmployerQuerySet)):
    pass


class Employer(ScopedModel):
    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("town or village"),
        on_delete=models.PROTECT,
        related_name="employers",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = EncryptedField(_("contact phone"), kind=PHONE)
    contact_phone_hash = LookupHashField(source="contact_phone")
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, blank=True)
    # Set by the arrears blacklist (失信联合惩戒名单) once it exists; blocks publishing jobs.
    is_blacklisted = models.BooleanField(_("on the arrears blacklist"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    region_field = "region_id"
    objects = EmployerManager()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.region_id and self.region.level not in PLACE_LEVELS:
            raise ValidationError({"region": _("Choose a town or a village.")})

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)


class EmployerUser(ScopedModel):
    """A person of an employer (HR) who uses the employer portal, invited by staff.

    They sign in with their mobile number and a one-time code (no password) and see only their
    employer's postings and the applications to them. Their area is the employer's.
    """

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="users"
    )
    name = models.CharField(_("name"), max_length=50)
    phone = EncryptedField(_("mobile phone"), kind=PHONE)
    phone_hash = LookupHashField(source="phone", unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    last_sign_in_at = models.DateTimeField(_("last signed in"), null=True, blank=True)

    region_field = "employer__region_id"

    class Meta:
        verbose_name = _("employer user")
        verbose_name_plural = _("employer users")
        ordering = ["employer", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.employer})"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


HEADCOUNT = (0, 1_000_000)  # people one employer reports
PERIODS = (dt.date(2000, 1, 1), dt.date(2100, 12, 1))  # a report's month: its first day
DEFAULT_LARGE_HEADCOUNT = 50  # when no ReportingRule row says otherwise


class ReportingRule(models.Model):
    """The rules of employers' reports kept as data (one row, changed in the admin): from how
    many staff an employer counts as larger for the contract-signing rate (宿迁's 99.5 % among
    larger employers)."""

    large_headcount = models.PositiveIntegerField(
        _("larger employers: at least this many staff"),
        default=DEFAULT_LARGE_HEADCOUNT,
        validators=[
            Between(1, HEADCOUNT[1], field=_("larger employers: at least this many staff"))
        ],
    )

    class Meta:
        verbose_name = _("employers' reporting rule")
        verbose_name_plural = _("employers' reporting rules")
        constraints = [
            between(
                "large_headcount",
                1,
                HEADCOUNT[1],
                field=_("larger employers: at least this many staff"),
                constraint="employers_rule_large_range",
                nullable=False,
            )
        ]

    def __str__(self) -> str:
        return f"≥ {self.large_headcount}"


class ContractReport(ScopedModel):
    """An employer's report for one month: its headcount and how many of them have a signed
    labour contract. A correction is a new version; the newest is current (`is_current`), the
    older stay as they were reported. Written only by `employers.contracts.report_contracts`."""

    class Origin(models.TextChoices):
        EMPLOYER = "employer", _("employer portal")
        STAFF = "staff", _("staff")

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.DateField(
        _("month reported"), validators=[Between(*PERIODS, field=_("month reported"))]
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, validators=[Between(1, 1000, field=_("version"))]
    )
    headcount = models.PositiveIntegerField(
        _("headcount"), validators=[Between(*HEADCOUNT, field=_("headcount"))]
    )
    contracts_signed = models.PositiveIntegerField(
        _("labour contracts signed"),
        validators=[Between(*HEADCOUNT, field=_("labour contracts signed"))],
    )
    is_current = models.BooleanField(_("current version"), default=True)
    source = models.CharField(_("source"), max_length=8, choices=Origin.choices)
    reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "employer__region_id"

    class Meta:
        verbose_name = _("labour-contract report")
        verbose_name_plural = _("labour-contract reports")
        ordering = ["-period", "employer", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "period", "version"], name="employers_report_version_once"
            ),
            models.UniqueConstraint(
                fields=["employer", "period"],
                condition=Q(is_current=True),
                name="employers_report_one_current",
            ),
            between(
                "period",
                *PERIODS,
                field=_("month reported"),
                constraint="employers_report_period_range",
                nullable=False,
            ),
            between(
                "version",
                1,
                1000,
                field=_("version"),
                constraint="employers_report_version_range",
                nullable=False,
            ),
            between(
                "headcount",
                *HEADCOUNT,
                field=_("headcount"),
                constraint="employers_report_headcount_range",
                nullable=False,
            ),
            models.CheckConstraint(
                condition=Q(contracts_signed__gte=0, contracts_signed__lte=F("headcount")),
                name="employers_report_signed_within_headcount",
                violation_error_message=_("Contracts signed cannot exceed the headcount."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.period:%Y-%m} v{self.version}"
