"""Policy articles and service guides, written by area administrators for the people of their
area and read on the portal (`Article.published_for`)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.regions.codes import ancestor_codes
from homeward.scoping import ScopedModel


class Article(ScopedModel):
    """A policy article or service guide shown on the portal to the people of its area."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("policy")
        GUIDE = "guide", _("service guide")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Shown to the people of this area."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    body = models.TextField(_("text"), help_text=_("Plain text; a blank line starts a paragraph."))
    is_published = models.BooleanField(_("published"), default=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    region_field = "region_id"

    class Meta:
        # The table the portal app created: the model moved here, its rows stayed where they were.
        db_table = "portal_article"
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
            rows = rows.filter(region_id__in=[*ancestor_codes(home), home])
        return rows.order_by("kind", "-published_at", "-pk")

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
