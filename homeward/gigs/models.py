"""Gig markets (零工市场, issue 17): a county's market, the gigs verified employers post there
(reviewed by staff; the instant channel 即时快招 for same-day needs), the people signed in each
day with the trades they offer, the recorded lotteries, and each person sent to a gig until the
employer checks them out with the day's pay.

Every record belongs to the market's area (`region_field` through the market): the market's
county or town staff run it. Workers and employers read their own rows on the portals through
ownership filters.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.scoping import ScopedModel

HEADCOUNT = (1, 50)  # people a gig asks for
DAY_PAY = (Decimal("1.00"), Decimal("5000.00"))  # yuan a person a day
RATING = (1, 5)


class Trade(models.TextChoices):
    PORTER = "porter", _("loading and carrying")
    HELPER = "helper", _("construction helper")
    CLEANING = "cleaning", _("cleaning and housework")
    KITCHEN = "kitchen", _("kitchen help")
    FARM = "farm", _("farm work and picking")
    ELECTRIC = "electric", _("plumbing and electrical repair")
    DRIVING = "driving", _("driving")
    OTHER = "other", _("other odd jobs")


# Trades that need the skill: only people who offer that trade are sent (never "anyone").
SKILLED = frozenset({Trade.ELECTRIC, Trade.DRIVING})


class Market(ScopedModel):
    name = models.CharField(_("gig market"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    hours = models.CharField(_("opening hours"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("gig market")
        verbose_name_plural = _("gig markets")
        ordering = ["region_id", "name"]

    def __str__(self):
        return self.name


class GigStatus(models.TextChoices):
    PENDING = "pending", _("awaiting review")
    OPEN = "open", _("open")
    FILLED = "filled", _("everyone sent")
    DONE = "done", _("done")
    REFUSED = "refused", _("refused")
    CANCELLED = "cancelled", _("cancelled")


class Gig(ScopedModel):
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="gigs")
    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("gig"), max_length=100)
    trade = models.CharField(_("trade"), max_length=10, choices=Trade.choices)
    on = models.DateField(_("date of work"), validators=[stored_dates(_("date of work"))])
    place = models.CharField(_("place of work"), max_length=200)
    headcount = models.PositiveSmallIntegerField(
        _("people needed"), validators=[Between(*HEADCOUNT, field=_("people needed"))]
    )
    pay = models.DecimalField(
        _("pay a day (yuan)"),
        max_digits=7,
        decimal_places=2,
        validators=[Between(*DAY_PAY, field=_("pay a day (yuan)"))],
    )
    instant = models.BooleanField(_("instant channel (same day)"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=GigStatus.choices, default=GigStatus.PENDING
    )
    refusal = models.CharField(_("reason for refusal"), max_length=200, blank=True)
    posted_by = models.CharField(max_length=40, editable=False)  # "employer:<id>" or "staff:<id>"
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, editable=False)

    region_field = "market__region_id"

    class Meta:
        verbose_name = _("gig")
        verbose_name_plural = _("gigs")
        ordering = ["-on", "-pk"]
        constraints = [
            stored_date("on", field=_("date of work"), constraint="gig_on_range", nullable=False),
            between(
                "headcount", *HEADCOUNT, field=_("people needed"), constraint="gig_headcount_range"
            ),
            between("pay", *DAY_PAY, field=_("pay a day (yuan)"), constraint="gig_pay_range"),
        ]

    def __str__(self):
        return self.title


class Method(models.TextChoices):
    QR = "qr", _("the market's QR code")
    ID = "id", _("ID number, by staff")


class SignIn(ScopedModel):
    """A person at the market today, offering these trades: once a day per person."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="signins")
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("worker"), on_delete=models.CASCADE, related_name="+"
    )
    on = models.DateField(_("date"), validators=[stored_dates(_("date"))])
    at = models.DateTimeField(_("signed in at"), default=timezone.now)
    trades = models.JSONField(_("trades offered"), default=list)
    method = models.CharField(_("method"), max_length=4, choices=Method.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "market__region_id"

    class Meta:
        verbose_name = _("market sign-in")
        verbose_name_plural = _("market sign-ins")
        ordering = ["market", "-on", "at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "on"], name="one_market_signin_a_day"),
            stored_date("on", field=_("date"), constraint="signin_on_range", nullable=False),
        ]


class DrawKind(models.TextChoices):
    LOTTERY = "lottery", _("lottery")
    MATCH = "match", _("skill match")


class Draw(ScopedModel):
    """How the people of a gig were chosen: the seed, the pool and the order, stored, so anyone
    can re-run the lottery (`lottery.order(seed, pool)`) and get the same people."""

    gig = models.ForeignKey(Gig, on_delete=models.CASCADE, related_name="draws")
    kind = models.CharField(_("how chosen"), max_length=8, choices=DrawKind.choices)
    seed = models.CharField(_("seed"), max_length=64, blank=True)
    pool = models.JSONField(_("qualified people"), default=list)  # worker ids, ascending
    drawn = models.JSONField(_("order drawn"), default=list)  # worker ids sent, in order
    at = models.DateTimeField(_("drawn at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    region_field = "gig__market__region_id"

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-at", "-pk"]


class DispatchStatus(models.TextChoices):
    SENT = "sent", _("sent to the gig")
    DONE = "done", _("checked out")
    NO_SHOW = "no_show", _("never came")
    EMPLOYER_ABSENT = "absent", _("the employer did not come")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE = (DispatchStatus.SENT,)


class Dispatch(ScopedModel):
    """A person sent to a gig: one gig at a time (a partial unique constraint), more in a day
    once the first is over."""

    gig = models.ForeignKey(Gig, on_delete=models.CASCADE, related_name="dispatches")
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("worker"), on_delete=models.CASCADE, related_name="+"
    )
    draw = models.ForeignKey(Draw, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.SENT
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    paid = models.DecimalField(
        _("pay received (yuan)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[Between(Decimal("0.00"), DAY_PAY[1], field=_("pay received (yuan)"))],
    )
    paid_on_spot = models.BooleanField(_("paid on the spot"), default=False)
    worker_rating = models.PositiveSmallIntegerField(
        _("the employer's rating of the worker"),
        null=True,
        blank=True,
        validators=[Between(*RATING, field=_("rating"))],
    )
    employer_rating = models.PositiveSmallIntegerField(
        _("the worker's rating of the employer"),
        null=True,
        blank=True,
        validators=[Between(*RATING, field=_("rating"))],
    )

    region_field = "gig__market__region_id"

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker"], condition=Q(status="sent"), name="one_gig_at_a_time"
            ),
            models.UniqueConstraint(fields=["gig", "worker"], name="once_per_gig"),
            between(
                "paid",
                Decimal("0.00"),
                DAY_PAY[1],
                field=_("pay received (yuan)"),
                constraint="dispatch_paid_range",
            ),
            between("worker_rating", *RATING, field=_("rating"), constraint="dispatch_wr_range"),
            between("employer_rating", *RATING, field=_("rating"), constraint="dispatch_er_range"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(paid__isnull=False), name="done_has_pay"
            ),
        ]


class Sanction(ScopedModel):
    """An employer barred from posting at the market until a date (no-shows, unpaid gigs)."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="sanctions")
    employer = models.ForeignKey(
        "employers.Employer", verbose_name=_("employer"), on_delete=models.CASCADE, related_name="+"
    )
    until = models.DateField(_("barred until"), validators=[stored_dates(_("barred until"))])
    reason = models.CharField(_("reason"), max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("decided at"), default=timezone.now, editable=False)

    region_field = "market__region_id"

    class Meta:
        verbose_name = _("employer sanction")
        verbose_name_plural = _("employer sanctions")
        ordering = ["-at", "-pk"]
        constraints = [
            stored_date(
                "until", field=_("barred until"), constraint="sanction_until_range", nullable=False
            ),
        ]
