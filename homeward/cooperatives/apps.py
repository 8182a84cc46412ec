from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "homeward.cooperatives"
    verbose_name = _("Labour cooperatives")
