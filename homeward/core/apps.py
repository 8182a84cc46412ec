from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django's form label suffix; the zh_Hans catalogue makes it full-width "：".
LABEL_SUFFIX = gettext_noop(":")


class CoreConfig(AppConfig):
    """Shared pieces: the staff shell, the admin base class, project commands."""

    name = "homeward.core"
    verbose_name = _("Homeward")
