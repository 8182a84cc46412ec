from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.regions.models import Region

from .models import DAY_PAY, HEADCOUNT, Market, Trade


class MarketForm(forms.ModelForm):
    class Meta:
        model = Market
        fields = ["name", "region", "address", "hours"]

    def __init__(self, *args, area: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.tree.filter(
            code__startswith=area, level__in=("county", "town")
        ).order_by("code")


class TradesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Trade.choices, label=_("work they can do today"), **kwargs)


class SignInByIdForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    trades = TradesField()


class PortalSignInForm(forms.Form):
    trades = TradesField()


class GigForm(forms.Form):
    title = forms.CharField(label=_("what the work is"), max_length=100)
    trade = forms.ChoiceField(label=_("trade"), choices=Trade.choices)
    on = forms.DateField(label=_("date of work"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("place of work"), max_length=200)
    headcount = forms.IntegerField(
        label=_("people needed"), min_value=HEADCOUNT[0], max_value=HEADCOUNT[1]
    )
    pay = forms.DecimalField(
        label=_("pay a day (yuan)"), min_value=DAY_PAY[0], max_value=DAY_PAY[1], decimal_places=2
    )
    instant = forms.BooleanField(label=_("instant channel: people needed today"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class StaffGigForm(GigForm):
    employer = forms.ModelChoiceField(label=_("employer"), queryset=None)

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.order_fields(["employer"])


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("reason for refusal"), max_length=200)


class CheckOutForm(forms.Form):
    paid = forms.DecimalField(
        label=_("pay for the day (yuan)"), min_value=0, max_value=DAY_PAY[1], decimal_places=2
    )
    paid_on_spot = forms.BooleanField(label=_("paid on the spot"), required=False, initial=True)
    rating = forms.TypedChoiceField(
        label=_("rating of the worker"),
        choices=[("", "—"), *[(n, "★" * n) for n in range(5, 0, -1)]],
        coerce=int,
        empty_value=None,
        required=False,
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("rating of the employer"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
    )


class SanctionForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("employer"), queryset=None)
    until = forms.DateField(label=_("barred until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
