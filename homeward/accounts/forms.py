from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .second_factor import RECOVERY_CODE, parse_code


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class TokenForm(forms.Form):
    """The 6 digits of the authenticator app (enrolment)."""

    accepts_recovery_codes = False
    invalid_message = _("Enter the 6 digits shown in your authenticator app.")

    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self):
        kind, code = parse_code(self.cleaned_data["token"])
        if kind is None or (kind == RECOVERY_CODE and not self.accepts_recovery_codes):
            raise forms.ValidationError(self.invalid_message)
        return code


class SecondStepForm(TokenForm):
    """The app's code or, without the phone, one of the recovery codes."""

    accepts_recovery_codes = True
    invalid_message = _("Enter the 6 digits from your authenticator app, or a recovery code.")

    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        help_text=_("No phone at hand? Enter one of your recovery codes instead."),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off"}
        ),
    )
