from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninCodesConfig(AppConfig):
    """One-time SMS codes with which workers and employer users sign in to the portal."""

    name = "homeward.signin_codes"
    verbose_name = _("Sign-in codes")
