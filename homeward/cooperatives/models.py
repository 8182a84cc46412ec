"""Labour cooperatives (劳务合作社, issue 17; 湘乡's 2023 measures, items 7 and 13): a village's or
a town's cooperative that collects local jobs and organises its members to do them.

`Cooperative` belongs to its village or town (`region`). `Membership` is a registry person in a
cooperative (one open membership per person per cooperative; leaving closes it, joining again
opens a new one), with the skills the registry holds for them. `Order` is a job the cooperative
collected: a published `jobs.Posting` (hires then go through `placements`) or a local order
(client, work, headcount, dates, pay per day). `Dispatch` sends a group of members to an order
for some days; `DispatchMember` is one member on it, with the pay they got when it closed — a
person is on no two dispatches whose days overlap. `Placement` links a member's hire (a
`placements.Application`) to the cooperative that placed them.

Every row belongs to the cooperative's area (`region_field` through the cooperative).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes.bounds import HEADCOUNT
from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.crypto import PHONE, EncryptedField, LookupHashField, mask_phone
from homeward.scoping import ScopedModel

DAY_PAY = (Decimal("0.00"), Decimal("5000.00"))  # yuan a person a day (codes.bounds.DAY_RATE)
MEMBER_PAY = (Decimal("0.00"), Decimal("200000.00"))  # yuan one member got for one dispatch
DAYS_WORKED = (0, 366)
LEVELS = ("village", "town")  # where a cooperative may be set up


class Cooperative(ScopedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("operating")
        SUSPENDED = "suspended", _("suspended")
        DISSOLVED = "dissolved", _("dissolved")

    name = models.CharField(_("name of the cooperative"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("village or town"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    leader_name = models.CharField(_("leader"), max_length=50)
    contact_phone = EncryptedField(_("contact phone"), kind=PHONE)
    contact_phone_hash = LookupHashField(source="contact_phone")
    founded_on = models.DateField(_("founded on"), validators=[stored_dates(_("founded on"))])
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("labour cooperative")
        verbose_name_plural = _("labour cooperatives")
        ordering = ["region_id", "name", "pk"]
        constraints = [
            stored_date(
                "founded_on", field=_("founded on"), constraint="coop_founded_range",
                nullable=False,
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Membership(ScopedModel):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="members")
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    # What the registry said the person can do when they joined (occupation and skills).
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    joined_on = models.DateField(
        _("joined the cooperative on"), validators=[stored_dates(_("joined the cooperative on"))]
    )
    left_on = models.DateField(
        _("left the cooperative on"),
        null=True,
        blank=True,
        validators=[stored_dates(_("left the cooperative on"))],
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "cooperative__region_id"

    class Meta:
        verbose_name = _("cooperative member")
        verbose_name_plural = _("cooperative members")
        ordering = ["cooperative", "-joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "worker"],
                condition=Q(left_on__isnull=True),
                name="coop_one_open_membership",
            ),
            stored_date(
                "joined_on",
                field=_("joined the cooperative on"),
                constraint="coop_joined_range",
                nullable=False,
            ),
            stored_date(
                "left_on", field=_("left the cooperative on"), constraint="coop_left_range"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="coop_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_id}:{self.worker_id}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class Order(ScopedModel):
    """A job the cooperative collected: a published posting, or a local order it took."""

    class Kind(models.TextChoices):
        POSTING = "posting", _("published job posting")
        LOCAL = "local", _("local order")

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="orders")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    posting = models.ForeignKey(
        "jobs.Posting", verbose_name=_("job posting"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    client = models.CharField(_("client"), max_length=100)
    work = models.CharField(_("work"), max_length=200)
    headcount = models.PositiveIntegerField(
        _("headcount"), validators=[Between(*HEADCOUNT, field=_("headcount"))]
    )
    starts_on = models.DateField(_("starts on"), validators=[stored_dates(_("starts on"))])
    ends_on = models.DateField(_("ends on"), validators=[stored_dates(_("ends on"))])
    day_pay = models.DecimalField(
        _("pay per day (yuan)"), max_digits=7, decimal_places=2, null=True, blank=True,
        validators=[Between(*DAY_PAY, field=_("pay per day (yuan)"))],
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    region_field = "cooperative__region_id"

    class Meta:
        verbose_name = _("collected job")
        verbose_name_plural = _("collected jobs")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            between("headcount", *HEADCOUNT, field=_("headcount"), constraint="coop_order_hc"),
            between("day_pay", *DAY_PAY, field=_("pay per day (yuan)"), constraint="coop_order_pay"),
            stored_date("starts_on", field=_("starts on"), constraint="coop_order_start",
                        nullable=False),
            stored_date("ends_on", field=_("ends on"), constraint="coop_order_end", nullable=False),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="coop_order_days"),
            models.CheckConstraint(
                condition=(Q(kind="posting") & Q(posting__isnull=False))
                | (Q(kind="local") & Q(posting__isnull=True) & Q(day_pay__isnull=False)),
                name="coop_order_kind",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.client}：{self.work}"


class Dispatch(ScopedModel):
    """A group of members sent to an order for some days, closed with each member's pay."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("out at work")
        CLOSED = "closed", _("closed and paid")
        CANCELLED = "cancelled", _("cancelled")

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="dispatches"
    )
    order = models.ForeignKey(
        Order, verbose_name=_("collected job"), on_delete=models.PROTECT, related_name="dispatches"
    )
    starts_on = models.DateField(_("starts on"), validators=[stored_dates(_("starts on"))])
    ends_on = models.DateField(_("ends on"), validators=[stored_dates(_("ends on"))])
    day_pay = models.DecimalField(
        _("pay per day (yuan)"), max_digits=7, decimal_places=2,
        validators=[Between(*DAY_PAY, field=_("pay per day (yuan)"))],
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    region_field = "cooperative__region_id"

    class Meta:
        verbose_name = _("dispatch of members")
        verbose_name_plural = _("dispatches of members")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            between("day_pay", *DAY_PAY, field=_("pay per day (yuan)"), constraint="coop_disp_pay",
                    nullable=False),
            stored_date("starts_on", field=_("starts on"), constraint="coop_disp_start",
                        nullable=False),
            stored_date("ends_on", field=_("ends on"), constraint="coop_disp_end", nullable=False),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="coop_disp_days"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.order}（{self.starts_on}—{self.ends_on}）"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class DispatchMember(ScopedModel):
    """One member on a dispatch; the dates are the dispatch's, kept here for the overlap check."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="people")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField(_("starts on"), validators=[stored_dates(_("starts on"))])
    ends_on = models.DateField(_("ends on"), validators=[stored_dates(_("ends on"))])
    cancelled = models.BooleanField(_("cancelled"), default=False)
    days_worked = models.PositiveSmallIntegerField(
        _("days worked"), null=True, blank=True,
        validators=[Between(*DAYS_WORKED, field=_("days worked"))],
    )  # fmt: skip
    pay = models.DecimalField(
        _("pay received (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[Between(*MEMBER_PAY, field=_("pay received (yuan)"))],
    )  # fmt: skip

    region_field = "dispatch__cooperative__region_id"

    class Meta:
        verbose_name = _("member on a dispatch")
        verbose_name_plural = _("members on dispatches")
        ordering = ["dispatch", "pk"]
        indexes = [models.Index(fields=["worker", "starts_on"])]
        constraints = [
            models.UniqueConstraint(fields=["dispatch", "worker"], name="coop_once_per_dispatch"),
            between("days_worked", *DAYS_WORKED, field=_("days worked"), constraint="coop_dm_days"),
            between("pay", *MEMBER_PAY, field=_("pay received (yuan)"), constraint="coop_dm_pay"),
            stored_date("starts_on", field=_("starts on"), constraint="coop_dm_start",
                        nullable=False),
            stored_date("ends_on", field=_("ends on"), constraint="coop_dm_end", nullable=False),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.dispatch_id}:{self.worker_id}"


class Placement(ScopedModel):
    """A member hired through a posting the cooperative collected (the hire is placements')."""

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="placements"
    )
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="placements")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        "placements.Application", on_delete=models.CASCADE, related_name="cooperative_placement"
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now, editable=False)

    region_field = "cooperative__region_id"

    class Meta:
        verbose_name = _("cooperative placement")
        verbose_name_plural = _("cooperative placements")
        ordering = ["-placed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cooperative_id}:{self.application_id}"
