from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "homeward.campaigns"
    verbose_name = _("Push campaigns")

    def ready(self):
        from . import checks  # noqa: F401  (Tencent receipts need their token in production)
