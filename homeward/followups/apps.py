from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "homeward.followups"
    verbose_name = _("Retention follow-ups")
