"""Forms of the trip pages: the trip, a sign-up by ID number, the answers on board."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin, IdNumberField
from homeward.employers.models import Employer
from homeward.fairs.models import Fair
from homeward.placements.models import Application, Status
from homeward.regions.codes import is_code
from homeward.regions.models import Region
from homeward.scoping import covers
from homeward.workers.models import EmploymentStatus, Intention

from .models import Trip

ORGANISING_LEVELS = ("city", "county", "town")


class TripForm(CleanTextMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("organising area"), queryset=Region.tree.none(), to_field_name="code"
    )

    class Meta:
        model = Trip
        fields = (
            "kind",
            "title",
            "region",
            "origin",
            "origin_code",
            "destination",
            "destination_code",
            "departs_on",
            "seats",
            "meeting_point",
            "fair",
            "employer",
        )
        widgets = {"departs_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "origin": _("Where the trip starts, such as 苏州 or 东莞 for a trip home."),
            "origin_code": _("Optional: the region code of that place (e.g. 3205 for 苏州)."),
            "destination": _("Where it goes: the home city for a trip home."),
            "fair": _("Trips home: the fair the passengers are taken to."),
            "employer": _("Trips out: the employer that hired the passengers."),
        }

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        regions = Region.tree.filter(level__in=ORGANISING_LEVELS)
        if area:
            regions = regions.filter(code__startswith=area)
        self.fields["region"].queryset = regions.order_by("code")
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        # The fairs the viewer's area organises; employers that hired the area's people (they
        # are often elsewhere, outside the area's own employers).
        hired = Application.objects.filter(status=Status.HIRED).values("posting__employer_id")
        self.fields["employer"].queryset = Employer._base_manager.filter(pk__in=hired).order_by(
            "name"
        )
        self.fields["fair"].queryset = Fair.objects.order_by("-starts_on")

    def clean_region(self):
        region = self.cleaned_data["region"]
        if not covers(self.area, region.code):
            raise ValidationError(_("This place is outside your area."), code="out_of_area")
        return region

    def _code(self, name):
        code = (self.cleaned_data.get(name) or "").strip()
        if code and (not is_code(code) or not Region.tree.filter(code=code).exists()):
            raise ValidationError(_("This is not a known region code."), code="bad_code")
        return code

    def clean_origin_code(self):
        return self._code("origin_code")

    def clean_destination_code(self):
        return self._code("destination_code")

    def clean_departs_on(self):
        from django.utils import timezone

        window = bounds.event_window(timezone.localdate())
        return check_window(self.cleaned_data.get("departs_on"), window, _("departs on"))

    def clean(self):
        data = super().clean()
        if data.get("kind") == Trip.Kind.OUT and not data.get("employer"):
            self.add_error("employer", _("Choose the employer the people are taken to."))
        return data


class SignUpForm(CleanTextMixin, forms.Form):
    id_number = IdNumberField(label=_("ID number"))


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("employment status"), required=False, choices=[("", "—"), *EmploymentStatus.choices]
    )
    intention = forms.ChoiceField(
        label=_("job intention"), required=False, choices=[("", "—"), *Intention.choices]
    )
