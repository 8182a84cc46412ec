from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin
from homeward.employers.forms import PlaceField, check_place
from homeward.employers.models import Employer
from homeward.scoping import covers

from .models import Benefit, Posting


class PostingDates:
    """A posting's start and end within `codes.bounds.event_window` of today (the staff form
    and the employer portal's)."""

    def clean_starts_on(self):
        window = bounds.event_window(timezone.localdate())
        return check_window(self.cleaned_data.get("starts_on"), window, _("starts on"))

    def clean_ends_on(self):
        window = bounds.event_window(timezone.localdate())
        return check_window(self.cleaned_data.get("ends_on"), window, _("ends on"))


class PostingForm(CleanTextMixin, PostingDates, forms.ModelForm):
    # Both querysets are limited to the area of whoever evaluates them (the request's).
    employer = forms.ModelChoiceField(
        label=_("employer"), queryset=Employer.objects.only("pk", "name", "region_id")
    )
    region = PlaceField(
        label=_("place of work"),
        required=False,
        help_text=_("Leave empty if the work is where the employer is."),
    )
    benefits = forms.MultipleChoiceField(
        label=_("benefits"),
        choices=Benefit.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Posting
        fields = (
            "employer",
            "title",
            "occupation",
            "headcount",
            "wage_min",
            "wage_max",
            "wage_unit",
            "work_type",
            "region",
            "address",
            "age_min",
            "age_max",
            "education_min",
            "skills",
            "benefits",
            "starts_on",
            "ends_on",
        )
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "headcount": forms.NumberInput(attrs={"min": 1, "max": bounds.HEADCOUNT[1]}),
        }

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["wage_min"].label = _("lowest wage (yuan)")
        self.fields["wage_max"].label = _("highest wage (yuan)")

    def clean_employer(self):
        employer = self.cleaned_data["employer"]
        if not covers(self.area, employer.region_id):
            raise ValidationError(_("This employer is outside your area."), code="out_of_area")
        return employer

    def clean_region(self):
        region = self.cleaned_data.get("region")
        check_place(region, self.area)
        return region

    def clean(self):
        cleaned = super().clean()
        employer = cleaned.get("employer")
        if cleaned.get("region") is None and employer is not None and "region" not in self.errors:
            # No place given: the work is where the employer is (only towns and villages).
            cleaned["region"] = employer.region
        return cleaned
