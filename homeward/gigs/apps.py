from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GigsConfig(AppConfig):
    name = "homeward.gigs"
    verbose_name = _("Gig markets")
