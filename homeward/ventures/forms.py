"""Forms of the venture pages. People are found by ID number, mobile or name among the registry
records of the user's area (the scoped Worker manager); parks and liaison officers offered are
those serving the area — set up at it, above it (a county's park takes its towns' ventures) or
inside it (`loans.forms.serving`, reference rows read across areas on purpose); the services
check again that the park or the officer covers the venture's place."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from homeward.core.fields import CleanTextMixin
from homeward.employers.forms import PlaceField, check_place
from homeward.employers.models import Industry
from homeward.loans.forms import serving
from homeward.workers.models import Worker

from .models import (
    Alliance,
    AllianceEvent,
    Competition,
    Contact,
    Contestant,
    Criterion,
    Expert,
    ExpertTeam,
    Field,
    Judge,
    Kind,
    Liaison,
    Membership,
    Park,
    Problem,
    Round,
    Served,
    Showcase,
    Support,
    Venture,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonField(forms.CharField):
    """A person of the viewer's area by ID number, mobile or name (one, or a Chinese error)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("help_text", _("ID number, mobile or name of a person of your area"))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text and not self.required:
            return None
        found = list(Worker.objects.search(text)[:2]) if text else []
        if not found:
            raise forms.ValidationError(_("No one of your area is found by this."))
        if len(found) > 1:
            raise forms.ValidationError(_("More than one person is found: give the ID number."))
        return found[0]


class VentureForm(CleanTextMixin, forms.Form):
    person = PersonField(label=_("founder"))
    name = forms.CharField(label=_("venture"), max_length=100)
    kind = forms.ChoiceField(label=_("kind of venture"), choices=Kind.choices)
    credit_code = forms.CharField(
        label=_("unified social credit code"), max_length=40,
        help_text=_("an individual business's too; a new code registers the business"),
    )  # fmt: skip
    industry = forms.ChoiceField(label=_("industry"), choices=Industry.choices)
    region = PlaceField()
    started_on = forms.DateField(label=_("started on"), widget=DATE)
    description = forms.CharField(label=_("what it does"), max_length=300, required=False)

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area

    def clean_region(self):
        region = self.cleaned_data["region"]
        check_place(region, self.area)
        return region


class EmployeeForm(CleanTextMixin, forms.Form):
    person = PersonField(label=_("person"))
    started_on = forms.DateField(label=_("employed from"), widget=DATE)


class SupportForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind of support"), choices=Support.Kind.choices)
    on = forms.DateField(label=_("date"), widget=DATE)
    note = forms.CharField(label=_("notes"), max_length=300, required=False)


class TenancyForm(forms.Form):
    park = forms.ModelChoiceField(label=_("park"), queryset=Park.objects.none())
    on = forms.DateField(label=_("moved in on"), widget=DATE)

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = serving(Park, area)


class AssignForm(forms.Form):
    liaison = forms.ModelChoiceField(label=_("liaison officer"), queryset=Liaison.objects.none())
    on = forms.DateField(label=_("assigned on"), widget=DATE)

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["liaison"].queryset = serving(Liaison, area)


class ContactForm(CleanTextMixin, forms.Form):
    on = forms.DateField(label=_("date"), widget=DATE)
    way = forms.ChoiceField(label=_("how"), choices=Contact.Way.choices)
    note = forms.CharField(label=_("notes"), max_length=500, required=False)
    problem = forms.CharField(label=_("problem raised"), max_length=300, required=False)
    solved_on = forms.DateField(label=_("solved on"), widget=DATE, required=False)


class SolvedForm(forms.Form):
    on = forms.DateField(label=_("solved on"), widget=DATE)


class ParkForm(CleanTextMixin, forms.ModelForm):
    services = forms.MultipleChoiceField(
        label=_("services"), choices=Park.Service.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Park
        fields = ("name", "kind", "address", "capacity", "services")


class LiaisonForm(CleanTextMixin, forms.ModelForm):
    phone = forms.CharField(label=_("mobile phone"), max_length=20, required=False)

    class Meta:
        model = Liaison
        fields = ("name", "kind", "organisation", "phone", "user")

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        from homeward.accounts.models import User

        self.fields["user"].queryset = User.objects.in_area(area).filter(is_active=True)

    def clean_phone(self):
        from homeward.codes import phone

        number = self.cleaned_data["phone"]
        if number and not phone.is_valid(number):
            raise forms.ValidationError(_("Enter a valid mobile number."))
        return number


class ShowcaseForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Showcase
        fields = ("title", "opens_on", "closes_on")
        widgets = {"opens_on": DATE, "closes_on": DATE}


class EntryForm(CleanTextMixin, forms.Form):
    venture = forms.ModelChoiceField(label=_("venture"), queryset=Venture.objects.all())
    blurb = forms.CharField(label=_("introduction"), max_length=300, required=False)


class AllianceForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Alliance
        fields = ("name", "kind", "founded_on")
        widgets = {"founded_on": DATE}


class MemberForm(CleanTextMixin, forms.Form):
    venture = forms.ModelChoiceField(
        label=_("venture"), queryset=Venture.objects.all(), required=False,
        help_text=_("its founder joins with it"),
    )  # fmt: skip
    person = PersonField(label=_("founder"), required=False)
    joined_on = forms.DateField(label=_("joined the alliance on"), widget=DATE)

    def clean(self):
        data = super().clean()
        if not data.get("venture") and not data.get("person") and not self.errors:
            raise forms.ValidationError(_("Choose a venture or give a founder."))
        return data


class LeftForm(forms.Form):
    on = forms.DateField(label=_("left the alliance on"), widget=DATE)


class AllianceEventForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind of event"), choices=AllianceEvent.Kind.choices)
    title = forms.CharField(label=_("event"), max_length=100)
    on = forms.DateField(label=_("date"), widget=DATE)
    place = forms.CharField(label=_("place"), max_length=100)
    attendees = forms.ModelMultipleChoiceField(
        label=_("members who came"), queryset=Membership.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(alliance=alliance, left_on__isnull=True)
        self.fields["attendees"].queryset = members.select_related("founder", "venture")
        self.fields["attendees"].label_from_instance = lambda m: (
            f"{m.founder.name}（{m.venture.name}）" if m.venture else m.founder.name
        )


# Startup competitions and field visits --------------------------------------------------------


class CompetitionForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Competition
        fields = ("name", "year")


class CriterionForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("criterion"), max_length=50)
    weight = forms.IntegerField(label=_("weight"), min_value=1, max_value=100)
    max_score = forms.IntegerField(label=_("highest score"), min_value=1, max_value=1000,
                                   initial=100)  # fmt: skip


class RoundForm(forms.Form):
    stage = forms.ChoiceField(label=_("round"), choices=Round.Stage.choices)
    held_on = forms.DateField(label=_("held on"), widget=DATE)


class ContestantForm(CleanTextMixin, forms.Form):
    venture = forms.ModelChoiceField(
        label=_("venture"), queryset=Venture.objects.all(), required=False,
        help_text=_("its founder enters with it"),
    )  # fmt: skip
    person = PersonField(label=_("founder without a registered venture"), required=False)
    project = forms.CharField(label=_("project"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("venture") and not data.get("person") and not self.errors:
            raise forms.ValidationError(_("Choose a venture or give a founder."))
        return data


class JudgeForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("judge"), max_length=50, required=False,
                           help_text=_("a named expert, or leave empty for the staff account"))  # fmt: skip
    organisation = forms.CharField(label=_("organisation"), max_length=100, required=False)
    user = forms.ModelChoiceField(label=_("staff account"), queryset=None, required=False)
    person = PersonField(
        label=_("the judge in the registry"), required=False,
        help_text=_("when the judge is a person of your area: their own entry is refused"),
    )  # fmt: skip

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        from homeward.accounts.models import User

        from .services import judge_accounts

        # accounts that may fill in their own sheets: writers covering the competition's area
        accounts = [u.pk for u in judge_accounts(competition)]
        self.fields["user"].queryset = User.objects.filter(pk__in=accounts).order_by("username")

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("user") and not self.errors:
            raise forms.ValidationError(_("Give the judge's name or a staff account."))
        return data


def _contestant_label(c):
    return f"{c.project}（{c.founder.name}）"


class ConflictForm(CleanTextMixin, forms.Form):
    judge = forms.ModelChoiceField(label=_("judge"), queryset=Judge.objects.none())
    contestant = forms.ModelChoiceField(label=_("entry"), queryset=Contestant.objects.none())
    reason = forms.CharField(label=_("reason"), max_length=100, required=False)

    def __init__(self, *args, round, contestants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = Judge.objects.filter(round=round)
        self.fields["contestant"].queryset = contestants
        self.fields["contestant"].label_from_instance = _contestant_label


class SheetForm(forms.Form):
    """A judge's sheet for one entry: a field per criterion of the competition (`c<pk>`) — the
    judge's own page (`judge_views`); `ScoreForm` adds the judge and entry for staff."""

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(Criterion.objects.filter(competition_id=round.competition_id))
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name}（{_('weight')} {criterion.weight}，0–{criterion.max_score}）",
                min_value=0, max_value=criterion.max_score, decimal_places=2, max_digits=6,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            )  # fmt: skip

    def values(self) -> dict:
        return {c: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ScoreForm(SheetForm):
    """One judge's sheet for one entry, typed by staff: the judge, the entry and the scores."""

    judge = forms.ModelChoiceField(label=_("judge"), queryset=Judge.objects.none())
    contestant = forms.ModelChoiceField(label=_("entry"), queryset=Contestant.objects.none())

    def __init__(self, *args, round, contestants, **kwargs):
        super().__init__(*args, round=round, **kwargs)
        self.fields["judge"].queryset = Judge.objects.filter(round=round)
        self.fields["contestant"].queryset = contestants
        self.fields["contestant"].label_from_instance = _contestant_label
        self.order_fields(["judge", "contestant"])


class AdvanceForm(forms.Form):
    count = forms.IntegerField(label=_("how many advance"), min_value=1, max_value=1000)


class AwardForm(CleanTextMixin, forms.Form):
    contestant = forms.ModelChoiceField(label=_("entry"), queryset=Contestant.objects.none())
    title = forms.CharField(label=pgettext_lazy("competition", "award"), max_length=50)
    awarded_on = forms.DateField(label=pgettext_lazy("competition", "awarded on"), widget=DATE)

    def __init__(self, *args, contestants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contestant"].queryset = contestants
        self.fields["contestant"].label_from_instance = _contestant_label


class TeamForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = ExpertTeam
        fields = ("name",)


class ExpertForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    field = forms.ChoiceField(label=pgettext_lazy("expertise", "field"), choices=Field.choices)
    organisation = forms.CharField(label=_("organisation"), max_length=100, required=False)


class VisitForm(CleanTextMixin, forms.Form):
    region = PlaceField()
    on = forms.DateField(label=_("date"), widget=DATE)
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    experts = forms.ModelMultipleChoiceField(
        label=_("experts who came"), queryset=Expert.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, team, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["experts"].queryset = Expert.objects.filter(team=team)

    def clean_region(self):
        region = self.cleaned_data["region"]
        check_place(region, self.area)
        return region


class ServedForm(CleanTextMixin, forms.Form):
    venture = forms.ModelChoiceField(label=_("venture"), queryset=Venture.objects.all(),
                                     required=False)  # fmt: skip
    person = PersonField(label=_("founder"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("venture") and not data.get("person") and not self.errors:
            raise forms.ValidationError(_("Choose a venture or give a founder."))
        return data


class ProblemForm(CleanTextMixin, forms.Form):
    served = forms.ModelChoiceField(label=_("founder"), queryset=Served.objects.none())
    field = forms.ChoiceField(label=pgettext_lazy("expertise", "field"), choices=Field.choices)
    text = forms.CharField(label=_("problem raised"), max_length=300)

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served"].queryset = Served.objects.filter(visit=visit).select_related(
            "founder", "venture"
        )
        self.fields["served"].label_from_instance = lambda s: (
            f"{s.founder.name}（{s.venture.name}）" if s.venture else s.founder.name
        )


class ProblemMoveForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=[c for c in Problem.Status.choices if c[0] != "raised"]
    )
    on = forms.DateField(label=_("solved on"), widget=DATE, required=False)
    note = forms.CharField(label=_("notes"), max_length=300, required=False)
