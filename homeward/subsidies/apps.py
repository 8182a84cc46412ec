from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "homeward.subsidies"
    verbose_name = _("Subsidies")

    def ready(self):
        # A hire, a recorded follow-up, a certificate: the person's scan, after commit.
        from homeward.workers.models import Worker

        from . import eligibility, signals

        signals.connect()
        # Coded facts explained by their Chinese names (the registry's own choices).
        for fact in ("status", "gender", "work_scope", "low_income"):
            eligibility.VALUE_NAMES[fact] = dict(Worker._meta.get_field(fact).choices)
