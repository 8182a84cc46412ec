"""Coverage of the service teams, counted from the assignments and contacts recorded.

returnees: people of the area whose registry status says they came back; assigned: people in a
member's caseload; not assigned yet: returnees without one; contacted / not contacted yet: people
assigned with at least one contact, or none; and for each thing a contact can bring (policy,
training, a job, a service), the people it was brought to. Every figure is a queryset of
workers (`rows`), so a page's number is `rows(...).count()` and links to the same people listed.
Over an area (the viewer's scoped rows), a team, or one member's caseload.
"""

from django.db.models import Count, F, Max
from django.utils.translation import gettext_lazy as _

from homeward.scoping import limit_to_area
from homeward.workers.models import Worker

from .models import RETURNEE_STATUSES, Assignment, Brought, Contact

FIGURES = (
    ("returnees", _("returnees")),
    ("assigned", _("assigned to a member")),
    ("unassigned", _("not assigned yet")),
    ("contacted", _("contacted")),
    ("not_contacted", _("not contacted yet")),
    *((code, label) for code, label in Brought.choices),
)
KEYS = tuple(key for key, _label in FIGURES)
# A member's caseload has no returnees of its own to leave unassigned.
CASELOAD_KEYS = tuple(k for k in KEYS if k not in ("returnees", "unassigned"))


def _assignments(team=None, member=None):
    assignments = Assignment.objects.all()
    if team is not None:
        assignments = assignments.filter(member__team=team)
    if member is not None:
        assignments = assignments.filter(member=member)
    return assignments


def rows(key: str, *, team=None, member=None):
    """The people behind figure `key` (over the viewer's area, a team, or a member)."""
    assignments = _assignments(team, member)
    assigned = assignments.values("worker_id")
    contacts = Contact.objects.filter(case__in=assignments)
    if key == "returnees" or key == "unassigned":
        people = Worker.objects.filter(status__in=RETURNEE_STATUSES)
        if team is not None:
            people = limit_to_area(people, team.region_id)
        if key == "unassigned":
            people = people.exclude(pk__in=Assignment.objects.values("worker_id"))
    elif key == "assigned":
        people = Worker.objects.filter(pk__in=assigned)
    elif key == "contacted":
        people = Worker.objects.filter(pk__in=contacts.values("worker_id"))
    elif key == "not_contacted":
        people = Worker.objects.filter(pk__in=assigned).exclude(pk__in=contacts.values("worker_id"))
    elif key in Brought.values:
        brought = contacts.filter(**{f"brought_{key}": True})
        people = Worker.objects.filter(pk__in=brought.values("worker_id"))
    else:
        raise KeyError(key)
    return people.select_related(
        "region", "team_assignment__member__user", "team_assignment__member__team"
    ).order_by("region_id", "name", "pk")


def figures(*, team=None, member=None, keys=KEYS) -> list[tuple[str, str, int]]:
    return [
        (key, label, rows(key, team=team, member=member).count())
        for key, label in FIGURES
        if key in keys
    ]


def caseload(member):
    """The member's people, those not contacted yet first, with their last contact."""
    return (
        Assignment.objects.filter(member=member)
        .select_related("worker", "worker__region")
        .annotate(last_contact=Max("contacts__contacted_on"), contacts_made=Count("contacts"))
        .order_by(F("last_contact").asc(nulls_first=True), "region_id", "worker__name", "pk")
    )


def per_member(team) -> list[dict]:
    """Each member of the team with their caseload's size and how many were contacted."""
    from .models import Member

    members = (
        Member.objects.filter(team=team)
        .select_related("user")
        .annotate(
            people=Count("assignments", distinct=True),
            reached=Count("assignments__contacts__worker", distinct=True),
        )
        .order_by("-active", "pk")
    )
    return list(members)
