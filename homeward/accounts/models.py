"""Staff accounts: each belongs to one region and has one role there."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.crypto import PHONE, EncryptedField, LookupHashField
from homeward.scoping import ScopedModel, ScopedQuerySet


class Role(models.TextChoices):
    STAFF = "staff", _("staff")
    LEADER = "leader", _("leader (read-only)")
    ADMIN = "admin", _("administrator")


class UserManager(AuthUserManager.from_queryset(ScopedQuerySet)):
    """Not scoped by default: signing in looks a user up before anyone has an area.
    Every page that lists or edits users calls `visible_to(request.user)`."""


class User(AbstractUser):
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("The area this person works for; they see only its records."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    may_see_personal_data = models.BooleanField(
        _("may see full personal data"),
        default=False,
        help_text=_("Full ID and phone numbers; every such view is audited."),
    )
    phone = EncryptedField(_("mobile phone"), kind=PHONE)
    phone_hash = LookupHashField(source="phone")
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    region_field = "region_id"
    objects = UserManager()

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names: family name first, no space.
        return f"{self.last_name}{self.first_name}".strip()

    @property
    def level(self) -> str | None:
        return self.region.level if self.region_id else None

    @property
    def can_write(self) -> bool:
        return self.is_active and (self.is_superuser or self.role != Role.LEADER)

    @property
    def is_area_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.ADMIN)

    def needs_second_factor(self) -> bool:
        required = settings.SECOND_FACTOR_REQUIRED
        if self.is_superuser:
            return bool(required["roles"])
        return self.role in required["roles"] and self.level in required["levels"]

    def password_expired(self, now=None) -> bool:
        days = settings.PASSWORD_MAX_AGE_DAYS
        if not days or self.password_changed_at is None:
            return False
        return (now or timezone.now()) - self.password_changed_at > timedelta(days=days)

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def save(self, *args, **kwargs):
        # Only area administrators reach the admin site, where users of their area are managed.
        self.is_staff = self.is_superuser or self.role == Role.ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff"}
        super().save(*args, **kwargs)


class PersonalDataGrant(ScopedModel):
    """A request that a staff user may see full personal data, and its four-eyes decision.

    No one sets `User.may_see_personal_data` by editing the account: an area administrator asks
    for it here (for a user of their area, themselves included) and another administrator of a
    level above the one who asked approves or refuses it (`services.approve_personal_data`), so
    no one grants it to themselves. Withdrawing it needs no second person. Every step is audited.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(
        User,
        verbose_name=_("staff user"),
        on_delete=models.CASCADE,
        related_name="personal_data_grants",
    )
    # The user's region when asked: the requests an administrator sees are those of their area.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(
        _("why this person needs it"),
        max_length=200,
        help_text=_("The work that needs full ID and phone numbers, e.g. paying subsidies."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    region_field = "region_id"

    class Meta:
        verbose_name = _("personal-data permission request")
        verbose_name_plural = _("personal-data permission requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_personal_data_request",
            ),
            # No one decides their own request, nor a request for themselves.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by"))
                & ~models.Q(decided_by=models.F("user")),
                name="personal_data_decided_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_status_display()}"
