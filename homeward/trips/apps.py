from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TripsConfig(AppConfig):
    name = "homeward.trips"
    verbose_name = _("Trips home and out")
