"""Sign-in, the second factor, recovery codes and password change."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from homeward.audit.services import log_action
from homeward.core.redirects import safe_next

from . import second_factor
from .forms import LoginForm, SecondStepForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": gettext_lazy("Sign in")}

    def get_redirect_url(self):
        return safe_next(self.request, "")  # "" → LOGIN_REDIRECT_URL


class LogoutView(auth_views.LogoutView):
    def get_redirect_url(self):
        return safe_next(self.request, "")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")
    extra_context = {"title": gettext_lazy("Change password")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if second_factor.authenticator_of(self.request.user):
            context["recovery_codes_left"] = second_factor.recovery_codes_left(self.request.user)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        log_action("accounts.password.changed", request=self.request, obj=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


def _next_or_home(request):
    return redirect(safe_next(request, reverse("home")))


def _show_recovery_codes(request, codes, *, first_time: bool):
    context = {"codes": codes, "first_time": first_time, "title": _("Your recovery codes")}
    return render(request, "accounts/recovery_codes_issued.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    if second_factor.authenticator_of(request.user) is None:
        return redirect("accounts:otp-setup")
    form = SecondStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = second_factor.verify_second_factor(
                request.user, form.cleaned_data["token"], request=request
            )
        except second_factor.CodeRefused as refusal:
            form.add_error("token", str(refusal))
        else:
            otp_login(request, verified.device)
            left = verified.recovery_codes_left
            if left is not None:
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; it cannot be used again. "
                        "%(left)d recovery code is left.",
                        "You signed in with a recovery code; it cannot be used again. "
                        "%(left)d recovery codes are left.",
                        left,
                    )
                    % {"left": left},
                )
            return _next_or_home(request)
    return render(request, "accounts/otp_verify.html", {"form": form, "title": _("Second step")})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    if second_factor.authenticator_of(request.user) is not None:
        return redirect("accounts:otp-verify")
    device = second_factor.pending_authenticator(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = second_factor.enrol_authenticator(
                request.user, form.cleaned_data["token"], request=request
            )
        except second_factor.CodeRefused as refusal:
            form.add_error("token", str(refusal))
        else:
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up."))
            return _show_recovery_codes(request, codes, first_time=True)
    context = {
        "form": form,
        "title": _("Set up the second step"),
        "qr_svg": second_factor.authenticator_qr_svg(device),
        "secret": second_factor.authenticator_secret(device),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """How many recovery codes are left; POST makes new ones (the old ones stop working)."""
    if second_factor.authenticator_of(request.user) is None:
        return redirect("accounts:otp-setup")
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:otp-verify')}?next={request.path}")
    if request.method == "POST":
        codes = second_factor.regenerate_recovery_codes(request.user, request=request)
        return _show_recovery_codes(request, codes, first_time=False)
    context = {
        "left": second_factor.recovery_codes_left(request.user),
        "title": _("Recovery codes"),
    }
    return render(request, "accounts/recovery_codes.html", context)
