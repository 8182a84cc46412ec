"""The outbox: every message the embedded mode "sends", kept where staff and the portal read it."""

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.crypto import PHONE, EncryptedField, LookupHashField, mask_phone
from homeward.scoping import ScopedModel

# The template of one-time sign-in codes: whoever reads such a message can sign in as its person.
SIGNIN_CODE = "signin_code"
CODE_MASK = "••••••"


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")
    INAPP = "inapp", _("in-app")


class OutboxMessage(ScopedModel):
    """One outgoing message, stored instead of being handed to a provider (the "outbox" gateway).

    Its region is the recipient's village or, when the recipient has no village on record, the
    sender's area; the scoped manager limits every list of the outbox to the viewer's area.
    """

    region_field = "region_id"

    # No index of its own: the (region, created_at) index below serves every region lookup
    # (its first column), and on PostgreSQL a char key's own index comes with a second one for
    # LIKE that nothing asks for — two indexes less to write per message a campaign stores.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient_phone = EncryptedField(_("recipient phone"), kind=PHONE)
    recipient_phone_hash = LookupHashField(source="recipient_phone")
    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("worker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"))
    key = models.CharField(_("idempotency key"), max_length=200, blank=True, default="")
    template = models.CharField(_("template"), max_length=50, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="outbox_unique_key"
            )
        ]
        indexes = [models.Index(fields=["region", "created_at"])]

    def __str__(self) -> str:
        to = mask_phone(self.recipient_phone) or f"worker {self.worker_id}"
        return f"{self.channel} → {to}"

    @property
    def masked_recipient(self) -> str:
        return mask_phone(self.recipient_phone)

    @property
    def holds_signin_code(self) -> bool:
        return self.template == SIGNIN_CODE

    @property
    def text_without_code(self) -> str:
        """The text with the code hidden (nor its length shown): codes are runs of 4 or more
        digits; shorter numbers such as the "5" of "5 分钟内有效" stay readable."""
        return re.sub(r"(?<!\d)\d{4,}(?!\d)", CODE_MASK, self.text)
