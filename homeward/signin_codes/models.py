"""One-time sign-in codes for the worker and employer portal (phone number + SMS code)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInCode(models.Model):
    """A code sent to a phone. Only keyed hashes are kept: of the phone (to find its codes and
    count its attempts) and of the code (to check it); the code itself lives only in the SMS."""

    class Audience(models.TextChoices):
        WORKER = "worker", _("worker")
        EMPLOYER = "employer", _("employer")

    phone_hash = models.CharField(max_length=64, db_index=True)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        # The table the portal app created: the model moved here, its rows stayed where they were.
        db_table = "portal_signincode"
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        indexes = [models.Index(fields=["ip", "created_at"], name="portal_sign_ip_6c417d_idx")]

    def __str__(self) -> str:
        return f"{self.audience} code {self.pk}"
