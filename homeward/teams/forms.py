"""Forms of the service team pages: a team, a member, assigning returnees, a contact."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.accounts.models import User
from homeward.codes import bounds
from homeward.core.bounds import check_window
from homeward.core.fields import CleanTextMixin, IdNumberField
from homeward.regions.models import Region
from homeward.scoping import covers, limit_to_area

from .models import Brought, Contact, Member

TEAM_LEVELS = ("county", "town", "village")


class TeamForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("name of the team"), max_length=100)
    region = forms.ModelChoiceField(
        label=_("area"), queryset=Region.tree.none(), to_field_name="code"
    )

    def __init__(self, *args, area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        regions = Region.tree.filter(level="county")  # the whole country: its counties
        if area:
            regions = limit_to_area(Region.tree.filter(level__in=TEAM_LEVELS), area, field="code")
            if len(area) < 6:  # a city's list: its counties and towns, not every village
                regions = regions.exclude(level="village")
        self.fields["region"].queryset = regions.order_by("code")

    def clean_region(self):
        region = self.cleaned_data["region"]
        if not covers(self.area, region.code):
            raise ValidationError(_("This place is outside your area."), code="out_of_area")
        return region


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("staff member"), queryset=User.objects.none())

    def __init__(self, *args, team, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.visible_to(viewer).filter(is_active=True)
        users = limit_to_area(users, team.region_id, field="region_id").exclude(
            pk__in=Member.objects.filter(team=team, active=True).values("user_id")
        )
        self.fields["user"].queryset = users.order_by("region_id", "username")


class AssignForm(CleanTextMixin, forms.Form):
    """Returnees into a member's caseload: a whole village's, or one person by ID number."""

    member = forms.ModelChoiceField(label=_("team member"), queryset=Member.objects.none())
    village = forms.ModelChoiceField(
        label=_("all returnees of the village"),
        queryset=Region.tree.none(),
        to_field_name="code",
        required=False,
    )
    id_number = IdNumberField(label=_("or one person by ID number"), required=False)
    move = forms.BooleanField(
        label=_("also move people already assigned to another member"), required=False
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            team=team, active=True
        ).select_related("user")
        self.fields["member"].label_from_instance = lambda m: m.display_name
        villages = limit_to_area(Region.tree.filter(level="village"), team.region_id, field="code")
        self.fields["village"].queryset = villages.order_by("code")

    def clean(self):
        data = super().clean()
        if not data.get("village") and not data.get("id_number"):
            raise ValidationError(_("Choose a village or give an ID number."), code="who")
        return data


class ContactForm(CleanTextMixin, forms.Form):
    contacted_on = forms.DateField(
        label=_("contacted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    channel = forms.ChoiceField(label=_("how"), choices=Contact.Channel.choices)
    brought = forms.MultipleChoiceField(
        label=_("what was brought"),
        choices=Brought.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def clean_contacted_on(self):
        today = timezone.localdate()
        day = check_window(
            self.cleaned_data.get("contacted_on"), bounds.event_window(today), _("contacted on")
        )
        if day and day > today:
            raise ValidationError(_("A contact cannot be dated after today."), code="future")
        return day
