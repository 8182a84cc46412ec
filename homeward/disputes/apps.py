from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "homeward.disputes"
    verbose_name = _("Labour disputes")

    def ready(self):
        from homeward.scoping import register_assignments

        from .assignments import RULE, assigned_cases

        register_assignments(RULE, assigned_cases)
