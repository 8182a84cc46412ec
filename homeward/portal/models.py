"""One-time sign-in codes for the worker and employer portal (phone number + SMS code)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.crypto import PHONE, EncryptedField, LookupHashField
from homeward.scoping import ScopedModel


class Audience(models.TextChoices):
    WORKER = "worker", _("worker")
    EMPLOYER = "employer", _("employer")


class SignInCode(models.Model):
    """A code sent to a phone. Only keyed hashes are kept: of the phone (to find its codes and
    count its attempts) and of the code (to check it); the code itself lives only in the SMS."""

    phone_hash = models.CharField(max_length=64, db_index=True)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        indexes = [models.Index(fields=["ip", "created_at"])]

    def __str__(self) -> str:
        return f"{self.audience} code {self.pk}"


class WorkerAccount(ScopedModel):
    """A worker's portal account: the phone they sign in with, bound to their registry record.

    Bound at first sign-in by ID number and name; a person the registry does not know registers
    themselves (`self_registered`) and staff of their village confirm the record later.
    """

    worker = models.OneToOneField(
        "workers.Worker", on_delete=models.CASCADE, related_name="portal_account"
    )
    phone = EncryptedField(_("mobile phone"), kind=PHONE)
    phone_hash = LookupHashField(source="phone", unique=True)
    self_registered = models.BooleanField(_("registered themselves"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed by staff at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_sign_in_at = models.DateTimeField(_("last signed in"), null=True, blank=True)

    region_field = "worker__region_id"

    class Meta:
        verbose_name = _("worker portal account")
        verbose_name_plural = _("worker portal accounts")

    def __str__(self) -> str:
        return f"portal account of worker {self.worker_id}"

    @property
    def awaiting_confirmation(self) -> bool:
        return self.self_registered and self.confirmed_at is None


class ArticleKind(models.TextChoices):
    POLICY = "policy", _("policy")
    GUIDE = "guide", _("service guide")


class Article(ScopedModel):
    """A policy article or service guide shown on the portal to the people of its area."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Shown to the people of this area."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ArticleKind.choices)
    title = models.CharField(_("title"), max_length=100)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    body = models.TextField(_("text"), help_text=_("Plain text; a blank line starts a paragraph."))
    is_published = models.BooleanField(_("published"), default=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        verbose_name = _("policy article or guide")
        verbose_name_plural = _("policy articles and guides")
        ordering = ["kind", "-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def published_for(cls, home: str | None):
        """Published articles of the person's area and its ancestors (all, for a visitor)."""
        rows = cls._base_manager.filter(is_published=True)
        if home:
            prefixes = [home[:n] for n in (2, 4, 6, 9, 12) if len(home) >= n]
            rows = rows.filter(region_id__in=prefixes)
        return rows.order_by("kind", "-published_at", "-pk")

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
