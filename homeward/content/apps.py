from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """Policy articles and service guides that the portal shows to the people of an area."""

    name = "homeward.content"
    verbose_name = _("Policy articles and guides")
