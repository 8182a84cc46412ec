"""The administrative hierarchy (province → city → county → town → village) as data.

A region's code is its key and its path: the statistics bureau's codes have 2, 4, 6, 9 and 12
digits by level, each code beginning with its parent's, so ancestry is a prefix test: the
arithmetic is in `codes.py`, pure.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from homeward.scoping import ScopedManager

from . import codes


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    COUNTY = "county", _("county")
    TOWN = "town", _("town")
    VILLAGE = "village", _("village")


CODE_LENGTHS = {Level(level): length for level, length in codes.LENGTH.items()}


def level_of(code: str) -> Level:
    """The level of a code by its length (see `codes.level_of`), as a `Level`."""
    return Level(codes.level_of(code))


ancestor_codes = codes.ancestor_codes  # the codes of every region above a code, top first


def child_level(level: str) -> Level | None:
    levels = list(Level)
    index = levels.index(Level(level))
    return levels[index + 1] if index + 1 < len(levels) else None


class Region(models.Model):
    code = models.CharField(_("code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    region_field = "code"
    # Scoped like every regional model; `tree` is the reference view of the whole hierarchy, for
    # names of ancestors and checking that a code exists (region names are public data).
    objects = ScopedManager()
    tree = models.Manager()  # noqa: DJ012

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["Region"]:
        return list(Region.tree.filter(code__in=ancestor_codes(self.code)).order_by("code"))

    def full_name(self) -> str:
        """名称 with its ancestors, as addresses are written: 江苏省宿迁市宿城区…"""
        return "".join(r.name for r in [*self.ancestors(), self] if r.name != "市辖区")
