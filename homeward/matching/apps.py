from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "homeward.matching"
    verbose_name = _("Job matching")
