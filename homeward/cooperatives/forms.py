"""Forms of the cooperative pages: a cooperative, finding a member in the registry, a collected
job, a dispatch, closing a dispatch with each member's pay, a placement."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds
from homeward.core.bounds import Between, check_window
from homeward.core.fields import CleanTextMixin, PhoneField
from homeward.jobs.models import Posting, PostingQuerySet
from homeward.regions.codes import county_of
from homeward.regions.models import Region
from homeward.scoping import covers, limit_to_area

from .models import DAY_PAY, DAYS_WORKED, LEVELS, MEMBER_PAY, Cooperative, Membership, Order


def _date(label):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _in_window(value, label):
    return check_window(value, bounds.event_window(timezone.localdate()), label)


class CooperativeForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("name of the cooperative"), max_length=100)
    region = forms.ModelChoiceField(
        label=_("village or town"), queryset=Region.tree.none(), to_field_name="code"
    )
    leader_name = forms.CharField(label=_("leader"), max_length=50)
    contact_phone = PhoneField(label=_("contact phone"))
    founded_on = _date(_("founded on"))
    registration_number = forms.CharField(
        label=_("registration number"), max_length=50, required=False
    )
    status = forms.ChoiceField(label=_("status"), choices=Cooperative.Status.choices)

    def __init__(self, *args, area: str | None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        if editing:  # the number is never shown in full (S12): empty keeps it
            self.fields["contact_phone"].required = False
            self.fields["contact_phone"].help_text = _("Leave empty to keep the current number.")
        regions = limit_to_area(Region.tree.filter(level__in=LEVELS), area or "", field="code")
        if area is not None and len(area) < 9:  # above a town: its towns, not every village
            regions = regions.filter(level="town")
        self.fields["region"].queryset = regions.order_by("code")

    def clean_region(self):
        region = self.cleaned_data["region"]
        if not covers(self.area, region.code):
            raise ValidationError(_("This place is outside your area."), code="out_of_area")
        return region

    def clean_founded_on(self):
        day = check_window(
            self.cleaned_data.get("founded_on"),
            bounds.history_window(timezone.localdate()),
            _("founded on"),
        )
        return day


class MemberSearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("name or ID number"), max_length=200)


class JoinForm(forms.Form):
    worker = forms.IntegerField(widget=forms.HiddenInput)
    joined_on = _date(_("joined the cooperative on"))

    def clean_joined_on(self):
        return _in_window(self.cleaned_data.get("joined_on"), _("joined the cooperative on"))


class LeaveForm(forms.Form):
    left_on = _date(_("left the cooperative on"))

    def clean_left_on(self):
        return _in_window(self.cleaned_data.get("left_on"), _("left the cooperative on"))


def postings_for(coop: Cooperative):
    """Published postings on offer in the cooperative's county: the jobs it may collect."""
    on_offer = PostingQuerySet(Posting).on_offer(timezone.localdate())
    return limit_to_area(on_offer, county_of(coop.region_id)).select_related("employer")


class OrderForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"), choices=Order.Kind.choices, widget=forms.RadioSelect,
        initial=Order.Kind.LOCAL,
    )  # fmt: skip
    posting = forms.ModelChoiceField(
        label=_("job posting"), queryset=Posting._base_manager.none(), required=False
    )
    client = forms.CharField(label=_("client"), max_length=100, required=False)
    work = forms.CharField(label=_("work"), max_length=200, required=False)
    headcount = forms.IntegerField(
        label=_("headcount"), min_value=1, max_value=10_000, required=False
    )
    starts_on = _date(_("starts on"))
    ends_on = _date(_("ends on"))
    day_pay = forms.DecimalField(
        label=_("pay per day (yuan)"), max_digits=7, decimal_places=2, required=False,
        validators=[Between(*DAY_PAY, field=_("pay per day (yuan)"))],
    )  # fmt: skip

    def __init__(self, *args, cooperative: Cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posting"].queryset = postings_for(cooperative)
        self.fields["posting"].label_from_instance = lambda p: f"{p.employer.name}：{p.title}"

    def clean_starts_on(self):
        return _in_window(self.cleaned_data.get("starts_on"), _("starts on"))

    def clean_ends_on(self):
        return _in_window(self.cleaned_data.get("ends_on"), _("ends on"))

    def clean(self):
        data = super().clean()
        if data.get("kind") == Order.Kind.POSTING and not data.get("posting"):
            self.add_error("posting", _("Choose the published job posting."))
        if data.get("kind") == Order.Kind.LOCAL:
            data["posting"] = None
            for name in ("client", "work", "headcount", "day_pay"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("A local order needs this."))
        return data


class DispatchForm(forms.Form):
    order = forms.ModelChoiceField(label=_("collected job"), queryset=Order.objects.none())
    members = forms.ModelMultipleChoiceField(
        label=_("members to send"), queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    starts_on = _date(_("starts on"))
    ends_on = _date(_("ends on"))
    day_pay = forms.DecimalField(
        label=_("pay per day (yuan)"), max_digits=7, decimal_places=2, required=False,
        validators=[Between(*DAY_PAY, field=_("pay per day (yuan)"))],
        help_text=_("Leave empty for the order's pay."),
    )  # fmt: skip

    def __init__(self, *args, cooperative: Cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = Order.objects.filter(cooperative=cooperative)
        members = Membership.objects.filter(cooperative=cooperative, left_on__isnull=True)
        self.fields["members"].queryset = members.select_related("worker")
        self.fields["members"].label_from_instance = _member_label

    def clean_starts_on(self):
        return _in_window(self.cleaned_data.get("starts_on"), _("starts on"))

    def clean_ends_on(self):
        return _in_window(self.cleaned_data.get("ends_on"), _("ends on"))


def _member_label(membership) -> str:
    from homeward.crypto import mask_name

    skills = f"（{membership.skills}）" if membership.skills else ""
    return f"{mask_name(membership.worker.name)}{skills}"


class CloseForm(forms.Form):
    """Days worked and pay of each member on the dispatch (fields `days_<id>`, `pay_<id>`)."""

    def __init__(self, *args, people, days: int, day_pay: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        for person in people:
            self.fields[f"days_{person.pk}"] = forms.IntegerField(
                label=_("days worked"), min_value=DAYS_WORKED[0], max_value=days, initial=days
            )
            self.fields[f"pay_{person.pk}"] = forms.DecimalField(
                label=_("pay received (yuan)"), max_digits=9, decimal_places=2,
                initial=(day_pay * days).quantize(Decimal("0.01")),
                validators=[Between(*MEMBER_PAY, field=_("pay received (yuan)"))],
            )  # fmt: skip

    def rows(self):
        return [(p, self[f"days_{p.pk}"], self[f"pay_{p.pk}"]) for p in self.people]

    def pay(self) -> dict:
        data = self.cleaned_data
        return {p.pk: (data[f"days_{p.pk}"], data[f"pay_{p.pk}"]) for p in self.people}


class PlaceForm(forms.Form):
    order = forms.ModelChoiceField(label=_("collected job posting"), queryset=Order.objects.none())
    membership = forms.ModelChoiceField(label=_("member"), queryset=Membership.objects.none())
    hired_on = _date(_("hired on"))
    contract_months = forms.IntegerField(
        label=_("contract length (months)"), min_value=1, max_value=120, initial=12
    )

    def __init__(self, *args, cooperative: Cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = Order.objects.filter(
            cooperative=cooperative, kind=Order.Kind.POSTING
        )
        members = Membership.objects.filter(cooperative=cooperative, left_on__isnull=True)
        self.fields["membership"].queryset = members.select_related("worker")
        self.fields["membership"].label_from_instance = _member_label

    def clean_hired_on(self):
        return _in_window(self.cleaned_data.get("hired_on"), _("hired on"))
