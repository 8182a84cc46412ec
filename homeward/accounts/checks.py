"""System checks of staff accounts: no default or shared accounts left in a deployment (S1).

Registered by AccountsConfig.ready(); the error ids stay homeward.E001/E002."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

DEFAULT_USERNAMES = {"admin", "administrator", "root", "test", "guest", "user", "demo", "sa"}


@register(Tags.security, deploy=True)
def no_default_accounts(app_configs, **kwargs):
    from .models import User

    try:
        names = set(
            User.objects.filter(is_active=True, username__in=DEFAULT_USERNAMES).values_list(
                "username", flat=True
            )
        )
        demo = User.objects.filter(is_active=True, username__startswith="demo-").exists()
    except DatabaseError:
        return []  # no database yet: nothing to check
    errors = [
        Error(
            f"active account with a default name: {name}",
            hint="Give every person a named account (等保 identity a) and disable this one.",
            id="homeward.E001",
        )
        for name in sorted(names)
    ]
    if demo and getattr(settings, "PRODUCTION", False):
        errors.append(
            Error(
                "demo accounts are active in production",
                hint="Disable the demo-* accounts created by `homeward demo`.",
                id="homeward.E002",
            )
        )
    return errors
