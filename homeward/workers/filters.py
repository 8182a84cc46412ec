"""The registry's filters, in one place: what the worker list filters by, and what a campaign's
audience is saved as (a dict of these names to chosen values, applied by
`WorkerQuerySet.filtered`).

Each choice filter has a label and its choices; `workers.forms.WorkerFilter` builds its fields
from them and `campaigns` words a saved filter with `describe` — no domain module needs a form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import occupations
from .models import EmploymentStatus, Intention, LowIncome, ServiceNeed


@dataclass(frozen=True)
class ChoiceFilter:
    label: str
    choices: list[tuple[str, str]]


ALL = ("", _("all"))
CHOICE_FILTERS = {
    "status": ChoiceFilter(_("employment status"), [ALL, *EmploymentStatus.choices]),
    "intention": ChoiceFilter(_("job intention"), [ALL, *Intention.choices]),
    "occupation": ChoiceFilter(_("occupation"), [ALL, *occupations.CHOICES]),
    "low_income": ChoiceFilter(
        _("low-income household"), [ALL, ("any", _("any kind")), *LowIncome.choices]
    ),
    "need": ChoiceFilter(_("service needs"), [ALL, *ServiceNeed.choices]),
}


def describe(data: dict) -> list[str]:
    """A saved filter in words, one per chosen filter: 服务需求：技能培训."""
    words = []
    for name, value in data.items():
        spec = CHOICE_FILTERS.get(name)
        if spec is None or not value:
            continue
        shown = dict(spec.choices).get(value, value)
        words.append(gettext("%(label)s: %(value)s") % {"label": spec.label, "value": shown})
    return words


def field(name: str) -> dict:
    """The keyword arguments of the form field of choice filter `name`."""
    spec = CHOICE_FILTERS[name]
    return {"label": spec.label, "choices": spec.choices, "required": False}
