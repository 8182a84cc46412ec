"""Forms of the dispute pages: filing at the window (and on the phone), and one small form per
step of a case. Dates are checked against the window around today (`codes.bounds`)."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds
from homeward.core.bounds import Between, check_window
from homeward.core.fields import CleanTextMixin, IdNumberField

from .models import (
    AVERAGE_WAGE,
    MONEY,
    AgentKind,
    AidCentre,
    Arbitrator,
    ClaimKind,
    Commission,
    HearingMode,
    MediationMode,
    MediatorKind,
    Party,
    PartyRole,
    ServiceMethod,
)


class DateInput(forms.DateInput):
    input_type = "date"


def day_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput)


def money_field(label, required=False):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        validators=[Between(*MONEY, field=label)],
    )


class StepForm(CleanTextMixin, forms.Form):
    """Every date of a step lies in the window of events around today."""

    def __init__(self, *args, dispute=None, **kwargs):
        self.dispute = dispute
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        window = bounds.event_window(timezone.localdate())
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and data.get(name):
                try:
                    check_window(data[name], window, field.label)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data


CLAIM_FIELDS = [(f"claim_{kind}", kind, label) for kind, label in ClaimKind.choices]


class ClaimsMixin:
    def claim_lines(self):
        from .services import ClaimLine

        return [
            ClaimLine(kind, self.cleaned_data[name])
            for name, kind, _label in CLAIM_FIELDS
            if self.cleaned_data.get(name)
        ]


class FilingForm(ClaimsMixin, StepForm):
    """A dispute filed at the window by staff."""

    commission = forms.ModelChoiceField(label=_("commission"), queryset=Commission.objects.all())
    id_number = IdNumberField(label=_("applicant's ID number"))
    employer_name = forms.CharField(label=_("employer name"), max_length=200)
    employer_uscc = forms.CharField(
        label=_("unified social credit code"), max_length=18, required=False
    )
    facts = forms.CharField(label=_("facts and reasons"), max_length=5000, widget=forms.Textarea)
    known_on = day_field(_("worker knew of the infringement on"), required=False)
    interrupted_on = day_field(_("limitation interrupted on"), required=False)
    interruption = forms.CharField(
        label=_("what interrupted the limitation"), max_length=200, required=False
    )
    transferred_from = forms.CharField(label=_("wage case"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, _kind, label in CLAIM_FIELDS:
            self.fields[name] = money_field(label)

    def clean(self):
        data = super().clean()
        if not self.errors and not self.claim_lines():
            raise forms.ValidationError(_("Enter the amount of at least one claim."))
        return data


class PortalFilingForm(ClaimsMixin, StepForm):
    """A wage dispute filed by the worker on the phone."""

    commission = forms.ModelChoiceField(
        label=_("commission"), queryset=Commission._base_manager.order_by("region_id", "title")
    )
    employer_name = forms.CharField(label=_("employer name"), max_length=200)
    employer_uscc = forms.CharField(
        label=_("unified social credit code"), max_length=18, required=False
    )
    claim_wages = money_field(ClaimKind.WAGES.label, required=True)
    claim_overtime = money_field(ClaimKind.OVERTIME.label)
    facts = forms.CharField(label=_("facts and reasons"), max_length=5000, widget=forms.Textarea)
    known_on = day_field(_("worker knew of the infringement on"), required=False)


class MediateForm(StepForm):
    mediator_kind = forms.ChoiceField(label=_("mediator"), choices=MediatorKind.choices)
    mode = forms.ChoiceField(label=_("mode"), choices=MediationMode.choices)
    mediator = forms.ModelChoiceField(
        label=_("commission mediator (sees this case)"),
        queryset=Arbitrator.objects.none(),
        required=False,
    )
    mediator_name = forms.CharField(label=_("mediator's name"), max_length=50, required=False)
    started_on = day_field(_("mediation applied on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dispute is not None:
            self.fields["mediator"].queryset = Arbitrator.objects.filter(
                commission=self.dispute.commission
            )

    def clean(self):
        data = super().clean()
        if data.get("mediator") and not data.get("mediator_name"):
            data["mediator_name"] = data["mediator"].name
        if not self.errors and not data.get("mediator_name"):
            self.add_error("mediator_name", _("Enter the mediator's name or choose a mediator."))
        return data


class OnForm(StepForm):
    on = day_field(_("date"))


class AgreeForm(OnForm):
    amount = money_field(_("amount agreed"), required=True)
    terms = forms.CharField(label=_("terms agreed"), max_length=3000, widget=forms.Textarea)


class FailForm(OnForm):
    party_declined = forms.BooleanField(label=_("a party declined mediation"), required=False)


class ApplyForm(StepForm):
    received_on = day_field(_("arbitration application received on"))
    missing = forms.CharField(
        label=_("materials missing (all in one notice)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea,
    )


class ReasonForm(OnForm):
    reason = forms.CharField(label=_("reason"), max_length=500)


class TribunalForm(OnForm):
    arbitrators = forms.ModelMultipleChoiceField(
        label=_("arbitrators (the first presides)"),
        queryset=Arbitrator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dispute is not None:
            self.fields["arbitrators"].queryset = Arbitrator.objects.filter(
                commission=self.dispute.commission
            )


class HearingForm(StepForm):
    notice_on = day_field(_("hearing notice sent on"))
    hearing_on = day_field(_("hearing on"))
    mode = forms.ChoiceField(label=_("hearing mode"), choices=HearingMode.choices)
    place = forms.CharField(label=_("room or video link"), max_length=200)


class NoFieldsForm(StepForm):
    pass


class AwardForm(OnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dispute is not None:
            for claim in self.dispute.claims.all():
                self.fields[f"claim_{claim.pk}"] = money_field(
                    f"{claim.get_kind_display()}（{_('claimed')} {claim.amount}）", required=True
                )

    def awarded(self) -> dict[int, Decimal]:
        return {
            int(name.removeprefix("claim_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("claim_")
        }


class AidForm(OnForm):
    centre = forms.ChoiceField(label=_("referred to"), choices=AidCentre.choices)
    destination = forms.CharField(
        label=_("destination area code (cross-province referral)"), max_length=12, required=False
    )


class AidDecideForm(OnForm):
    granted = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("granted")), ("0", _("refused"))],
        coerce=lambda v: v == "1",
    )


class AidAssignForm(OnForm):
    lawyer = forms.CharField(label=_("lawyer"), max_length=50)


class ServeForm(OnForm):
    party = forms.IntegerField(widget=forms.HiddenInput)
    method = forms.ChoiceField(label=_("method"), choices=ServiceMethod.choices)


class AcceptForm(OnForm):
    simple_procedure = forms.BooleanField(
        label=_("simple procedure (规则 art. 56)"), required=False
    )
    parties_agree = forms.BooleanField(
        label=_("both parties agree to the simple procedure"), required=False
    )


class DefenceForm(OnForm):
    text = forms.CharField(
        label=_("defence"), max_length=5000, required=False, widget=forms.Textarea
    )


class JoinForm(OnForm):
    id_number = IdNumberField(label=_("joining worker's ID number"))


class RepresentativesForm(StepForm):
    representatives = forms.ModelMultipleChoiceField(
        label=_("representatives (3 to 5)"),
        queryset=Party.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dispute is not None:
            self.fields["representatives"].queryset = Party.objects.filter(
                dispute=self.dispute, role=PartyRole.APPLICANT, worker__isnull=False
            )


class AgentForm(StepForm):
    principal = forms.ModelChoiceField(label=_("acts for"), queryset=Party.objects.none())
    kind = forms.ChoiceField(label=_("kind of agent"), choices=AgentKind.choices)
    name = forms.CharField(label=_("agent's name"), max_length=50)
    phone = forms.CharField(label=_("mobile phone"), max_length=20, required=False)
    file = forms.FileField(label=_("signed authorisation (photo or PDF, at most 5 MB)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dispute is not None:
            self.fields["principal"].queryset = Party.objects.filter(
                dispute=self.dispute, role__in=[PartyRole.APPLICANT, PartyRole.RESPONDENT]
            )


class AgentRemoveForm(StepForm):
    agent = forms.ModelChoiceField(label=_("agent"), queryset=Party.objects.none())
    reason = forms.CharField(label=_("reason for withdrawal"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dispute is not None:
            self.fields["agent"].queryset = Party.objects.filter(
                dispute=self.dispute, role=PartyRole.AGENT, withdrawn_at__isnull=True
            )


class AgentReplaceForm(AgentRemoveForm):
    """One agent withdrawn and another added for the same party, in one step."""

    kind = forms.ChoiceField(label=_("kind of the new agent"), choices=AgentKind.choices)
    name = forms.CharField(label=_("new agent's name"), max_length=50)
    phone = forms.CharField(label=_("mobile phone"), max_length=20, required=False)
    file = forms.FileField(label=_("signed authorisation (photo or PDF, at most 5 MB)"))


class ReviewApplyForm(OnForm):
    accepted_on = day_field(_("review accepted on"), required=False)


class ReviewDecideForm(OnForm):
    confirmed = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("confirmed")), ("0", _("not confirmed"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("reason"), max_length=2000, required=False)
    reviewer = forms.ModelChoiceField(
        label=_("reviewing arbitrator"), queryset=Arbitrator.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.dispute is not None:
            self.fields["reviewer"].queryset = Arbitrator.objects.filter(
                commission=self.dispute.commission
            )


STEP_FORMS = {
    "mediate": MediateForm,
    "agree": AgreeForm,
    "fail": FailForm,
    "apply": ApplyForm,
    "complete": OnForm,
    "accept": AcceptForm,
    "refuse": ReasonForm,
    "defence": DefenceForm,
    "tribunal": TribunalForm,
    "hearing": HearingForm,
    "extend": NoFieldsForm,
    "suspend": ReasonForm,
    "resume": OnForm,
    "restart": ReasonForm,
    "award": AwardForm,
    "aid": AidForm,
    "aid_decide": AidDecideForm,
    "aid_assign": AidAssignForm,
    "ordinary": ReasonForm,
    "join": JoinForm,
    "representatives": RepresentativesForm,
    "agent": AgentForm,
    "agent_remove": AgentRemoveForm,
    "agent_replace": AgentReplaceForm,
    "withdraw": ReasonForm,
    "review": ReviewApplyForm,
    "review_extend": NoFieldsForm,
    "review_decide": ReviewDecideForm,
}


class HolidayYearForm(CleanTextMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2004, max_value=2100)
    source = forms.CharField(label=_("source"), max_length=200)
    off = forms.CharField(
        label=_("days off (one date a line, YYYY-MM-DD)"), widget=forms.Textarea, max_length=5000
    )
    working = forms.CharField(
        label=_("make-up working days (one date a line)"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )

    def _days(self, name):
        days = []
        for number, line in enumerate(self.cleaned_data.get(name, "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            try:
                days.append(date.fromisoformat(line))
            except ValueError:
                self.add_error(name, _("Line %(n)s is not a date (YYYY-MM-DD).") % {"n": number})
        return days

    def clean(self):
        data = super().clean()
        data["off_days"] = self._days("off")
        data["working_days"] = self._days("working")
        return data


class AverageWageForm(CleanTextMixin, forms.Form):
    """A province's average annual wage of a year (the simple procedure's limit)."""

    region_code = forms.CharField(
        label=_("province (region code)"), max_length=2, help_text=_("e.g. 32 for 江苏")
    )
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("average annual wage (yuan)"),
        max_digits=10,
        decimal_places=2,
        min_value=AVERAGE_WAGE[0],
        max_value=AVERAGE_WAGE[1],
    )
    source = forms.CharField(
        label=_("source"), max_length=200, help_text=_("the bulletin's name and number")
    )
    verified = forms.BooleanField(
        label=_("checked against the provincial bulletin"), required=False
    )
