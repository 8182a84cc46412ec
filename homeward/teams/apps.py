from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "homeward.teams"
    verbose_name = _("Service teams")
