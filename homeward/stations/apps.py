from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "homeward.stations"
    verbose_name = _("Service stations")

    def ready(self):
        from homeward.scoping import PLACED_AREA_SOURCES

        from .services import placed_area_of

        if placed_area_of not in PLACED_AREA_SOURCES:
            PLACED_AREA_SOURCES.append(placed_area_of)
