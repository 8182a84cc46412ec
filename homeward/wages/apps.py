from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagesConfig(AppConfig):
    name = "homeward.wages"
    verbose_name = _("Wage protection")
