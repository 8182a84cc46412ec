"""Job postings (岗位): what an employer offers, where, for how much, and to whom.

A posting's status moves draft → published → filled or closed (a draft may also be closed), and
only through the functions in `services.py`, which check the move and audit it.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds
from homeward.core.bounds import Between, between, range_message, stored_date, stored_dates
from homeward.employers.models import PLACE_LEVELS
from homeward.scoping import ScopedManager, ScopedModel, ScopedQuerySet
from homeward.workers.models import Education
from homeward.workers.vocab import MAXIMUM_WORKING_AGE, MINIMUM_WORKING_AGE

# A posting asks for schooling in the registry's codes; only the lowest reads differently.
EDUCATION_MIN_CHOICES = [(Education.NONE.value, _("any education")), *Education.choices[1:]]
UNDER_MINIMUM_AGE = _("No one under 16 may be employed (Labour Law art. 15).")
WAGE_TOO_HIGH = format_lazy(
    _(
        "A wage is at most {month} yuan a month, {day} yuan a day or {piece} yuan a piece: "
        "check the amount and what it is paid per."
    ),
    month=bounds.MONTHLY_WAGE[1],
    day=bounds.DAY_RATE[1],
    piece=bounds.PIECE_RATE[1],
)


class WageUnit(models.TextChoices):
    MONTH = "month", _("yuan a month")
    DAY = "day", _("yuan a day")
    PIECE = "piece", _("yuan a piece")


class Benefit(models.TextChoices):
    BOARD = "board", _("meals provided")
    LODGING = "lodging", _("lodging provided")
    SOCIAL_INSURANCE = "social_insurance", _("social insurance")
    HOUSING_FUND = "housing_fund", _("housing provident fund")
    TRANSPORT = "transport", _("transport allowance")
    TRAINING = "training", _("pre-job training")
    SHUTTLE = "shuttle", _("shuttle bus")
    PAID_LEAVE = "paid_leave", _("paid leave")
    YEAR_END_BONUS = "year_end_bonus", _("year-end bonus")


class WorkType(models.TextChoices):
    FULL_TIME = "full_time", _("full-time")
    SEASONAL = "seasonal", _("seasonal")
    GIG = "gig", _("gig")
    PUBLIC_WELFARE = "public_welfare", _("public-welfare job")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    FILLED = "filled", _("filled")
    CLOSED = "closed", _("closed")


# The moves a posting's status may make; filled and closed are final.
TRANSITIONS = {
    Status.DRAFT: {Status.PUBLISHED, Status.CLOSED},
    Status.PUBLISHED: {Status.FILLED, Status.CLOSED},
    Status.FILLED: set(),
    Status.CLOSED: set(),
}


class PostingQuerySet(ScopedQuerySet):
    """Which postings. The two public rules live here, and only here (with their one-row twins
    `Posting.is_public` and `Posting.is_on_offer`): every page, match, sheet, campaign and
    application that offers jobs starts from `on_offer`."""

    def public(self):
        """What anyone may look at: postings once published (filled and closed ones too), of
        employers not on the arrears blacklist. Drafts are the employer's and staff's."""
        return self.exclude(status=Status.DRAFT).filter(employer__is_blacklisted=False)

    def on_offer(self, day: date):
        """Published, not past their end date on `day`, and of an employer not on the arrears
        blacklist: what a job sheet lists, matching recommends and a worker may apply to."""
        return self.public().filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day), status=Status.PUBLISHED
        )


class PostingManager(ScopedManager.from_queryset(PostingQuerySet)):
    pass


class Posting(ScopedModel):
    employer = models.ForeignKey(
        "employers.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="postings",
    )
    title = models.CharField(_("job title"), max_length=100)
    occupation = models.CharField(
        _("occupation"), max_length=50, help_text=_("As people say it, e.g. 电焊工.")
    )
    headcount = models.PositiveIntegerField(
        _("people wanted"),
        default=1,
        validators=[Between(*bounds.HEADCOUNT, field=_("people wanted"))],
    )
    # Checked against the wage unit's own bound in clean() and by a constraint.
    wage_min = models.DecimalField(
        _("lowest wage"),
        max_digits=10,
        decimal_places=2,
        validators=[Between(*bounds.MONTHLY_WAGE, field=_("lowest wage"))],
    )
    wage_max = models.DecimalField(
        _("highest wage"),
        max_digits=10,
        decimal_places=2,
        validators=[Between(*bounds.MONTHLY_WAGE, field=_("highest wage"))],
    )
    wage_unit = models.CharField(
        _("wage per"), max_length=8, choices=WageUnit.choices, default=WageUnit.MONTH
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("place of work"),
        on_delete=models.PROTECT,
        related_name="postings",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("youngest age"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MINIMUM_WORKING_AGE, UNDER_MINIMUM_AGE),
            MaxValueValidator(
                MAXIMUM_WORKING_AGE, range_message(_("youngest age"), *bounds.WORKING_AGE)
            ),
        ],
    )
    age_max = models.PositiveSmallIntegerField(
        _("oldest age"),
        null=True,
        blank=True,
        validators=[Between(*bounds.WORKING_AGE, field=_("oldest age"))],
    )
    education_min = models.CharField(
        _("lowest education"), max_length=12, choices=EDUCATION_MIN_CHOICES, default=Education.NONE
    )
    skills = models.TextField(_("skills and requirements"), blank=True)
    benefits = models.JSONField(_("benefits"), default=list, blank=True)
    work_type = models.CharField(
        _("type of work"), max_length=16, choices=WorkType.choices, default=WorkType.FULL_TIME
    )
    starts_on = models.DateField(
        _("starts on"), null=True, blank=True, validators=[stored_dates(_("starts on"))]
    )
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, validators=[stored_dates(_("ends on"))]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    region_field = "region_id"
    objects = PostingManager()

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "region"])]
        constraints = [
            between(
                "headcount",
                *bounds.HEADCOUNT,
                field=_("people wanted"),
                constraint="posting_headcount_range",
                nullable=False,
            ),
            models.CheckConstraint(
                condition=Q(wage_min__gte=0)
                & (
                    Q(wage_unit="month", wage_max__lte=bounds.MONTHLY_WAGE[1])
                    | Q(wage_unit="day", wage_max__lte=bounds.DAY_RATE[1])
                    | Q(wage_unit="piece", wage_max__lte=bounds.PIECE_RATE[1])
                ),
                name="posting_wage_bounds",
                violation_error_message=WAGE_TOO_HIGH,
            ),
            between(
                "age_min",
                *bounds.WORKING_AGE,
                field=_("youngest age"),
                constraint="posting_age_min_range",
            ),
            between(
                "age_max",
                *bounds.WORKING_AGE,
                field=_("oldest age"),
                constraint="posting_age_max_range",
            ),
            stored_date("starts_on", field=_("starts on"), constraint="posting_starts_on_range"),
            stored_date("ends_on", field=_("ends on"), constraint="posting_ends_on_range"),
            models.CheckConstraint(
                condition=Q(wage_min__lte=F("wage_max")),
                name="posting_wage_range",
                violation_error_message=_("The lowest wage cannot be above the highest wage."),
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
                name="posting_age_range",
                violation_error_message=_("The youngest age cannot be above the oldest age."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=F("ends_on")),
                name="posting_date_range",
                violation_error_message=_("The job cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.wage_min is not None and self.wage_max is not None:
            if self.wage_min > self.wage_max:
                errors["wage_max"] = _("The lowest wage cannot be above the highest wage.")
            limit = bounds.WAGE_BY_UNIT.get(self.wage_unit, bounds.MONTHLY_WAGE)[1]
            # (above the monthly bound the field's own validator has said so)
            if limit < self.wage_max <= bounds.MONTHLY_WAGE[1] and "wage_max" not in errors:
                errors["wage_max"] = WAGE_TOO_HIGH
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The youngest age cannot be above the oldest age.")
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            errors["ends_on"] = _("The job cannot end before it starts.")
        if self.region_id and self.region.level not in PLACE_LEVELS:
            errors["region"] = _("Choose a town or a village.")
        unknown = [b for b in self.benefits or [] if b not in Benefit.values]
        if not isinstance(self.benefits, list) or unknown:
            errors["benefits"] = _("Unknown benefit: %(code)s") % {"code": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)

    # Single-row facts about the status; the moves themselves are in services.py.

    @property
    def is_open(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        """`PostingQuerySet.public` for one posting."""
        return self.status != Status.DRAFT and not self.employer.is_blacklisted

    def is_on_offer(self, day: date) -> bool:
        """`PostingQuerySet.on_offer` for one posting."""
        return (
            self.status == Status.PUBLISHED
            and (self.ends_on is None or self.ends_on >= day)
            and self.is_public
        )

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.PUBLISHED)

    def can_become(self, status: str) -> bool:
        return status in TRANSITIONS[Status(self.status)]

    # How the sheet and the pages write it.

    def wage_display(self) -> str:
        unit = self.get_wage_unit_display()
        low, high = (f"{v:.2f}".removesuffix(".00") for v in (self.wage_min, self.wage_max))
        return f"{low} {unit}" if low == high else f"{low}–{high} {unit}"

    def age_display(self) -> str:
        if self.age_min is not None and self.age_max is not None:
            return _("%(low)s–%(high)s years") % {"low": self.age_min, "high": self.age_max}
        if self.age_min is not None:
            return _("%(low)s years or older") % {"low": self.age_min}
        if self.age_max is not None:
            return _("up to %(high)s years") % {"high": self.age_max}
        return _("any age")

    def benefit_labels(self) -> list[str]:
        labels = dict(Benefit.choices)
        return [str(labels[b]) for b in self.benefits or [] if b in labels]

    def place_display(self) -> str:
        """Where the work is: the village with its town, or the town."""
        region = self.region
        if region.level == "village" and region.parent_id:
            return f"{region.parent.name}{region.name}"
        return region.name
