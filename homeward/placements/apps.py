from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "homeward.placements"
    verbose_name = _("Applications and placements")
