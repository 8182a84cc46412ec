"""The audit trail: who did what to which record, when, from where, and with what result.

Rows are append-only: database triggers (PostgreSQL and SQLite alike) refuse every UPDATE, and every
DELETE of a row younger than the legal minimum of 184 days, whoever asks (SECURITY.md S15, S16).

No row holds a full ID or mobile number (S12): `save` masks every value of the detail (a search
term, a filter, a username typed at sign-in) and the object's name, in any written form
(`crypto.mask_value`), whoever writes the row, and keeps the keyed lookup hash of each number it
masked in `detail["hashes"]`: an auditor asking "who searched for this person" computes
`crypto.lookup_hash(kind, number)` and looks for it there, and the trail never holds the number.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.crypto import lookup_hash, mask_text, mask_value
from homeward.scoping import ScopedManager

MINIMUM_RETENTION_DAYS = 184  # the Cybersecurity Law's six months; the triggers hold to it too


class Result(models.TextChoices):
    OK = "ok", _("succeeded")
    REFUSED = "refused", _("refused")
    FAILED = "failed", _("failed")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.OK)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    region_code = models.CharField(_("region code"), max_length=12, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    region_field = "region_code"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit events are never changed")
        self.detail = seal_detail(self.detail, also=self.object_repr)
        self.object_repr = mask_text(self.object_repr)[:200]
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit events are never deleted by the application")


def seal_detail(detail: dict | None, also: str = "") -> dict:
    """An audit detail with every personal number masked, and the keyed hashes of the numbers
    masked in it and in `also` (the object's name)."""
    found: set[tuple[str, str]] = set()
    mask_value(also, found)
    sealed = mask_value(dict(detail or {}), found)
    if found:
        hashes = {lookup_hash(kind, number) for kind, number in found}
        sealed["hashes"] = sorted(hashes | set(sealed.get("hashes") or ()))
    return sealed
