"""Forms of the public-welfare post pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import CleanTextMixin, IdNumberField
from homeward.regions.models import Region
from homeward.scoping import covers, limit_to_area

from .models import Appointment, Post


class PostForm(CleanTextMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("village or town"), queryset=Region.tree.none(), to_field_name="code"
    )

    class Meta:
        model = Post
        fields = ["title", "kind", "region", "headcount", "monthly_stipend", "term_months",
                  "notice_days", "duties", "is_open"]  # fmt: skip

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        regions = Region.tree.filter(level__in=("town", "village"))
        regions = limit_to_area(regions, area or "", field="code")
        if area is not None and len(area) < 6:
            regions = regions.filter(level="town")  # a city's list: towns, not every village
        self.fields["region"].queryset = regions.order_by("code")

    def clean_region(self):
        region = self.cleaned_data["region"]
        if not covers(self.area, region.code):
            raise ValidationError(_("This place is outside your area."), code="out_of_area")
        return region


class ApplyForm(CleanTextMixin, forms.Form):
    id_number = IdNumberField(label=_("ID number of the person"))
    is_disabled = forms.BooleanField(label=_("holds a disability certificate"), required=False)
    bank_name = forms.CharField(label=_("bank"), max_length=60)
    bank_account = forms.CharField(label=_("bank account for the stipend"), max_length=40)


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class ObjectionForm(CleanTextMixin, forms.Form):
    text = forms.CharField(
        label=_("objection"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(CleanTextMixin, forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("finding"),
        choices=[("0", _("dismissed")), ("1", _("upheld: appointment refused"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("why"), max_length=300)


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("why it ended"), choices=Appointment.EndReason.choices)
    on = forms.DateField(label=_("ended on"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return on


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("month"), input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"})
    )
