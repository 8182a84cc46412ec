from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.codes import phone as phone_codes


class AppointForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        help_text=_(
            "A person of the registry: their ID number and name. Otherwise a name and phone."
        ),
    )
    name = forms.CharField(label=_("name"), max_length=50)
    phone = forms.CharField(label=_("mobile phone"), max_length=20, required=False)

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not phone_codes.is_valid(value):
            raise forms.ValidationError(_("Enter a valid mobile number."))
        return value


class ReferralForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    name = forms.CharField(label=_("name"), max_length=50)
    consent = forms.BooleanField(
        label=_("The person agreed to be recorded as brought by the ambassador"), required=False
    )
