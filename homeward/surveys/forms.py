"""The forms of door-to-door surveys: a campaign, a visit (the phone page), a new person."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import CleanTextMixin, IdNumberField, PhoneField
from homeward.regions.codes import covers, is_code
from homeward.regions.models import Region
from homeward.workers.forms import area_choices
from homeward.workers.models import (
    EmploymentStatus,
    Gender,
    InsuranceKind,
    InsurancePlace,
    Insured,
    Intention,
    ServiceNeed,
    WorkScope,
)

from .models import Outcome, Question


class CampaignForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    area = forms.CharField(label=_("Area"), required=False, max_length=12)
    starts_on = forms.DateField(
        label=_("starts on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("ends on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    deadline = forms.DateField(
        label=_("deadline"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    questions = forms.MultipleChoiceField(
        label=_("questions"), choices=Question.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user_area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_area = user_area
        chosen = str((self.data or {}).get("area", "") or "").strip()
        self.fields["area"].widget = forms.Select(choices=area_choices(chosen))
        self.initial.setdefault("questions", [code for code, _label in Question.choices])

    def clean_area(self):
        area = self.cleaned_data["area"].strip() or (self.user_area or "")
        if not is_code(area):
            raise ValidationError(_("Choose the area of the survey."))
        if not covers(self.user_area, area) or not Region.tree.filter(code=area).exists():
            raise ValidationError(_("Choose an area inside your own."))
        return area


class VisitForm(CleanTextMixin, forms.Form):
    """One visit as the phone page sends it; the fields not asked by the survey are dropped."""

    worker = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    client_key = forms.CharField(min_length=8, max_length=64, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    visited_on = forms.DateField(
        label=_("visited on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        label=_("employment status"), required=False, choices=[("", "—"), *EmploymentStatus.choices]
    )
    work_scope = forms.ChoiceField(
        label=_("where they work"), required=False, choices=[("", "—"), *WorkScope.choices]
    )
    work_place = forms.CharField(label=_("place of work"), required=False, max_length=200)
    intention = forms.ChoiceField(
        label=_("job intention"), required=False, choices=[("", "—"), *Intention.choices]
    )
    training_wish = forms.CharField(label=_("training wanted"), required=False, max_length=200)
    service_needs = forms.MultipleChoiceField(
        label=_("service needs"),
        required=False,
        choices=ServiceNeed.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    returned_on = forms.DateField(
        label=_("returned home on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    phone = PhoneField(required=False)

    QUESTION_FIELDS = {
        Question.STATUS: ["status"],
        Question.WORK: ["work_scope", "work_place"],
        Question.INTENTION: ["intention"],
        Question.TRAINING: ["training_wish"],
        Question.NEEDS: ["service_needs"],
        Question.RETURNED: ["returned_on"],
        Question.PHONE: ["phone"],
        Question.INSURANCE: [
            name for kind in InsuranceKind.values for name in (kind, f"{kind}_place")
        ],
    }

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in InsuranceKind.choices:  # 参保情况: insured or not, and where
            self.fields[kind] = forms.ChoiceField(
                label=label, required=False, choices=[("", "—"), *Insured.choices]
            )
            self.fields[f"{kind}_place"] = forms.ChoiceField(
                label=_("%(insurance)s: where") % {"insurance": label},
                required=False,
                choices=[("", "—"), *InsurancePlace.choices],
            )
        self.campaign = campaign
        asked = {name for code in campaign.question_codes for name in self.QUESTION_FIELDS[code]}
        for fields in self.QUESTION_FIELDS.values():
            for name in fields:
                if name not in asked:
                    del self.fields[name]
        self.initial.setdefault("visited_on", timezone.localdate())
        self.initial.setdefault("outcome", Outcome.VISITED)

    def clean(self):
        data = super().clean()
        for kind, label in InsuranceKind.choices:
            if data.get(f"{kind}_place") and data.get(kind) != Insured.YES:
                self.add_error(
                    f"{kind}_place",
                    _("%(insurance)s: say where only for someone insured.") % {"insurance": label},
                )
        return data

    def answer_fields(self):
        return [self[name] for name in self.fields if name not in ("worker", "client_key")]


class PersonForm(CleanTextMixin, forms.Form):
    """A person the registry did not have, met at the door."""

    name = forms.CharField(label=_("name"), max_length=50)
    id_number = IdNumberField()
    gender = forms.ChoiceField(label=_("gender"), choices=Gender.choices)
    village = forms.ChoiceField(label=_("household village"))

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [(r.code, r.name) for r in villages]
