"""A piece of long work done by a task worker, as the person who started it follows it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.scoping import ScopedModel


class BackgroundJob(ScopedModel):
    """One export, import check or match recompute running on the task queue.

    Scoped by `region_code` (the area of the person who started it, "" for the whole country):
    staff see their area's jobs; the result (a file, or a page) is the owner's, see
    `services.may_take_result`. `params` holds ids and filter values only, never a full ID or
    phone number (`services.start_job` refuses them).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    region_code = models.CharField(_("area"), max_length=12, blank=True, db_index=True)
    # What the job is about, for the page that shows it ("jobs.posting:12"); "" when nothing.
    subject = models.CharField(_("subject"), max_length=60, blank=True, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=200, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    # A file under VAR_DIR/background (never static or media), or a page to go to.
    result_file = models.CharField(_("result file"), max_length=200, blank=True)
    download_as = models.CharField(_("download name"), max_length=100, blank=True)
    result_url = models.CharField(_("result page"), max_length=200, blank=True)
    # The result file holds full ID and phone numbers: taking it needs that permission.
    personal = models.BooleanField(_("holds full personal data"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("files deleted at"), null=True, blank=True)

    region_field = "region_code"

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="background_job_expires")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
