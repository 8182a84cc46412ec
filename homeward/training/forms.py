"""Forms of the training pages. Choices of records (providers, employers, brands) are read
through the scoped managers, so they bind to the area of whoever opens the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin
from homeward.employers.models import Employer
from homeward.regions.codes import ancestor_codes
from homeward.regions.models import Region
from homeward.scoping import covers, limit_to_area
from homeward.workers import occupations

from .models import Brand, Course, Provider

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegionField(forms.ModelChoiceField):
    """A region typed by its code (the page offers the area's places as a datalist)."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Region.tree.all(),
            to_field_name="code",
            widget=forms.TextInput(
                attrs={"list": "training-places", "inputmode": "numeric", "autocomplete": "off"}
            ),
            error_messages={"invalid_choice": _("Enter the code of a region.")},
            **kwargs,
        )


class _AreaForm(CleanTextMixin, forms.ModelForm):
    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area

    def clean_region(self):
        region = self.cleaned_data["region"]
        if region is not None and not covers(self.area, region.code):
            raise ValidationError(_("This place is outside your area."), code="out_of_area")
        return region


class ProviderForm(_AreaForm):
    region = RegionField(label=_("region"))

    class Meta:
        model = Provider
        fields = ("name", "kind", "region", "licence", "address")


class CourseForm(_AreaForm):
    region = RegionField(label=_("region of the course"))

    class Meta:
        model = Course
        fields = (
            "title",
            "provider",
            "occupation",
            "level",
            "hours",
            "starts_on",
            "ends_on",
            "place_kind",
            "region",
            "place",
            "capacity",
            "is_subsidised",
            "employer",
            "brand",
        )
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, area=area, **kwargs)
        self.fields["provider"].queryset = Provider.objects.all()
        self.fields["employer"].queryset = Employer.objects.all()
        # The brands of the area and of the places above it (a city's brand, a county's course).
        above = ancestor_codes(area) + [area] if area else []
        inside = limit_to_area(Brand._base_manager.all(), area).values("pk")
        self.fields["brand"].queryset = Brand._base_manager.filter(
            Q(region_id__in=above) | Q(pk__in=inside)
        )

    def clean_starts_on(self):
        return check_window(
            self.cleaned_data["starts_on"],
            bounds.event_window(timezone.localdate()),
            _("starts on"),
        )

    def clean_ends_on(self):
        return check_window(
            self.cleaned_data["ends_on"], bounds.event_window(timezone.localdate()), _("ends on")
        )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The course cannot end before it starts."))
        return data


class BrandForm(_AreaForm):
    region = RegionField(label=_("home area"))
    occupation_list = forms.MultipleChoiceField(
        label=_("occupations"), choices=occupations.CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Brand
        fields = (
            "name",
            "region",
            "standards",
            "trademark_number",
            "recognition",
            "recognised_on",
            "description",
            "employers",
        )
        widgets = {"recognised_on": DATE}

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, area=area, **kwargs)
        self.fields["employers"].queryset = Employer.objects.all()
        self.fields["employers"].required = False
        self.initial.setdefault("occupation_list", self.instance.occupation_codes)
        self.order_fields(["name", "region", "occupation_list"])

    def clean_recognised_on(self):
        day = self.cleaned_data.get("recognised_on")
        return check_window(day, bounds.history_window(timezone.localdate()), _("recognised on"))

    def clean(self):
        data = super().clean()
        if "occupation_list" in data:
            self.instance.occupations = ",".join(data["occupation_list"])
        return data


class EnrolForm(CleanTextMixin, forms.Form):
    person = forms.CharField(
        label=_("ID number, mobile or name"), max_length=40, help_text=_("Exactly one person.")
    )


class DayForm(forms.Form):
    day = forms.DateField(label=_("day"), widget=DATE)


class SiteFairForm(forms.Form):
    on = forms.DateField(label=_("date of the fair"), widget=DATE)


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("completed on"), widget=DATE)


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("assessed on"), widget=DATE)
    passed = forms.TypedChoiceField(
        label=_("result"),
        choices=[("yes", _("passed")), ("no", _("failed"))],
        coerce=lambda value: value == "yes",
    )
    score = forms.DecimalField(
        label=_("score"), required=False, min_value=0, max_value=100, decimal_places=1
    )


class CertificateForm(CleanTextMixin, forms.Form):
    number = forms.CharField(label=_("certificate number"), max_length=40)
    issued_on = forms.DateField(label=_("issued on"), widget=DATE)
