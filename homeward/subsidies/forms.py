"""The staff pages' forms: a new policy version (conditions typed as "说明 | 表达式" lines), and
an application entered on a person's behalf. The checks that matter live in the services
(`clean_version_data`, `apply_for`); these forms only read the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LEVELS, MAX_CLAIMS, NOTICE_DAYS, PolicyVersion

CONDITIONS_HELP = _(
    "One condition a line: the sentence a clerk reads, a bar, then the rule, e.g. "
    "返乡日期 {returned_on} 在政策期内 | returned_on >= window_start and returned_on <= window_end"
)


class VersionForm(forms.Form):
    starts_on = forms.DateField(
        label=_("window opens"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("window closes"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    amount_kind = forms.ChoiceField(
        label=_("amount kind"), choices=PolicyVersion.AmountKind.choices
    )
    # Read as text: a negative or malformed amount gets the service's Chinese message.
    amount = forms.CharField(label=_("amount (yuan, or share)"), max_length=20)
    level_amounts = forms.CharField(
        label=_("amount by certificate level"),
        required=False,
        max_length=200,
        help_text=_("e.g. 5=1000, 4=1500, 3=2000"),
    )
    once = forms.ChoiceField(label=_("how often"), choices=PolicyVersion.Once.choices)
    max_claims = forms.IntegerField(
        label=_("claims per person at most"), min_value=MAX_CLAIMS[0], max_value=MAX_CLAIMS[1]
    )
    evidence = forms.CharField(label=_("evidence required"), required=False, max_length=300)
    approval_levels = forms.IntegerField(
        label=_("approval levels"), min_value=LEVELS[0], max_value=LEVELS[1]
    )
    notice_days = forms.IntegerField(
        label=_("public notice (days)"), min_value=NOTICE_DAYS[0], max_value=NOTICE_DAYS[1]
    )
    conditions = forms.CharField(
        label=_("eligibility conditions"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=12000,
        help_text=CONDITIONS_HELP,
    )
    compliance = forms.CharField(
        label=_("compliance conditions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=12000,
    )
    assumption = forms.CharField(
        label=_("written assumptions"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(label=_("what changed"), max_length=200, required=False)

    def clean_level_amounts(self):
        text = self.cleaned_data["level_amounts"].replace("，", ",").replace("＝", "=")
        table = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            level, bar, value = part.partition("=")
            if not bar or not level.strip():
                raise forms.ValidationError(_("Write each level as level=amount, e.g. 4=1500."))
            table[level.strip()] = value.strip()
        return table


VERSION_COPIED = (
    "starts_on ends_on amount_kind amount once max_claims evidence approval_levels notice_days "
    "assumption"
).split()


def level_amounts_text(table: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in (table or {}).items())


class BehalfForm(forms.Form):
    bank_name = forms.CharField(label=_("Bank"), max_length=60)
    bank_account = forms.CharField(label=_("Bank card number"), max_length=40)
