"""Portal forms for workers: few fields, plain words, errors that say what to fix."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.codes import bounds
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin, IdNumberField, PhoneField
from homeward.jobs.models import Benefit, WorkType
from homeward.regions.codes import covers, town_of
from homeward.regions.models import Region
from homeward.workers.models import (
    EmploymentStatus,
    Intention,
    ServiceNeed,
    WillingScope,
)


class PhoneForm(forms.Form):
    phone = PhoneField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"invalid": _("Enter an 11-digit mobile number.")},
    )


class CodeForm(PhoneForm):
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class IdentityForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    id_number = IdNumberField(
        label=_("ID card number"),
        max_length=25,
        widget=forms.TextInput(attrs={"inputmode": "text"}),
    )


class RegisterForm(IdentityForm):
    """Self-registration: the household village among those of the ID number's county."""

    village = forms.ChoiceField(label=_("Household village or community"))
    consents = forms.BooleanField(
        label=_("Send me job messages by text"), required=False, initial=True
    )

    def __init__(self, *args, county: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.county = county
        self.fields["village"].choices = village_choices(county)

    def clean_village(self):
        code = self.cleaned_data["village"]
        if not covers(self.county, code):
            raise forms.ValidationError(_("Choose a village of your county."))
        return code


def village_choices(county: str) -> list:
    """Villages of a county grouped by town, for a select with optgroups."""
    if not county:
        return []
    towns = dict(Region.tree.filter(parent_id=county, level="town").values_list("code", "name"))
    groups: dict[str, list] = {}
    for code, name in (
        Region.tree.filter(code__startswith=county, level="village")
        .values_list("code", "name")
        .order_by("code")
    ):
        groups.setdefault(town_of(code), []).append((code, name))
    return [("", "—")] + [(towns.get(town, town), villages) for town, villages in groups.items()]


def _codes(values) -> str:
    return ",".join(v for v in values if v)


class WishesForm(CleanTextMixin, forms.Form):
    """What the person wants; each field is optional, and only these are read (S9)."""

    status = forms.ChoiceField(
        label=_("What are you doing now?"),
        choices=[("", "—")] + EmploymentStatus.choices,
        required=False,
    )
    intention = forms.ChoiceField(
        label=_("What do you want to do?"), choices=[("", "—")] + Intention.choices, required=False
    )
    willing_scope = forms.ChoiceField(
        label=_("How far will you go for work?"),
        choices=[("", "—")] + WillingScope.choices,
        required=False,
    )
    occupation_text = forms.CharField(
        label=_("The work you do or want"),
        max_length=100,
        required=False,
        help_text=_("For example 电焊工, 保洁, 普工."),
    )
    skills = forms.CharField(
        label=_("Skills and certificates"),
        max_length=200,
        required=False,
        help_text=_("Separate them with 、"),
    )
    expected_wage = forms.DecimalField(
        label=_("Expected monthly wage (yuan)"),
        required=False,
        min_value=bounds.MONTHLY_WAGE[0],
        max_value=bounds.MONTHLY_WAGE[1],
        decimal_places=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    available_from = forms.DateField(
        label=_("Can start from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    wanted_work_types = forms.MultipleChoiceField(
        label=_("Types of work"),
        choices=WorkType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    wanted_benefits = forms.MultipleChoiceField(
        label=_("Benefits you need"),
        choices=[
            (b, label)
            for b, label in Benefit.choices
            if b in ("board", "lodging", "social_insurance", "transport")
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    service_needs = forms.MultipleChoiceField(
        label=_("Help you need"),
        choices=ServiceNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    training_wish = forms.CharField(label=_("Training you want"), max_length=200, required=False)

    def clean_available_from(self):
        window = bounds.event_window(timezone.localdate())
        return check_window(self.cleaned_data.get("available_from"), window, _("Can start from"))

    @classmethod
    def for_worker(cls, worker, data=None):
        initial = {
            "status": worker.status,
            "intention": worker.intention,
            "willing_scope": worker.willing_scope,
            "occupation_text": worker.occupation_text,
            "skills": worker.skills,
            "expected_wage": worker.expected_wage,
            "available_from": worker.available_from,
            "wanted_work_types": worker.wanted_work_type_codes,
            "wanted_benefits": worker.wanted_benefit_codes,
            "service_needs": worker.service_need_codes,
            "training_wish": worker.training_wish,
        }
        return cls(data, initial=initial)

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        for field in ("wanted_work_types", "wanted_benefits", "service_needs"):
            data[field] = _codes(data[field])
        return data


class JobSearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Job or trade"), max_length=50, required=False)
    area = forms.ChoiceField(label=_("Place"), required=False)
    wage = forms.IntegerField(
        label=_("Monthly wage at least"),
        required=False,
        min_value=0,
        max_value=int(bounds.MONTHLY_WAGE[1]),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    work_type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("any"))] + WorkType.choices, required=False
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("anywhere"))] + list(areas)
