"""Forms of the target and checklist pages: a target, a unit's update with its files, a notice of
supervision and its reply."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.codes import bounds
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin
from homeward.regions.models import Region
from homeward.scoping import covers
from homeward.stats.indicators import INDICATORS

from .measures import MEASURES
from .models import Target

TARGET_LEVELS = ("province", "city", "county", "town")


def metric_choices():
    return [
        (_("Indicators of the statistics"), [(f"indicator:{i.code}", i.name) for i in INDICATORS]),
        (_("Counts of records"), [(f"measure:{m.code}", m.label) for m in MEASURES.values()]),
    ]


class TargetForm(CleanTextMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("area"), queryset=Region.tree.none(), to_field_name="code"
    )
    figure = forms.ChoiceField(label=_("figure"), choices=metric_choices)

    class Meta:
        model = Target
        fields = ("title", "programme", "region", "goal", "unit", "starts_on", "ends_on", "margin",
                  "basis")  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        regions = Region.tree.filter(level__in=TARGET_LEVELS)
        if area:
            regions = regions.filter(code__startswith=area)
        self.fields["region"].queryset = regions.order_by("code")
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
            self.initial["figure"] = f"{self.instance.source}:{self.instance.metric}"
        self.order_fields(["title", "programme", "region", "figure"])

    def clean_region(self):
        region = self.cleaned_data["region"]
        if not covers(self.area, region.code):
            raise ValidationError(_("This place is outside your area."), code="out_of_area")
        return region

    def _day(self, name, label):
        window = bounds.event_window(timezone.localdate())
        return check_window(self.cleaned_data.get(name), window, label)

    def clean_starts_on(self):
        return self._day("starts_on", _("period starts"))

    def clean_ends_on(self):
        return self._day("ends_on", _("period ends"))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", _("The period ends before it starts."))
        source, _sep, metric = (data.get("figure") or "").partition(":")
        self.instance.source, self.instance.metric = source, metric
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); the service judges each."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data]
        return [one(data, initial)] if data else []


class UpdateForm(CleanTextMixin, forms.Form):
    text = forms.CharField(label=pgettext_lazy("targets", "what was done"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))  # fmt: skip
    files = MultipleFileField(
        label=_("evidence (photos, PDF, Word or Excel; at most 5 files of 5 MB)"), required=False
    )
    marks_done = forms.BooleanField(label=_("the work is done"), required=False)


class SupervisionForm(CleanTextMixin, forms.Form):
    text = forms.CharField(label=_("notice"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))  # fmt: skip
    reply_by = forms.DateField(
        label=_("reply by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_reply_by(self):
        window = bounds.event_window(timezone.localdate())
        return check_window(self.cleaned_data.get("reply_by"), window, _("reply by"))


class ReplyForm(CleanTextMixin, forms.Form):
    reply = forms.CharField(label=_("reply"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))  # fmt: skip
