from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "homeward.subsidies"
    verbose_name = _("Subsidies")

    def ready(self):
        # A hire, a recorded follow-up, a certificate: the person's scan, after commit.
        from . import signals

        signals.connect()
