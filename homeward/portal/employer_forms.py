"""Forms of the employer portal: the employer's own postings and the moves of an application
(sign-in uses the worker portal's phone and code forms).

Every form names its fields: the employer, the place and the status of a posting come from the
signed-in employer and the services, never from the POST (SECURITY.md S9).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin
from homeward.jobs.forms import PostingDates, PostingForm
from homeward.placements.services import LONGEST_CONTRACT_MONTHS


class EmployerPostingForm(CleanTextMixin, PostingDates, forms.ModelForm):
    """A posting as an employer writes it: the staff form's fields without the employer and the
    place, which are not theirs to say, and with phone keyboards for the numbers."""

    benefits = PostingForm.base_fields["benefits"]

    class Meta(PostingForm.Meta):
        fields = tuple(f for f in PostingForm.Meta.fields if f not in ("employer", "region"))
        widgets = {
            **PostingForm.Meta.widgets,
            "headcount": forms.NumberInput(
                attrs={"min": 1, "max": bounds.HEADCOUNT[1], "inputmode": "numeric"}
            ),
            "wage_min": forms.NumberInput(attrs={"inputmode": "decimal"}),
            "wage_max": forms.NumberInput(attrs={"inputmode": "decimal"}),
            "age_min": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "age_max": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wage_min"].label = _("lowest wage (yuan)")
        self.fields["wage_max"].label = _("highest wage (yuan)")
        self.fields["address"].help_text = _("Where the work is, if not at your address.")


class InterviewForm(CleanTextMixin, forms.Form):
    at = forms.DateTimeField(
        label=_("Interview time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Interview place"), max_length=200)

    def clean_at(self):
        window = bounds.event_window(timezone.localdate())
        return check_window(self.cleaned_data.get("at"), window, _("Interview time"))


class HireForm(forms.Form):
    hired_on = forms.DateField(
        label=_("Hire date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    contract_months = forms.IntegerField(
        label=_("Contract length (months)"),
        min_value=1,
        max_value=LONGEST_CONTRACT_MONTHS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean_hired_on(self):
        window = bounds.event_window(timezone.localdate())
        return check_window(self.cleaned_data.get("hired_on"), window, _("Hire date"))


class RejectForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: the places are filled, or the job needs a driving licence."),
        widget=forms.TextInput(),
    )
