"""Forms of the fair pages: the fair, a caravan stop, a booth signed up by staff, a refusal,
the check-in by ID number, an intention."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin, IdNumberField
from homeward.regions.models import Region
from homeward.scoping import covers

from .models import Fair, Kind

ORGANISING_LEVELS = ("city", "county", "town")


def _formfield(field, **kwargs):
    if field.name == "stream_url":
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class FairForm(CleanTextMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("organising area"), queryset=Region.tree.none(), to_field_name="code"
    )

    class Meta:
        model = Fair
        fields = (
            "title",
            "kind",
            "season",
            "region",
            "starts_on",
            "ends_on",
            "venue",
            "capacity",
            "host",
            "stream_url",
        )
        labels = {"title": _("Name of the fair")}
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
        formfield_callback = _formfield
        help_texts = {"season": _("The campaign it belongs to, such as “2027 春风行动”.")}

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        regions = Region.tree.filter(level__in=ORGANISING_LEVELS)
        if area:
            regions = regions.filter(code__startswith=area)
        self.fields["region"].queryset = regions.order_by("code")
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id

    def clean_region(self):
        region = self.cleaned_data["region"]
        if not covers(self.area, region.code):
            raise ValidationError(_("This place is outside your area."), code="out_of_area")
        return region

    def clean_starts_on(self):
        return check_window(self.cleaned_data.get("starts_on"), _event_window(), _("starts on"))

    def clean_ends_on(self):
        return check_window(self.cleaned_data.get("ends_on"), _event_window(), _("ends on"))

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The fair cannot end before it starts."))
        if data.get("kind") == Kind.LIVESTREAM and not data.get("stream_url"):
            self.add_error("stream_url", _("Give the livestream's link."))
        return data


def _event_window():
    from django.utils import timezone

    return bounds.event_window(timezone.localdate())


class StopForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    village = forms.ModelChoiceField(
        label=_("village"), queryset=Region.tree.none(), to_field_name="code"
    )
    at = forms.TimeField(
        label=_("time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args, fair: Fair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Region.tree.filter(
            level="village", code__startswith=fair.region_id
        ).order_by("code")


class BoothForm(forms.Form):
    employer = forms.IntegerField(widget=forms.HiddenInput)
    postings = forms.ModelMultipleChoiceField(
        label=_("job postings"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, postings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postings"].queryset = postings


class RefuseForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


class CheckInByIdForm(CleanTextMixin, forms.Form):
    id_number = IdNumberField(label=_("ID number"))
    name = forms.CharField(label=_("name"), max_length=50, required=False)
    village = forms.CharField(label=_("household village"), max_length=12, required=False)


class IntentionForm(CleanTextMixin, forms.Form):
    id_number = IdNumberField(label=_("ID number"))
    posting = forms.IntegerField(label=_("job"))
