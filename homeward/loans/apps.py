from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "homeward.loans"
    verbose_name = _("Startup loans")
