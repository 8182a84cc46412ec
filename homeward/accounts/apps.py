from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "homeward.accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (no default accounts, S1)
            signals,  # noqa: F401  (audit of sign-ins, failures and lockouts)
        )
