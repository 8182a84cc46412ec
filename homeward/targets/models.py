"""Targets and work checklists (issue 16): the goals a programme sets an area, tracked against
figures counted from the records, and the dated checklist of who does what by when.

- `Target`: a goal bound to a figure — an indicator of the statistics' dictionary
  (`stats.indicators`) or a *measure* of this app (`measures.py`: ambassadors in office, fairs
  held, stations open …) —, an area and a period. Its progress is never typed in: it is counted
  when read, and kept once a day in `Snapshot` for its history.
- `ChecklistItem`: one line of a work checklist (湘乡's 工作清单): the work, the units answering
  for it as the document names them, its deadline as written ("1月30日前", "全年", "7-9月") and
  the day that means, the evidence to hand in.
- `Duty` (责任单位): one unit answering for an item, in the area that unit works in (the city's
  departments at the item's area, each town for "各乡镇街道"). Its updates (`ProgressUpdate`, with
  `Attachment`s) and the notices of supervision it gets (`Supervision`, 督办) belong to the
  duty's area: a town's clerk sees their town's duties, the office above sees them all.
- `StaffMessage`: an in-app message to a staff user (the weekly digest), read on /targets/messages.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.core.bounds import Between, between, stored_date, stored_dates
from homeward.scoping import ScopedModel

GOAL = (Decimal("0.01"), Decimal("10000000000"))  # up to 100亿 (yuan), or people, posts …
ACTUAL = (Decimal("0"), Decimal("100000000000000"))
MARGIN = (Decimal("0"), Decimal("100"))  # percentage points
NUMBER = (1, 99)
YEARS = (2000, 2100)
ATTACHMENT_BYTES = 5 * 1024 * 1024


class Target(ScopedModel):
    class Source(models.TextChoices):
        INDICATOR = "indicator", _("an indicator of the statistics")
        MEASURE = "measure", _("a count of records (measure)")

    key = models.CharField(_("seed key"), max_length=60, blank=True, default="", editable=False)
    title = models.CharField(_("target"), max_length=100)
    programme = models.CharField(_("programme"), max_length=60, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("counted from"), max_length=10, choices=Source.choices)
    metric = models.CharField(_("figure"), max_length=40)
    goal = models.DecimalField(
        _("goal"), max_digits=14, decimal_places=2, validators=[Between(*GOAL, field=_("goal"))]
    )
    unit = models.CharField(_("unit"), max_length=10)
    starts_on = models.DateField(_("period starts"), validators=[stored_dates(_("period starts"))])
    ends_on = models.DateField(_("period ends"), validators=[stored_dates(_("period ends"))])
    margin = models.DecimalField(
        _("at risk when behind time by (points)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("10"),
        validators=[Between(*MARGIN, field=_("at risk when behind time by (points)"))],
    )
    basis = models.TextField(_("the document's words"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["region_id", "programme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="target_seed_once"),
            between("goal", *GOAL, field=_("goal"), constraint="target_goal_range", nullable=False),
            between(
                "margin",
                *MARGIN,
                field=_("margin"),
                constraint="target_margin_range",
                nullable=False,
            ),
            stored_date("starts_on", field=_("period starts"), constraint="target_starts_range"),
            stored_date("ends_on", field=_("period ends"), constraint="target_ends_range"),
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="target_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Snapshot(ScopedModel):
    """A target's progress as counted on a day (one a day; the history of its progress)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="snapshots")
    on = models.DateField(_("date"), validators=[stored_dates(_("date"))])
    actual = models.DecimalField(
        _("reached"),
        max_digits=16,
        decimal_places=2,
        validators=[Between(*ACTUAL, field=_("reached"))],
    )
    expected = models.DecimalField(
        _("due by the time elapsed"),
        max_digits=16,
        decimal_places=2,
        validators=[Between(*ACTUAL, field=_("due by the time elapsed"))],
    )
    state = models.CharField(_("state"), max_length=12)

    region_field = "target__region_id"

    class Meta:
        verbose_name = _("progress snapshot")
        verbose_name_plural = _("progress snapshots")
        ordering = ["target", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["target", "on"], name="target_snapshot_once_a_day"),
            stored_date("on", field=_("date"), constraint="target_snapshot_on_range"),
            between(
                "actual", *ACTUAL, field=_("reached"), constraint="snapshot_actual", nullable=False
            ),
            between(
                "expected",
                *ACTUAL,
                field=_("due by the time elapsed"),
                constraint="snapshot_expected",
                nullable=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.on}: {self.actual}"


class ChecklistItem(ScopedModel):
    class Deadline(models.TextChoices):
        DATE = "date", _("by a date")
        YEAR = "year", _("all year")
        WINDOW = "window", _("within months")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    checklist = models.CharField(_("checklist"), max_length=100)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[Between(*YEARS, field=_("year"))]
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[Between(*NUMBER, field=_("number"))]
    )
    text = models.TextField(_("work"))
    owner_units = models.CharField(_("units responsible"), max_length=300)
    deadline_text = models.CharField(_("deadline"), max_length=20)
    deadline_kind = models.CharField(_("kind of deadline"), max_length=8, choices=Deadline.choices)
    starts_on = models.DateField(
        pgettext_lazy("targets", "window opens"),
        null=True,
        blank=True,
        validators=[stored_dates(pgettext_lazy("targets", "window opens"))],
    )
    due_on = models.DateField(
        pgettext_lazy("targets", "due on"),
        validators=[stored_dates(pgettext_lazy("targets", "due on"))],
    )
    evidence = models.CharField(_("evidence required"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["region_id", "year", "checklist", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "checklist", "year", "number"], name="checklist_item_once"
            ),
            between("year", *YEARS, field=_("year"), constraint="item_year_range", nullable=False),
            between(
                "number", *NUMBER, field=_("number"), constraint="item_number_range", nullable=False
            ),
            stored_date(
                "starts_on",
                field=pgettext_lazy("targets", "window opens"),
                constraint="item_starts_range",
            ),
            stored_date(
                "due_on", field=pgettext_lazy("targets", "due on"), constraint="item_due_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class Duty(ScopedModel):
    """One unit answering for an item, in the area it works in; done when it says so with its
    evidence (an update marked done)."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="duties")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.CharField(_("unit responsible"), max_length=100)
    done_on = models.DateField(
        pgettext_lazy("targets", "done on"),
        null=True,
        blank=True,
        validators=[stored_dates(pgettext_lazy("targets", "done on"))],
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("duty of a unit")
        verbose_name_plural = _("duties of units")
        ordering = ["item", "region_id", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["item", "region", "unit"], name="duty_once"),
            stored_date(
                "done_on", field=pgettext_lazy("targets", "done on"), constraint="duty_done_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.number}. {self.unit}"


class ProgressUpdate(ScopedModel):
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(pgettext_lazy("targets", "what was done"))
    marks_done = models.BooleanField(_("the work is done"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    region_field = "duty__region_id"

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["duty", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.duty_id} {self.at:%Y-%m-%d}"


class Attachment(ScopedModel):
    """A file handed in with an update (a photo, a PDF, an office document), kept as its bytes."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file"), max_length=120)
    content_type = models.CharField(_("type"), max_length=80)
    size = models.PositiveIntegerField(
        pgettext_lazy("file", "size"),
        validators=[Between(1, ATTACHMENT_BYTES, field=pgettext_lazy("file", "size"))],
    )
    content = models.BinaryField(_("content"))

    region_field = "update__duty__region_id"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["update", "pk"]
        constraints = [
            between(
                "size",
                1,
                ATTACHMENT_BYTES,
                field=pgettext_lazy("file", "size"),
                constraint="target_attachment_size",
                nullable=False,
            )
        ]

    def __str__(self) -> str:
        return self.filename


class Supervision(ScopedModel):
    """A notice of supervision (督办) to a unit about its duty, with the day the reply is due."""

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="supervisions")
    text = models.TextField(_("notice"))
    reply_by = models.DateField(_("reply by"), validators=[stored_dates(_("reply by"))])
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, editable=False)

    region_field = "duty__region_id"

    class Meta:
        verbose_name = _("notice of supervision")
        verbose_name_plural = _("notices of supervision")
        ordering = ["-issued_at", "-pk"]
        constraints = [stored_date("reply_by", field=_("reply by"), constraint="supervision_reply")]

    def __str__(self) -> str:
        return f"{self.duty_id} {self.reply_by}"

    @property
    def is_answered(self) -> bool:
        return self.replied_at is not None


class StaffMessage(ScopedModel):
    """An in-app message to a staff user, once per key (the weekly digest: user × week)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=80, unique=True)
    subject = models.CharField(pgettext_lazy("targets", "subject"), max_length=100)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("staff message")
        verbose_name_plural = _("staff messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject
