"""Forms of the station pages: the station (by an area administrator) and a service recorded."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.accounts.models import User
from homeward.core.fields import CleanTextMixin, IdNumberField
from homeward.crypto import hash_filter
from homeward.regions.models import Region
from homeward.scoping import covers
from homeward.workers.models import Worker

from .models import OUT_OF_CITY_SERVICES, Kind, ServiceKind, Station


class StationForm(CleanTextMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("area it belongs to"), queryset=Region.tree.none(), to_field_name="code"
    )
    place = forms.ModelChoiceField(
        label=_("destination area"),
        queryset=Region.tree.filter(level__in=("city", "county")).order_by("code"),
        to_field_name="code",
        required=False,
        help_text=_("Out-of-city stations only: the city or county where the station is."),
    )

    class Meta:
        model = Station
        fields = (
            "name",
            "kind",
            "ecommerce_type",
            "region",
            "place",
            "address",
            "hours",
            "services",
            "contact_phone",
            "latitude",
            "longitude",
            "staff",
            "active",
            "has_terminal",
        )

    def __init__(self, *args, area: str | None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        regions = Region.tree.exclude(level="province")
        if area:
            regions = regions.filter(code__startswith=area)
        self.fields["region"].queryset = regions.order_by("code")
        staff = User.objects.visible_to(user) if user is not None else User.objects.none()
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
            self.initial["place"] = self.instance.place_id
            staff = staff | self.instance.staff.all()
        self.fields["staff"].queryset = staff.filter(is_active=True).distinct().order_by("username")
        self.fields["staff"].required = False

    def clean_region(self):
        region = self.cleaned_data["region"]
        if not covers(self.area, region.code):
            raise ValidationError(_("This place is outside your area."), code="out_of_area")
        return region

    def clean(self):
        data = super().clean()
        kind, place = data.get("kind"), data.get("place")
        if kind == Kind.OUT_OF_CITY and place is None:
            self.add_error("place", _("An out-of-city station needs its destination area."))
        if kind != Kind.OUT_OF_CITY and place is not None:
            self.add_error("place", _("Only an out-of-city station has a destination area."))
        if kind != Kind.ECOMMERCE and data.get("ecommerce_type"):
            self.add_error("ecommerce_type", _("Only e-commerce job stations have this type."))
        if kind == Kind.ECOMMERCE and not data.get("ecommerce_type"):
            self.add_error("ecommerce_type", _("Choose the e-commerce station type."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data


class ServiceForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("service"), choices=ServiceKind.choices)
    on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    id_number = IdNumberField(
        label=_("ID number of the person served"),
        required=False,
        help_text=_("Leave empty for a service to no one person (e.g. a job collected)."),
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, station: Station, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station
        if station.kind == Kind.OUT_OF_CITY:
            first = [k for k in ServiceKind if k in OUT_OF_CITY_SERVICES]
            rest = [k for k in ServiceKind if k not in OUT_OF_CITY_SERVICES]
            self.fields["kind"].choices = [(k.value, k.label) for k in (*first, *rest)]
        self.initial.setdefault("on", timezone.localdate())

    def clean_on(self):
        on = self.cleaned_data["on"]
        today = timezone.localdate()
        if on > today or (today - on).days > 366:
            raise ValidationError(_("The date must be within the past year, not in the future."))
        return on

    def clean_id_number(self):
        number = self.cleaned_data.get("id_number")
        if not number:
            return None
        # Read through the scoped manager: only a person this staff member may see.
        person = Worker.objects.filter(**hash_filter(Worker, "id_number", number)).first()
        if person is None:
            raise ValidationError(_("No registered person of your area has this ID number."))
        return person


class StationAccountForm(CleanTextMixin, forms.Form):
    """A staff account of an out-of-city station; its password is made for it, shown once."""

    username = forms.CharField(
        label=_("user name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    family_name = forms.CharField(label=_("family name"), max_length=30)
    given_name = forms.CharField(label=_("given name"), max_length=30)

    def clean_username(self):
        name = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=name).exists():
            raise ValidationError(_("This user name is taken."))
        return name
