"""Trips both ways (issue 11): 接老乡 buses bringing people home from where they work, and
点对点返岗 trips taking people hired by an employer elsewhere there together.

A trip belongs to its organising area (`region_field`); its sign-ups (the passengers) and what
they said on board belong to the trip's area too, so staff of that area see their passengers
(masked) wherever the people live. The person's own sign-ups are read on the portal through
ownership filters, an employer's trips through `employer=request.employer`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.scoping import ScopedModel
from homeward.workers.models import EmploymentStatus, Intention

# A bus takes 30 to 55; a chartered train or a convoy a few hundred.
SEATS = (1, 2000)
# Hires this many days after the trip count as the trip's (issue 11: "hired within 60 days").
HIRED_WITHIN_DAYS = 60


class Trip(ScopedModel):
    class Kind(models.TextChoices):
        HOME = "home", _("trip home (接老乡)")
        OUT = "out", _("point-to-point trip out (点对点返岗)")

    kind = models.CharField(_("kind of trip"), max_length=4, choices=Kind.choices)
    title = models.CharField(_("name of the trip"), max_length=100)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin = models.CharField(pgettext_lazy("trip", "from"), max_length=50)
    origin_code = models.CharField(_("region code of the start"), max_length=12, blank=True)
    destination = models.CharField(pgettext_lazy("trip", "to"), max_length=50)
    destination_code = models.CharField(
        _("region code of the destination"), max_length=12, blank=True
    )
    departs_on = models.DateField(_("departs on"), validators=[stored_dates(_("departs on"))])
    seats = models.PositiveIntegerField(_("seats"), validators=[Between(*SEATS, field=_("seats"))])
    meeting_point = models.CharField(_("meeting point"), max_length=200, blank=True)
    fair = models.ForeignKey(
        "fairs.Fair",
        verbose_name=_("the fair they are taken to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-departs_on", "-pk"]
        indexes = [models.Index(fields=["region", "departs_on"])]
        constraints = [
            stored_date("departs_on", field=_("departs on"), constraint="trip_departs_range"),
            between("seats", *SEATS, field=_("seats"), constraint="trip_seats_range"),
            models.CheckConstraint(
                condition=Q(kind="home") | Q(employer__isnull=False),
                name="trip_out_has_employer",
                violation_error_message=_("A trip out takes people to one employer."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_home(self) -> bool:
        return self.kind == self.Kind.HOME

    @property
    def is_past(self) -> bool:
        return self.departs_on < timezone.localdate()


class SignUp(ScopedModel):
    """A passenger: one person on one trip, signed up by staff or on the portal."""

    class Channel(models.TextChoices):
        STAFF = "staff", _("by staff")
        PORTAL = "portal", _("on the worker portal")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="signups")
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("worker"), on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("signed up"), max_length=6, choices=Channel.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("signed up at"), default=timezone.now)
    # Trips out: the hire that takes the person to the employer.
    application = models.ForeignKey(
        "placements.Application",
        verbose_name=_("hire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    boarded_at = models.DateTimeField(_("boarded at"), null=True, blank=True)
    boarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    arrived_at = models.DateTimeField(_("arrival confirmed at"), null=True, blank=True)
    arrival_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    arrival_by_employer_user = models.ForeignKey(
        "employers.EmployerUser", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "trip__region_id"

    class Meta:
        verbose_name = _("trip sign-up")
        verbose_name_plural = _("trip sign-ups")
        ordering = ["trip", "at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "worker"], name="one_signup_per_trip"),
        ]

    def __str__(self) -> str:
        return f"{self.trip_id}:{self.worker_id}"


class BoardAnswer(ScopedModel):
    """What a passenger said on board: the survey's status and job intention questions, with
    the same choices as the registry and the door-to-door survey (one answer per sign-up)."""

    signup = models.OneToOneField(SignUp, on_delete=models.CASCADE, related_name="answer")
    status = models.CharField(
        _("employment status"), max_length=24, choices=EmploymentStatus.choices, blank=True
    )
    intention = models.CharField(
        _("job intention"), max_length=16, choices=Intention.choices, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    status_event = models.ForeignKey(
        "workers.StatusEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    region_field = "signup__trip__region_id"

    class Meta:
        verbose_name = _("answer on board")
        verbose_name_plural = _("answers on board")
