"""Service stations (服务站点, issue 17): the network of places where people are served — city,
county and town service centres, village stations, out-of-city stations (驻外服务站) in a
destination city, doorstep and e-commerce job stations, gig markets — and the services staff
record at them, from which the "15-minute employment service circle" figures are counted.

A station belongs to its owning area (`region`); an out-of-city station also names its
destination (`place`), and its staff (people without a region of their own) work in the placed
area home × destination (homeward/scoping.PlacedArea): they see their home area's people whose
region of work is in the destination, and the services recorded at their station, which count
in the home area's figures.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.scoping import ScopedModel

# China's extent, so a map point typed the wrong way round (lng, lat) is refused.
LATITUDE = (Decimal("3"), Decimal("54"))
LONGITUDE = (Decimal("73"), Decimal("136"))


class Kind(models.TextChoices):
    CITY_CENTRE = "city", _("city service centre")
    COUNTY_CENTRE = "county", _("county service centre")
    TOWN_CENTRE = "town", _("town service centre")
    VILLAGE = "village", _("village service station")
    OUT_OF_CITY = "out_of_city", _("out-of-city service station")
    DOORSTEP = "doorstep", _("doorstep job station")
    ECOMMERCE = "ecommerce", _("e-commerce job station")
    GIG_MARKET = "gig_market", _("gig market")


class EcommerceType(models.TextChoices):
    VILLAGE = "village", _("village-type")
    ENTERPRISE = "enterprise", _("enterprise-type")
    BASE = "base", _("base-type")


class Station(ScopedModel):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    ecommerce_type = models.CharField(
        _("e-commerce station type"), max_length=12, choices=EcommerceType.choices, blank=True
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area it belongs to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.ForeignKey(
        "regions.Region",
        verbose_name=_("destination area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Out-of-city stations only: the city or county where the station is."),
    )
    address = models.CharField(_("address"), max_length=200)
    hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    services = models.CharField(_("services offered"), max_length=300, blank=True)
    contact_phone = models.CharField(_("station phone"), max_length=30, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[Between(*LATITUDE, field=_("latitude"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[Between(*LONGITUDE, field=_("longitude"))],
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True, related_name="stations"
    )
    active = models.BooleanField(_("open"), default=True)
    has_terminal = models.BooleanField(
        _("self-service terminal"),
        default=False,
        help_text=_("A self-service job terminal (kiosk) stands at the station."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    region_field = "region_id"
    place_field = "place_id"

    class Meta:
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")
        ordering = ["region_id", "kind", "name"]
        constraints = [
            between("latitude", *LATITUDE, field=_("latitude"), constraint="station_lat_range"),
            between("longitude", *LONGITUDE, field=_("longitude"), constraint="station_lng_range"),
            models.CheckConstraint(
                condition=Q(kind="out_of_city", place__isnull=False)
                | (~Q(kind="out_of_city") & Q(place__isnull=True)),
                name="station_place_only_out_of_city",
                violation_error_message=_(
                    "An out-of-city station needs its destination area; other stations have none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="ecommerce") | Q(ecommerce_type=""),
                name="station_ecommerce_type_only_ecommerce",
                violation_error_message=_("Only e-commerce job stations have an e-commerce type."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ServiceKind(models.TextChoices):
    NEEDS_SURVEY = "needs_survey", _("needs surveyed")
    JOB_COLLECTED = "job_collected", _("job collected")
    MATCH = "match", _("match made")
    GUIDANCE = "guidance", _("employment guidance")
    EMPLOYMENT_AID = "employment_aid", _("employment aid")
    STARTUP_GUIDANCE = "startup_guidance", _("startup guidance")
    JOB_FOUND = "job_found", _("job found")
    LEGAL_AID_REFERRAL = "legal_aid", _("legal-aid referral")
    RETURNEE_OUTREACH = "returnee", _("returnee outreach")


# The six figures of the 15-minute employment service circle, in the order shown.
CIRCLE = (
    ServiceKind.NEEDS_SURVEY,
    ServiceKind.JOB_COLLECTED,
    ServiceKind.MATCH,
    ServiceKind.GUIDANCE,
    ServiceKind.EMPLOYMENT_AID,
    ServiceKind.STARTUP_GUIDANCE,
)
# What an out-of-city station records (they count in the home area's figures too).
OUT_OF_CITY_SERVICES = (
    ServiceKind.JOB_FOUND,
    ServiceKind.LEGAL_AID_REFERRAL,
    ServiceKind.RETURNEE_OUTREACH,
)


class StationService(ScopedModel):
    """One service given at a station, on a day, by a staff member (to a person, if one)."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="service_events")
    # Copied from the station when recorded: the home area's figures and the placed area.
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    place = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    person = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("person served"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="station_services",
    )
    kind = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    on = models.DateField(_("date"), validators=[stored_dates(_("date"))])
    note = models.CharField(_("note"), max_length=200, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    region_field = "region_id"
    place_field = "place_id"

    class Meta:
        verbose_name = _("station service")
        verbose_name_plural = _("station services")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["region", "on", "kind"])]
        constraints = [
            stored_date("on", field=_("date"), constraint="station_service_on_range"),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.get_kind_display()} · {self.on}"
