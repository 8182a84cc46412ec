from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds, idnumber
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin, IdNumberField, PhoneField
from homeward.regions.codes import at_or_below, is_code, town_of
from homeward.regions.models import Level, Region

from . import filters, occupations
from .models import (
    Education,
    EmploymentStatus,
    InsuranceKind,
    InsurancePlace,
    Insured,
    Intention,
    LowIncome,
    ServiceNeed,
    Worker,
    WorkScope,
)
from .services import find_worker, id_number_taken

EDITABLE = [
    "name",
    "region",
    "address",
    "employer_name",
    "occupation_text",
    "skills",
    "education",
    "monthly_income",
    "expected_wage",
    "intention",
    "training_wish",
    "low_income",
    "consents_to_contact",
    "returned_on",
    "note",
]


class VillageField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return f"{region.parent.name if region.parent_id else ''} {region.name}".strip()


class WorkerForm(CleanTextMixin, forms.ModelForm):
    """Create or edit a registry record. The ID number is set once; gender and birth date follow
    from it. The status with its date becomes an event in the timeline."""

    id_number = IdNumberField(label=_("ID number"), max_length=40)
    phone_number = PhoneField(label=_("mobile phone"), max_length=30, required=False)
    region = VillageField(
        label=_("household village"),
        queryset=Region.objects.filter(level=Level.VILLAGE).select_related("parent"),
    )
    status = forms.ChoiceField(
        label=_("employment status"),
        choices=[("", "—"), *EmploymentStatus.choices],
        required=False,
    )
    status_on = forms.DateField(
        label=_("status since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    work_scope = forms.ChoiceField(
        label=_("where they work"), choices=[("", "—"), *WorkScope.choices], required=False
    )
    work_place = forms.CharField(label=_("place of work"), max_length=200, required=False)
    service_needs = forms.MultipleChoiceField(
        label=_("service needs"),
        choices=ServiceNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = [
        "name",
        "id_number",
        "phone_number",
        "region",
        "address",
        "status",
        "status_on",
        "work_scope",
        "work_place",
        "employer_name",
        "occupation_text",
        "skills",
        "education",
        "monthly_income",
        "expected_wage",
        "intention",
        "training_wish",
        "service_needs",
        "low_income",
        "consents_to_contact",
        "returned_on",
        "note",
    ]

    class Meta:
        model = Worker
        fields = EDITABLE
        widgets = {"returned_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("education", Education.choices),
            ("intention", Intention.choices),
            ("low_income", LowIncome.choices),
        ):
            self.fields[name].choices = [("", "—"), *choices]
        if self.instance.pk:
            del self.fields["id_number"]
            self.fields["phone_number"].help_text = _("Leave empty to keep the current number.")
            self.initial.update(
                status=self.instance.status,
                status_on=self.instance.status_since,
                work_scope=self.instance.work_scope,
                work_place=self.instance.work_place,
                service_needs=self.instance.service_need_codes,
            )

    def clean_id_number(self):
        parsed = idnumber.parse(self.cleaned_data["id_number"])  # checked by the field
        if find_worker(parsed.number) is not None:
            raise ValidationError(_("This person is already registered: search for them instead."))
        if id_number_taken(parsed.number):
            raise ValidationError(
                _("This ID number is registered in another area; ask the county office to move it.")
            )
        self.parsed_id = parsed
        return parsed.number

    def clean_status_on(self):
        window = bounds.history_window(timezone.localdate())
        return check_window(self.cleaned_data.get("status_on"), window, _("status since"))

    def clean_returned_on(self):
        window = bounds.history_window(timezone.localdate())
        return check_window(self.cleaned_data.get("returned_on"), window, _("returned home on"))

    def clean(self):
        data = super().clean()
        if data.get("status") and not data.get("status_on"):
            data["status_on"] = timezone.localdate()
        return data

    def registry_data(self) -> dict:
        """The cleaned values as the registry service takes them."""
        data = {name: self.cleaned_data.get(name) for name in EDITABLE if name != "region"}
        data["region_id"] = self.cleaned_data["region"].code
        for name in ("education", "intention", "low_income", "address", "note"):
            data[name] = data.get(name) or ""
        data["occupation"] = occupations.classify(data.get("occupation_text")) or ""
        data["service_needs"] = ",".join(self.cleaned_data.get("service_needs") or [])
        if self.cleaned_data.get("phone_number"):
            data["phone"] = self.cleaned_data["phone_number"]
        if not self.instance.pk:
            data["id_number"] = self.cleaned_data["id_number"]
            data["gender"] = self.parsed_id.gender
            data["birth_date"] = self.parsed_id.birth_date
        else:
            data["id_number"] = self.instance.id_number
        data["status"] = self.cleaned_data.get("status") or ""
        data["work_scope"] = self.cleaned_data.get("work_scope") or ""
        data["work_place"] = self.cleaned_data.get("work_place") or ""
        return data


def area_choices(chosen: str = "") -> list[tuple[str, str]]:
    """The places of the current area to filter by, indented by level: counties and towns, and
    the villages of a town (the user's, or the chosen one) — a county's hundreds of villages
    would make the list unusable. A chosen code outside the list stays selectable."""
    places = [*Region.objects.filter(level__in=[Level.COUNTY, Level.TOWN]).order_by("code")[:600]]
    towns = {r.code for r in places if r.level == Level.TOWN} if len(places) == 1 else set()
    if is_code(chosen) and at_or_below(chosen, "town"):
        towns.add(town_of(chosen))
    villages = Region.objects.filter(level=Level.VILLAGE, parent_id__in=towns) if towns else []
    depth = {Level.COUNTY: 0, Level.TOWN: 1, Level.VILLAGE: 2}
    rows = sorted([*places, *villages], key=lambda r: r.code)
    choices = [("", _("all")), *((r.code, "\u3000" * depth.get(r.level, 0) + r.name) for r in rows)]
    if chosen and chosen not in {code for code, _label in choices}:
        region = Region.objects.filter(code=chosen).first()
        choices.append((chosen, region.name if region else chosen))
    return choices


class WorkerFilter(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    area = forms.CharField(label=_("Place"), required=False, max_length=12)
    # The choice filters, declared once in filters.py (campaigns save and word them too).
    status = forms.ChoiceField(**filters.field("status"))
    intention = forms.ChoiceField(**filters.field("intention"))
    occupation = forms.ChoiceField(**filters.field("occupation"))
    low_income = forms.ChoiceField(**filters.field("low_income"))
    need = forms.ChoiceField(**filters.field("need"))
    awaiting = forms.BooleanField(label=_("Self-registered, not yet confirmed"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A select of the user's places instead of typing a numeric code (read in the request's
        # area: Region.objects is scoped).
        chosen = str((self.data or {}).get("area", "")).strip()
        self.fields["area"].widget = forms.Select(choices=area_choices(chosen))

    def clean_area(self):
        area = self.cleaned_data["area"].strip()
        if area and not is_code(area):
            raise ValidationError(_("An area code has 2, 4, 6, 9 or 12 digits."))
        return area


class InsuranceForm(forms.Form):
    """A person's four social insurances (insured or not, where) as of a day: the staff
    profile's form, embedded in the door-to-door survey's visit too (`prefix="insurance"`).
    A kind left blank is not recorded."""

    as_of = forms.DateField(
        label=_("insurance as of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Blank: today."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in InsuranceKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=[("", "—"), *Insured.choices], required=False
            )
            self.fields[f"{kind}_place"] = forms.ChoiceField(
                label=_("%(insurance)s: where") % {"insurance": label},
                choices=[("", "—"), *InsurancePlace.choices],
                required=False,
            )

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of") or timezone.localdate()
        return check_window(day, bounds.history_window(timezone.localdate()), _("insurance as of"))

    def clean(self):
        data = super().clean()
        for kind, label in InsuranceKind.choices:
            if data.get(f"{kind}_place") and data.get(kind) != Insured.YES:
                self.add_error(
                    f"{kind}_place",
                    _("%(insurance)s: say where only for someone insured.") % {"insurance": label},
                )
        return data

    def answers(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            kind: {"insured": data[kind], "place": data.get(f"{kind}_place") or ""}
            for kind in InsuranceKind.values
            if data.get(kind)
        }
