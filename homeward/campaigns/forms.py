import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.core.fields import CleanTextMixin
from homeward.jobs.models import Posting
from homeward.regions.codes import is_code
from homeward.regions.models import Region
from homeward.scoping import covers
from homeward.workers.forms import WorkerFilter, area_choices

from .audience import FILTER_FIELDS, MAX_POSTINGS
from .models import Campaign
from .text import DEFAULT_TEMPLATE, job_line, template_problems


class PostingChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, posting):
        return f"{job_line(posting)} · {posting.employer.name}"


class CampaignForm(CleanTextMixin, forms.ModelForm):
    """Compose a campaign. Only the declared fields are read (S9); the area, status and author
    are set by the service, the registry filter is stored as JSON."""

    area = forms.CharField(
        label=_("Area"),
        required=False,
        max_length=12,
        help_text=_("All: your whole area; or choose a part of it (a town, a village)."),
    )

    class Meta:
        model = Campaign
        fields = ["name", "channel", "audience", "postings", "template"]
        field_classes = {"postings": PostingChoices}
        widgets = {
            "audience": forms.RadioSelect,
            "postings": forms.CheckboxSelectMultiple,
            "template": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "template": _(
                "{name} becomes 张师傅 or 张女士, {jobs} the person's best jobs (title and wage), "
                "{link} their own link. An SMS must say how to opt out."
            ),
            "postings": _("For “the matched workers of chosen jobs”: open jobs of your area."),
        }

    def __init__(self, *args, user_area: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_area = user_area
        # Scoped: the open postings of whoever renders the form.
        self.fields["postings"].queryset = (
            Posting.objects.on_offer(timezone.localdate())
            .select_related("employer")
            .order_by("title", "pk")
        )
        # A select of the user's places (the registry list's), not a numeric code to type; the
        # code is still checked below, so a posted code outside the area is refused.
        chosen = str((self.data or {}).get("area", "") or self.instance.region_id or "").strip()
        self.fields["area"].widget = forms.Select(choices=area_choices(chosen))
        for name in FILTER_FIELDS:  # the registry list's own filter fields and choices
            self.fields[f"filter_{name}"] = copy.deepcopy(WorkerFilter.base_fields[name])
        if not self.instance.pk:
            self.initial["channel"] = self.initial.get("channel") or "sms"
            self.initial["template"] = self.initial.get("template") or DEFAULT_TEMPLATE
        else:
            self.fields["area"].initial = self.instance.region_id
            for name in FILTER_FIELDS:
                self.fields[f"filter_{name}"].initial = self.instance.audience_filter.get(name, "")

    def clean_area(self):
        area = self.cleaned_data["area"].strip() or (self.user_area or "")
        if not area:
            raise ValidationError(_("Choose the area of the campaign."))
        if not is_code(area):
            raise ValidationError(_("An area code has 2, 4, 6, 9 or 12 digits."))
        if not covers(self.user_area, area) or not Region.tree.filter(code=area).exists():
            raise ValidationError(_("Choose an area inside your own."))
        return area

    def clean(self):
        data = super().clean()
        if data.get("audience") == Campaign.Audience.MATCHED:
            postings = data.get("postings")
            if not postings:
                self.add_error("postings", _("Choose at least one job."))
            elif len(postings) > MAX_POSTINGS:
                self.add_error("postings", _("Choose at most %(n)s jobs.") % {"n": MAX_POSTINGS})
        elif "postings" in data:
            data["postings"] = Posting.objects.none()
        template, channel = data.get("template"), data.get("channel")
        if template and channel:
            for problem in template_problems(template, channel):
                self.add_error("template", problem)
        return data

    def audience_filter(self) -> dict:
        data = self.cleaned_data
        if data["audience"] != Campaign.Audience.FILTER:
            return {}
        return {name: data[f"filter_{name}"] for name in FILTER_FIELDS if data[f"filter_{name}"]}

    def values(self) -> dict:
        """The campaign's own fields, for `create_campaign` / `update_campaign`."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "channel": data["channel"],
            "audience": data["audience"],
            "template": data["template"],
            "audience_filter": self.audience_filter(),
        }
