"""Forms of the agency pages: the agency, a mandate, a posting placed, a fair joined, a
placement. Choices of records (employers, postings, fairs) are read through the scoped managers,
so they bind to the area of whoever opens the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds, uscc
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin, PhoneField
from homeward.employers.models import Employer
from homeward.fairs.models import Fair
from homeward.jobs.models import Posting
from homeward.regions.models import Region
from homeward.scoping import covers

from .models import Agency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AREA_LEVELS = ("city", "county", "town")
LICENCE_YEARS = 10  # an HR service licence is granted for a few years (5 in most provinces)


def licence_window(today):
    """The expiry dates the form takes: an expired licence is still recorded (it is flagged)."""
    return bounds.shift_years(today, -LICENCE_YEARS), bounds.shift_years(today, LICENCE_YEARS)


class AgencyForm(CleanTextMixin, forms.ModelForm):
    # Longer than 18: spaces and dashes people type are cleaned away before the check.
    uscc = forms.CharField(label=_("unified social credit code"), max_length=40)
    region = forms.ModelChoiceField(
        label=_("area"), queryset=Region.tree.none(), to_field_name="code"
    )
    new_contact_phone = PhoneField(
        label=_("contact phone"),
        required=False,
        help_text=_("Leave empty to keep the current number."),
    )

    class Meta:
        model = Agency
        fields = (
            "name",
            "uscc",
            "licence_number",
            "licence_expires_on",
            "region",
            "address",
            "contact_person",
        )
        labels = {"name": _("Name")}
        widgets = {"licence_expires_on": DATE}

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        regions = Region.tree.filter(level__in=AREA_LEVELS)
        if area:
            regions = regions.filter(code__startswith=area)
        self.fields["region"].queryset = regions.order_by("code")
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
            if self.instance.contact_phone:
                self.fields["new_contact_phone"].help_text = _(
                    "Now %(phone)s. Leave empty to keep it."
                ) % {"phone": self.instance.masked_contact_phone}
        else:
            self.fields["new_contact_phone"].help_text = ""

    def clean_uscc(self):
        try:
            code = uscc.parse(self.cleaned_data["uscc"]).code
        except uscc.InvalidUscc as error:
            raise ValidationError(error.reason, code=f"uscc_{error.code}") from None
        # The default manager sees only this area; the code is unique across the whole country.
        taken = Agency._base_manager.filter(uscc=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("This credit code is already registered."), code="unique")
        return code

    def clean_region(self):
        region = self.cleaned_data["region"]
        if not covers(self.area, region.code):
            raise ValidationError(_("This place is outside your area."), code="out_of_area")
        return region

    def clean_licence_expires_on(self):
        day = self.cleaned_data["licence_expires_on"]
        return check_window(day, licence_window(timezone.localdate()), _("licence valid until"))

    def save(self, commit=True):
        agency = super().save(commit=False)
        if self.cleaned_data.get("new_contact_phone"):
            agency.contact_phone = self.cleaned_data["new_contact_phone"]
            self.changed_data.append("contact_phone")
        if commit:
            agency.save()
        return agency


class MandateForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("employer"), queryset=Employer.objects.none())
    starts_on = forms.DateField(label=_("from"), widget=DATE)
    ends_on = forms.DateField(label=_("until"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.order_by("name")

    def clean(self):
        data = super().clean()
        window = bounds.event_window(timezone.localdate())
        for name, label in (("starts_on", _("from")), ("ends_on", _("until"))):
            try:
                check_window(data.get(name), window, label)
            except ValidationError as error:
                self.add_error(name, error)
        return data


class PostingChoiceForm(forms.Form):
    posting = forms.ModelChoiceField(label=_("job"), queryset=Posting.objects.none())

    def __init__(self, *args, postings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posting"].queryset = postings


class FairChoiceForm(forms.Form):
    fair = forms.ModelChoiceField(label=_("job fair"), queryset=Fair.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fair"].queryset = Fair.objects.filter(
            ends_on__gte=timezone.localdate() - timezone.timedelta(days=60)
        ).order_by("-starts_on")


class PlacementForm(forms.Form):
    application = forms.IntegerField(label=_("application"), min_value=1)
