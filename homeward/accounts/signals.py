"""Audit rows for signing in and out, failed sign-ins and lockouts (S3, S15).

These are receivers of Django's and django-axes' authentication signals, the only place those
events surface; domain workflows do not use signals.
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from homeward.audit.models import Result
from homeward.audit.services import log_action

from .middleware import LAST_SEEN, SIGNED_IN_AT


def _known_user(username):
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    log_action("accounts.login", request=request, actor=user, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        log_action("accounts.logout", request=request, actor=user, obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    user = _known_user(username)
    log_action(
        "accounts.login.failed",
        request=request,
        actor=None,
        obj=user,
        result=Result.FAILED,
        region_code=None if user else "",
        object_repr=username[:150],
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    user = _known_user(username)
    log_action(
        "accounts.locked_out",
        request=request,
        actor=None,
        obj=user,
        result=Result.REFUSED,
        region_code=None if user else "",
        object_repr=(username or "")[:150],
    )
