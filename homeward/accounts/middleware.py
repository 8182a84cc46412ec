"""Session expiry (S4), the second factor (S5) and password age (S2), checked on every request."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from homeward.audit.services import log_action

SIGNED_IN_AT = "homeward_signed_in_at"
LAST_SEEN = "homeward_last_seen"
TOUCH_EVERY_SECONDS = 60  # write the session at most once a minute for the idle clock


def _exempt(request, *names: str) -> bool:
    path = request.path_info
    return path.startswith(
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    ) or any(path == reverse(name) for name in names)


class SessionExpiryMiddleware:
    """Signs a user out after SESSION_IDLE_SECONDS idle or SESSION_COOKIE_AGE after sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.get(SIGNED_IN_AT, now)
            last_seen = request.session.get(LAST_SEEN, now)
            idle = now - last_seen > settings.SESSION_IDLE_SECONDS
            too_old = now - signed_in_at > settings.SESSION_COOKIE_AGE
            if idle or too_old:
                user = request.user
                logout(request)
                log_action(
                    "accounts.session.expired",
                    request=request,
                    actor=user,
                    obj=user,
                    detail={"reason": "idle" if idle else "lifetime"},
                )
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
                request.session.setdefault(SIGNED_IN_AT, now)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Staff who must use a second factor reach nothing but its pages until they have used it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.needs_second_factor()
            and not user.is_verified()
            and not _exempt(request, "accounts:otp-verify", "accounts:otp-setup", "accounts:logout")
        ):
            return redirect("accounts:otp-verify")
        return self.get_response(request)


class PasswordAgeMiddleware:
    """Sends a user whose password is older than PASSWORD_MAX_AGE_DAYS to change it first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.password_expired()
            and not _exempt(
                request,
                "accounts:password-change",
                "accounts:logout",
                "accounts:otp-verify",
                "accounts:otp-setup",
            )
        ):
            return redirect("accounts:password-change")
        return self.get_response(request)
