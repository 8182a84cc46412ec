"""Forms of the loan pages. Banks and guarantee funds are offered when they serve the user's
area: set up at the area or above it (a city's fund serves its villages), or inside it."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import CleanTextMixin
from homeward.employers.models import Employer
from homeward.regions.codes import ancestor_codes
from homeward.scoping import WHOLE_COUNTRY, prefix_range

from . import rules
from .models import GuaranteeFund, Lender, Loan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_FILE = 5 * 2**20  # a bank's repayment file


def serving(model, area: str | None):
    """The banks or funds serving `area`: at or above it, or inside it (reference data read
    across areas on purpose: an institution of the city serves every village of it)."""
    rows = model._base_manager.all()
    if area is None:
        return rows.none()
    if area == WHOLE_COUNTRY:
        return rows
    low, high = prefix_range(area)
    return rows.filter(
        Q(region_id__in=[*ancestor_codes(area), area]) | Q(region_id__gte=low, region_id__lt=high)
    )


class LoanForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("borrower"), choices=Loan.Kind.choices)
    person = forms.CharField(
        label=_("founder"), required=False, max_length=50,
        help_text=_("ID number, mobile or name of a person of your area"),
    )  # fmt: skip
    employer = forms.ModelChoiceField(
        label=_("small business"), queryset=Employer.objects.all(), required=False
    )
    groups = forms.MultipleChoiceField(
        label=_("eligible groups"), choices=list(rules.GROUPS.items()), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    staff = forms.IntegerField(
        label=_("current staff"), required=False, min_value=1, max_value=100000
    )
    new_eligible_hires = forms.IntegerField(
        label=_("eligible people newly hired"), required=False, min_value=0, max_value=100000
    )
    amount = forms.DecimalField(
        label=_("amount (yuan)"), max_digits=12, decimal_places=2, min_value=0, max_value=100000000
    )
    months = forms.IntegerField(label=_("term (months)"), min_value=1, max_value=120)
    every = forms.TypedChoiceField(
        label=_("interest paid"), choices=Loan.Every.choices, coerce=int, initial=3
    )
    method = forms.ChoiceField(label=_("repayment"), choices=Loan.Method.choices)
    fund = forms.ModelChoiceField(label=_("guarantee fund"), queryset=GuaranteeFund.objects.none())
    lender = forms.ModelChoiceField(label=_("bank"), queryset=Lender.objects.none())
    repayment_account = forms.CharField(
        label=_("repayment account"), required=False, max_length=30,
        help_text=_("the borrower's account at the bank: the interest subsidy is paid back to it"),
    )  # fmt: skip
    purpose = forms.CharField(label=_("purpose"), required=False, max_length=200)

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = serving(GuaranteeFund, area)
        self.fields["lender"].queryset = serving(Lender, area)


class StepForm(CleanTextMixin, forms.Form):
    passed = forms.TypedChoiceField(
        label=_("decision"), coerce=lambda v: v == "yes",
        choices=[("yes", _("passed")), ("no", _("refused"))],
    )  # fmt: skip
    note = forms.CharField(label=_("note"), required=False, max_length=300)
    guarantee_no = forms.CharField(label=_("guarantee number"), required=False, max_length=40)
    contract_no = forms.CharField(label=_("loan contract number"), required=False, max_length=40)
    spread_bp = forms.IntegerField(
        label=_("rate over the LPR (BP)"), required=False, min_value=-500, max_value=500
    )
    ceiling_bp = forms.IntegerField(
        label=_("subsidised up to LPR + (BP)"), required=False, min_value=-500, max_value=500
    )
    disbursed_on = forms.DateField(label=_("disbursed on"), required=False, widget=DATE)


class RepaymentFileForm(forms.Form):
    lender = forms.ModelChoiceField(label=_("bank"), queryset=Lender.objects.none())
    file = forms.FileField(label=_("repayment file (Excel or CSV)"))

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lender"].queryset = serving(Lender, area)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
