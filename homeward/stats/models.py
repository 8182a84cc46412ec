"""Statistics kept from events: each person's month-end snapshot and the summary table.

`PersonMonth` is the month-end snapshot (时点数) of one person: where their household was and
what their status was at the end of a month (the current month: now). Written for the current
month as the registry changes and frozen when the month is over, so last March's figures do
not change when a person moves today. `Figure` is the summary table, area × month × indicator,
for every level from village to province: the village rows are counted from the records, the
rows above are the sums of the rows below (the indicators are additive).
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.core.bounds import Between
from homeward.scoping import ScopedModel
from homeward.workers.models import EmploymentStatus, InsurancePlace, WorkScope

MONTHS = Between(dt.date(2000, 1, 1), dt.date(2100, 12, 1))


class PersonMonth(ScopedModel):
    worker = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(pgettext_lazy("statistics", "month"), validators=[MONTHS])  # 1st day
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=24, choices=EmploymentStatus.choices, blank=True)
    work_scope = models.CharField(max_length=16, choices=WorkScope.choices, blank=True)
    low_income = models.BooleanField(default=False)
    # The social insurances the person was insured in (workers.SocialInsurance), sorted codes
    # joined by commas: "medical,pension".
    insured = models.CharField(max_length=60, blank=True, default="")
    # Where (参保地): "local" when any of them is here, "elsewhere" when only elsewhere
    # (workers.insurance.insured_kinds).
    insured_place = models.CharField(
        max_length=10, choices=InsurancePlace.choices, blank=True, default=""
    )

    region_field = "region_id"

    class Meta:
        verbose_name = _("month-end snapshot of a person")
        verbose_name_plural = _("month-end snapshots of people")
        constraints = [
            models.UniqueConstraint(fields=["worker", "month"], name="stats_person_month_once"),
            models.CheckConstraint(
                condition=models.Q(month__gte="2000-01-01", month__lte="2100-12-01"),
                name="stats_person_month_range",
            ),
        ]
        indexes = [models.Index(fields=["month", "region"], name="stats_person_month_region")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.month:%Y-%m} {self.status}"


class Figure(ScopedModel):
    """One number of the summary table: an indicator of an area for a month."""

    region_code = models.CharField(_("area"), max_length=12)
    month = models.DateField(pgettext_lazy("statistics", "month"), validators=[MONTHS])
    indicator = models.CharField(pgettext_lazy("statistics", "indicator"), max_length=40)
    value = models.BigIntegerField(
        pgettext_lazy("statistics", "value"), validators=[Between(0, 10**12)]
    )

    region_field = "region_code"

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "month", "indicator"], name="stats_figure_once"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte="2000-01-01", month__lte="2100-12-01"),
                name="stats_figure_month_range",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0, value__lte=10**12), name="stats_figure_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.month:%Y-%m} {self.indicator} = {self.value}"


class Watermark(models.Model):
    """How far the incremental refresh has read each source (one row, locked while it runs)."""

    name = models.CharField(max_length=20, primary_key=True)
    seen_until = models.DateTimeField(null=True, blank=True)
    current_month = models.DateField(null=True, blank=True)  # the month whose snapshot is live

    def __str__(self) -> str:
        return f"{self.name}: {self.seen_until}"
