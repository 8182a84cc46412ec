"""Forms of the wage pages: a project and its prerequisites, uploads, case actions, clue moves."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.core.fields import CleanTextMixin
from homeward.employers.forms import PlaceField, check_place
from homeward.employers.models import Employer
from homeward.scoping import current_area

from .models import ActionKind, ClueState, InspectionKind, Project

MAX_UPLOAD = 20 * 2**20
MAX_PHOTO = 5 * 2**20
PHOTO_TYPES = (".jpg", ".jpeg", ".png")


class ProjectForm(CleanTextMixin, forms.ModelForm):
    region = PlaceField(label=pgettext_lazy("wages", "place"))
    contractor_code = forms.CharField(
        label=_("general contractor's credit code"),
        max_length=40,
        help_text=_("The general contractor must be registered as an employer of your area."),
    )
    new_account_number = forms.CharField(
        label=_("wage special account number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to keep the current number."),
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "region",
            "owner",
            "contract_value",
            "start_on",
            "planned_end_on",
            "ended_on",
            "status",
            "labour_officer",
            "account_bank",
            "labour_cost_cycle_days",
            "deposit_amount",
            "deposit_form",
            "notice_board_photo",
            "injury_insurance_policy",
            "latitude",
            "longitude",
        ]
        widgets = {
            "start_on": forms.DateInput(attrs={"type": "date"}),
            "planned_end_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["contractor_code"] = self.instance.contractor.uscc

    def clean_region(self):
        region = self.cleaned_data["region"]
        check_place(region, current_area())
        return region

    def clean_contractor_code(self):
        code = "".join(self.cleaned_data["contractor_code"].split()).upper()
        employer = Employer.objects.filter(uscc=code).first()
        if employer is None:
            raise ValidationError(_("No employer of your area has this credit code."))
        self.instance.contractor = employer
        return code

    def clean_new_account_number(self):
        number = "".join(self.cleaned_data["new_account_number"].split())
        if number and (not number.isdigit() or not 8 <= len(number) <= 32):
            raise ValidationError(_("An account number has 8 to 32 digits."))
        return number

    def clean_notice_board_photo(self):
        photo = self.cleaned_data.get("notice_board_photo")
        if photo and hasattr(photo, "size") and getattr(photo, "content_type", None):
            name = photo.name.lower()
            if not name.endswith(PHOTO_TYPES) or photo.size > MAX_PHOTO:
                raise ValidationError(_("A photo in JPG or PNG, at most 5 MB."))
        return photo

    def clean(self):
        data = super().clean()
        start, planned, ended = (data.get(k) for k in ("start_on", "planned_end_on", "ended_on"))
        if start and planned and planned < start:
            self.add_error("planned_end_on", _("The project cannot end before it starts."))
        if start and ended and ended < start:
            self.add_error("ended_on", _("The project cannot end before it starts."))
        if data.get("status") == "completed" and not ended:
            self.add_error("ended_on", _("A completed project needs its completion date."))
        return data

    def save(self, commit=True):
        project = super().save(commit=False)
        if self.cleaned_data.get("new_account_number"):
            project.account_number = self.cleaned_data["new_account_number"]
        if commit:
            project.save()
        return project


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("sheet"),
        choices=[
            ("roster", _("real-name roster")),
            ("attendance", _("attendance")),
            ("payroll", _("payroll")),
        ],
    )
    file = forms.FileField(label=_("file (.xlsx, .xls or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload


class PayrollUploadForm(forms.Form):
    """The general contractor's payroll sheet from the employer portal (the same cap)."""

    file = forms.FileField(label=_("payroll sheet (.xlsx, .xls or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload


class ActionForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("action"), choices=ActionKind.choices)
    note = forms.CharField(label=_("what was done"), widget=forms.Textarea, required=False)
    pay_by = forms.DateField(
        label=_("pay by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(
        label=_("amount recovered (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )


class ClueMoveForm(forms.Form):
    state = forms.ChoiceField(label=_("next step"), choices=ClueState.choices)
    pay_by = forms.DateField(
        label=_("pay by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount_recovered = forms.DecimalField(
        label=_("amount recovered (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )


class ProposeListingForm(CleanTextMixin, forms.Form):
    grounds = forms.CharField(label=_("grounds"), max_length=500, widget=forms.Textarea)
    serious_incident = forms.BooleanField(
        label=_("caused a serious incident (mass protest, extreme act)"), required=False
    )


class ObjectionForm(CleanTextMixin, forms.Form):
    objection = forms.CharField(label=_("the employer's objection"), widget=forms.Textarea)


class DecideListingForm(forms.Form):
    list_it = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("list the employer")), ("0", _("do not list"))],
        coerce=lambda v: v == "1",
    )
    paid_with_pledge = forms.BooleanField(
        label=_("paid before the decision, with a written pledge"), required=False
    )


class RemoveListingForm(forms.Form):
    corrected_on = forms.DateField(
        label=_("arrears corrected on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    pledge = forms.BooleanField(label=_("written pledge received"), required=False)


class EvidenceForm(CleanTextMixin, forms.Form):
    """A photo, payslip, chat screenshot or PDF for a clue (the type and size are checked by
    `services.add_clue_evidence` on the file's first bytes)."""

    file = forms.FileField(label=_("photo or PDF (at most 5 MB)"))
    description = forms.CharField(label=_("what it shows"), max_length=200, required=False)


class BankCardForm(forms.Form):
    bank_card = forms.CharField(label=_("bank card number"), max_length=30)


class ClueReportForm(CleanTextMixin, forms.Form):
    """A clue recorded by staff at a window or from the hotline."""

    id_number = forms.CharField(label=_("the worker's ID number"), max_length=20)
    project_code = forms.CharField(label=_("project code"), max_length=40, required=False)
    employer_code = forms.CharField(
        label=_("employer's credit code"), max_length=40, required=False
    )
    construction = forms.BooleanField(label=_("construction work"), required=False, initial=True)
    month = forms.DateField(
        label=_("unpaid month (its first day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    amount = forms.DecimalField(
        label=_("amount unpaid (yuan)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    people = forms.IntegerField(
        label=_("people affected"), min_value=1, max_value=100_000, initial=1
    )
    description = forms.CharField(
        label=_("work done and what happened"), widget=forms.Textarea, required=False
    )
    bank_card = forms.CharField(label=_("bank card number"), max_length=30, required=False)


class InspectionForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=InspectionKind.choices)
    employer_code = forms.CharField(label=_("employer's credit code"), max_length=40)
    project_code = forms.CharField(label=_("project code"), max_length=40, required=False)
    inspected_on = forms.DateField(
        label=_("inspected on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    findings = forms.CharField(label=_("findings"), widget=forms.Textarea)
    violations = forms.BooleanField(label=_("violations found"), required=False)
    case = forms.IntegerField(widget=forms.HiddenInput, required=False)
    clue = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RectificationForm(CleanTextMixin, forms.Form):
    requirements = forms.CharField(label=_("what must be rectified"), widget=forms.Textarea)
    due_on = forms.DateField(label=_("rectify by"), widget=forms.DateInput(attrs={"type": "date"}))


class RectifiedForm(CleanTextMixin, forms.Form):
    order = forms.IntegerField(widget=forms.HiddenInput)
    complied_on = forms.DateField(
        label=_("rectified on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    result = forms.CharField(label=_("follow-up"), widget=forms.Textarea, required=False)


class SupervisionForm(CleanTextMixin, forms.Form):
    instructions = forms.CharField(label=_("instructions"), widget=forms.Textarea)
    reply_by = forms.DateField(
        label=_("reply by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReplyForm(CleanTextMixin, forms.Form):
    supervision = forms.IntegerField(widget=forms.HiddenInput)
    reply = forms.CharField(label=_("reply"), widget=forms.Textarea)
