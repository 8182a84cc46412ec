"""Sign-in, the second factor and password change."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.audit.models import Result
from homeward.audit.services import log_action

from .forms import LoginForm, TokenForm
from .services import second_factor_qr_svg, second_factor_secret


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"title": gettext_lazy("Sign in")}


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")
    extra_context = {"title": gettext_lazy("Change password")}

    def form_valid(self, form):
        response = super().form_valid(form)
        log_action("accounts.password.changed", request=self.request, obj=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
def otp_verify(request):
    devices = TOTPDevice.objects.devices_for_user(request.user, confirmed=True)
    device = devices.first()
    if device is None:
        return redirect("accounts:otp-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            log_action("accounts.second_factor.verified", request=request, obj=request.user)
            return redirect(request.GET.get("next") or "home")
        log_action(
            "accounts.second_factor.failed",
            request=request,
            obj=request.user,
            result=Result.FAILED,
        )
        form.add_error("token", _("That code is wrong or has expired. Try the current one."))
    return render(request, "accounts/otp_verify.html", {"form": form, "title": _("Second step")})


@login_required
def otp_setup(request):
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect("accounts:otp-verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            log_action("accounts.second_factor.enrolled", request=request, obj=request.user)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect("home")
        form.add_error("token", _("That code is wrong or has expired. Try the current one."))
    context = {
        "form": form,
        "title": _("Set up the second step"),
        "qr_svg": second_factor_qr_svg(device),
        "secret": second_factor_secret(device),
    }
    return render(request, "accounts/otp_setup.html", context)
