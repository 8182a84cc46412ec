from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared pieces: the staff shell, the admin base class, project commands and checks."""

    name = "homeward.core"
    verbose_name = _("Homeward")

    def ready(self):
        from . import checks  # noqa: F401
