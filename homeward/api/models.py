"""The open API's clients and the writes they asked for.

A client is a partner system (the provincial V2.0 system, the province's integrated platform)
with a bearer token, an area and scopes. Only the token's SHA-256 is stored: the token is shown
once when the client is made (`homeward api client create`, the admin) and cannot be read back.
A client belongs to its area like staff do, so county admins see only their area's clients.

An idempotency record keeps, per client and `Idempotency-Key`, the hash of the request and the
response it got: the same key again replays the response, the same key with another request is
refused (409). Its unique constraint makes two concurrent first tries one.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.bounds import Between, between
from homeward.scoping import ScopedModel

TOKEN_PREFIX = "hw_"
RATE_LIMIT = (1, 10_000)  # requests a minute a client may be given


class Scope(models.TextChoices):
    WORKERS_READ = "workers:read", _("read workers")
    WORKERS_WRITE = "workers:write", _("update workers' employment status")
    WORKERS_FULL_ID = "workers:full_id", _("see full ID and phone numbers (audited)")
    POSTINGS_READ = "postings:read", _("read published job postings")
    PLACEMENTS_READ = "placements:read", _("read applications and placements")
    PLACEMENTS_WRITE = "placements:write", _("record placements (hires)")
    STATS_READ = "stats:read", _("read statistics")


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256 (a random 256-bit token needs no slow hash)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiClient(ScopedModel):
    # "title", not "name": the system's name, not a person's (personal_data's name rule)
    title = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    scopes = models.CharField(
        _("scopes"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. workers:read")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    token_start = models.CharField(_("token begins"), max_length=12, editable=False)
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"),
        default=120,
        validators=[Between(*RATE_LIMIT, field=_("requests per minute"))],
    )
    # The fixed window of the rate limit: its minute and the requests counted in it.
    window_start = models.DateTimeField(null=True, blank=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    region_field = "region_id"

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["title", "id"]
        constraints = [
            between(
                "rate_limit",
                *RATE_LIMIT,
                field=_("requests per minute"),
                constraint="api_client_rate_limit_range",
                nullable=False,
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_set(self) -> set[str]:
        return {s.strip() for s in self.scopes.split(",") if s.strip()}

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scope_set


class IdempotencyRecord(models.Model):
    """One write of one client under one Idempotency-Key, and the answer it got."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)  # method, path and body
    status_code = models.PositiveSmallIntegerField(null=True)  # None: still being answered
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="api_idempotency_once"),
            models.CheckConstraint(
                condition=models.Q(status_code__isnull=True)
                | models.Q(status_code__gte=100, status_code__lte=599),
                name="api_idempotency_status_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"
