"""Forms of the employer pages, and the place picker the job forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import uscc
from homeward.core.fields import CleanTextMixin, PhoneField
from homeward.crypto import hash_filter
from homeward.regions.models import Level, Region
from homeward.scoping import covers, limit_to_area

from .models import HEADCOUNT, PERIODS, PLACE_LEVELS, Employer, EmployerUser

PLACES_DATALIST = "places-in-area"


class PlaceField(forms.ModelChoiceField):
    """A town or village typed by its code (the page offers the area's places as a datalist).

    The choices are the whole public hierarchy, so a code outside the user's area is found and
    refused with a clear message by `check_place` rather than as an unknown choice.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("town or village"))
        kwargs.setdefault("help_text", _("Type the code or pick a place from the list."))
        super().__init__(
            queryset=Region.tree.filter(level__in=PLACE_LEVELS),
            to_field_name="code",
            widget=forms.TextInput(
                attrs={"list": PLACES_DATALIST, "inputmode": "numeric", "autocomplete": "off"}
            ),
            error_messages={"invalid_choice": _("Enter the code of a town or a village.")},
            **kwargs,
        )


def check_place(region: Region | None, area: str | None) -> None:
    if region is not None and not covers(area, region.code):
        raise ValidationError(_("This place is outside your area."), code="out_of_area")


def places_in_area(limit: int = 2000):
    """Towns and villages of the current area, for the place picker."""
    return Region.objects.filter(level__in=PLACE_LEVELS).select_related("parent")[:limit]


class EmployerForm(CleanTextMixin, forms.ModelForm):
    # Longer than 18: spaces and dashes people type are cleaned away before the check.
    uscc = forms.CharField(label=_("unified social credit code"), max_length=40)
    region = PlaceField()
    new_contact_phone = PhoneField(
        label=_("contact phone"),
        required=False,
        help_text=_("Leave empty to keep the current number."),
    )

    class Meta:
        model = Employer
        fields = ("name", "uscc", "industry", "region", "address", "contact_person", "size")
        labels = {"name": _("Name")}  # the model's "name" reads 姓名 (a person's); this one 名称

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        if self.instance.pk is None:
            self.fields["new_contact_phone"].help_text = ""
        elif self.instance.contact_phone:
            self.fields["new_contact_phone"].help_text = _(
                "Now %(phone)s. Leave empty to keep it."
            ) % {"phone": self.instance.masked_contact_phone}

    def clean_uscc(self):
        try:
            code = uscc.parse(self.cleaned_data["uscc"]).code
        except uscc.InvalidUscc as error:
            raise ValidationError(error.reason, code=f"uscc_{error.code}") from None
        # The default manager sees only this area; the code is unique across the whole country.
        taken = Employer._base_manager.filter(uscc=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("This credit code is already registered."), code="unique")
        return code

    def clean_region(self):
        region = self.cleaned_data["region"]
        check_place(region, self.area)
        return region

    def save(self, commit=True):
        employer = super().save(commit=False)
        if self.cleaned_data.get("new_contact_phone"):
            employer.contact_phone = self.cleaned_data["new_contact_phone"]
        if commit:
            employer.save()
        return employer


class InviteForm(CleanTextMixin, forms.Form):
    """A person of an employer to invite to the employer portal."""

    name = forms.CharField(label=_("name"), max_length=50)
    phone = PhoneField(label=_("mobile phone"), max_length=20)

    def clean_phone(self):
        number = self.cleaned_data["phone"]
        # One portal user per number across the country: the number is how they sign in.
        taken = EmployerUser._base_manager.filter(**hash_filter(EmployerUser, "phone", number))
        if taken.exists():
            raise ValidationError(
                _("This mobile number already signs in to the employer portal."), code="unique"
            )
        return number


# The place filter of the staff lists (employers, postings).
PAGE_SIZE = 50


def filter_places(limit: int = 600):
    """Counties and towns of the current area, to filter lists by."""
    return Region.objects.filter(level__in=[Level.COUNTY, Level.TOWN])[:limit]


def in_chosen_place(queryset, request, code: str):
    """Limit a list to the chosen place, if it lies in the user's area (else it is ignored)."""
    if code and covers(request.area, code):
        return limit_to_area(queryset, code)
    return queryset


class ContractReportForm(forms.Form):
    """An employer's month: headcount and labour contracts signed (the portal's and the staff
    page's form); a correction of a month already reported names its reason."""

    period = forms.DateField(
        label=_("month reported"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter the month as 2027-03.")},
    )
    headcount = forms.IntegerField(label=_("headcount"), min_value=0, max_value=HEADCOUNT[1])
    contracts_signed = forms.IntegerField(
        label=_("labour contracts signed"), min_value=0, max_value=HEADCOUNT[1]
    )
    reason = forms.CharField(
        label=_("reason for the correction"),
        max_length=200,
        required=False,
        help_text=_("Only when the month was reported already."),
    )

    def clean_period(self):
        period = self.cleaned_data["period"].replace(day=1)
        if period > timezone.localdate().replace(day=1):
            raise ValidationError(_("The month reported cannot be in the future."))
        if period < PERIODS[0]:
            raise ValidationError(_("The month reported is too far back."))
        return period

    def clean(self):
        data = super().clean()
        headcount, signed = data.get("headcount"), data.get("contracts_signed")
        if headcount is not None and signed is not None and signed > headcount:
            self.add_error("contracts_signed", _("Contracts signed cannot exceed the headcount."))
        return data
