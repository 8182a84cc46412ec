"""`ScheduledRun`: one periodic duty in one period — claimed, then done or failed (see schedule.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    duty = models.CharField(_("duty"), max_length=40)
    period = models.CharField(_("duty period"), max_length=10)  # 2026-12-07, 2026-W50, 2026-12
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    output = models.TextField(_("output"), blank=True)  # the command's last lines, or the error

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["duty", "period"], name="scheduled_run_once"),
            models.CheckConstraint(
                condition=models.Q(attempts__gte=1, attempts__lte=10), name="scheduled_run_attempts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duty} {self.period} {self.status}"
