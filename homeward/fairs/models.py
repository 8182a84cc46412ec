"""Job fairs (招聘会, issue 11): the fair, its caravan stops, the employers' booths, the people
checked in, and the intentions reached at the booths.

Every record belongs to the fair's organising area (`region_field` through the fair): staff of
that area see the attendees of their fairs even when they live elsewhere, masked. The person's
own records (a registration, a check-in) are read on the portal through ownership filters.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.scoping import ScopedModel

# How many people a fair's venue takes (the biggest 正月招聘大集 draw tens of thousands).
CAPACITY = (1, 100_000)
# Applications through an online or livestream fair's link count for it this many days after.
ONLINE_GRACE_DAYS = 7


class Kind(models.TextChoices):
    ONSITE = "onsite", _("on-site fair")
    CARAVAN = "caravan", _("village caravan")
    NIGHT_MARKET = "night", _("night market")
    ONLINE = "online", _("online fair")
    LIVESTREAM = "live", _("livestream")
    RETURNEE_FORUM = "forum", _("returnee forum")
    STARTUP = "startup", _("startup event")


ONLINE_KINDS = (Kind.ONLINE, Kind.LIVESTREAM)


class Fair(ScopedModel):
    title = models.CharField(_("fair"), max_length=100)
    kind = models.CharField(_("kind of fair"), max_length=10, choices=Kind.choices)
    season = models.CharField(_("season"), max_length=50, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("starts on"), validators=[stored_dates(_("starts on"))])
    ends_on = models.DateField(_("ends on"), validators=[stored_dates(_("ends on"))])
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, validators=[Between(*CAPACITY, field=_("capacity"))]
    )
    host = models.CharField(_("livestream host"), max_length=50, blank=True)
    stream_url = models.URLField(_("stream link"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["region", "starts_on"])]
        constraints = [
            stored_date("starts_on", field=_("starts on"), constraint="fair_starts_on_range"),
            stored_date("ends_on", field=_("ends on"), constraint="fair_ends_on_range"),
            between("capacity", *CAPACITY, field=_("capacity"), constraint="fair_capacity_range"),
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")),
                name="fair_date_order",
                violation_error_message=_("The fair cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_online(self) -> bool:
        return self.kind in ONLINE_KINDS

    def counts_applications_on(self, day) -> bool:
        """Whether an application through the fair's link on `day` counts for it."""
        from datetime import timedelta

        return self.starts_on <= day <= self.ends_on + timedelta(days=ONLINE_GRACE_DAYS)


class CaravanStop(ScopedModel):
    """One stop of a village caravan (招工大篷车): a day, a village, a time."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="stops")
    on = models.DateField(_("date"), validators=[stored_dates(_("date"))])
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.TimeField(_("time"), null=True, blank=True)

    region_field = "fair__region_id"

    class Meta:
        verbose_name = _("caravan stop")
        verbose_name_plural = _("caravan stops")
        ordering = ["fair", "on", "at", "pk"]
        constraints = [stored_date("on", field=_("date"), constraint="stop_on_range")]

    def __str__(self) -> str:
        return f"{self.on} {self.village_id}"


class BoothStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class Booth(ScopedModel):
    """An employer's place at a fair, with the postings it brings; staff approve it."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="booths")
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="booths",
    )
    postings = models.ManyToManyField(
        "jobs.Posting", verbose_name=_("job postings"), related_name="booths"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BoothStatus.choices, default=BoothStatus.PENDING
    )
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_up_by_employer_user = models.ForeignKey(
        "employers.EmployerUser", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_up_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    region_field = "fair__region_id"

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["fair", "status", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "employer"], name="one_booth_per_employer")
        ]

    def __str__(self) -> str:
        return f"{self.fair_id}:{self.employer_id}"


class Registration(ScopedModel):
    """A person who said on the portal they will come (报名)."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="registrations")
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.CASCADE, related_name="fair_registrations"
    )
    at = models.DateTimeField(_("registered at"), default=timezone.now)

    region_field = "fair__region_id"

    class Meta:
        verbose_name = _("fair registration")
        verbose_name_plural = _("fair registrations")
        constraints = [
            models.UniqueConstraint(fields=["fair", "worker"], name="one_registration_per_fair")
        ]


class Method(models.TextChoices):
    QR = "qr", _("QR code")
    ID = "id", _("ID number")


class CheckIn(ScopedModel):
    """A person at the fair (签到): once per fair, by QR or by ID number."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="checkins")
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("worker"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("checked in at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    method = models.CharField(_("method"), max_length=4, choices=Method.choices)
    # The QR's one-time nonce: the same code shown again is a replay.
    nonce = models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)

    region_field = "fair__region_id"

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["fair", "-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "worker"], name="one_checkin_per_fair")
        ]


class Channel(models.TextChoices):
    BOOTH = "booth", _("at the booth")
    ONLINE = "online", _("through the fair's link")


class Intention(ScopedModel):
    """达成意向: a person and a posting at the fair's approved booth, made an application whose
    source is the fair, so its hire is traced back here."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="intentions")
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="intentions")
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("worker"), on_delete=models.CASCADE, related_name="+"
    )
    posting = models.ForeignKey(
        "jobs.Posting", verbose_name=_("job"), on_delete=models.CASCADE, related_name="+"
    )
    application = models.OneToOneField(
        "placements.Application", on_delete=models.CASCADE, related_name="fair_intention"
    )
    channel = models.CharField(
        pgettext_lazy("fair intention", "where"),
        max_length=8,
        choices=Channel.choices,
        default=Channel.BOOTH,
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_employer_user = models.ForeignKey(
        "employers.EmployerUser", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "fair__region_id"

    class Meta:
        verbose_name = _("intention")
        verbose_name_plural = _("intentions")
        ordering = ["fair", "-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "worker", "posting"], name="one_intention_per_job"
            )
        ]
