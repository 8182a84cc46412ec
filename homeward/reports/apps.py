from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "homeward.reports"
    verbose_name = _("Monthly report tables")
