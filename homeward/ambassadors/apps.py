from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmbassadorsConfig(AppConfig):
    name = "homeward.ambassadors"
    verbose_name = _("Recruitment ambassadors")
