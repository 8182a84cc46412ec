from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import CleanTextMixin

from .models import LeftReason, Result


class FollowUpForm(CleanTextMixin, forms.Form):
    result = forms.ChoiceField(label=_("result"), choices=Result.choices, widget=forms.RadioSelect)
    left_on = forms.DateField(
        label=_("left on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    reason = forms.ChoiceField(
        label=_("reason for leaving"), required=False, choices=[("", "—"), *LeftReason.choices]
    )
    note = forms.CharField(label=_("note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("left_on", timezone.localdate())
