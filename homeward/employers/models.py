"""Employers (企业): who offers the jobs, keyed by their unified social credit code (GB 32100)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import uscc
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
