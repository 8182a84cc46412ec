"""The writes of service teams, one named function each: a team created, a member added or taken
off, returnees assigned to a member (one person or a whole village at once: `assign_returnees`),
and a contact recorded with what it brought.

Each is atomic, audited, and refused with a Chinese message (`TeamError`), the refusal audited
too. They run in the team's area (`area_scope(team.region_id)`); staff callers must be writers of
that area (`accounts.writers.writer_of`), so a team of another area is refused even if a view
forgot to look it up through the scoped manager. Only the member a person is assigned to records
contacts with them: the caseload is theirs.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import bounds
from homeward.crypto import mask_name
from homeward.regions.models import Region
from homeward.scoping import area_scope, covers, limit_to_area
from homeward.workers.models import Worker

from .models import RETURNEE_STATUSES, Assignment, Brought, Contact, Member, Team


class TeamError(ValueError):
    """A write refused for a reason the person can act on; `field` is the form field concerned."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_staff(by, code: str, action: str, *, obj=None, request=None) -> None:
    if not writer_of(by, code, action, obj=obj, request=request):
        raise TeamError(_("This service team belongs to another area."))


def _refuse(action, message, *, by, request=None, obj=None, field=None, **detail):
    log_action(action, request=request, actor=by, obj=obj, result=Result.REFUSED, detail=detail)
    raise TeamError(message, field=field)


def returnees_of(code: str):
    """The returnees whose household village lies in `code` (the caller's area applies)."""
    return limit_to_area(Worker.objects.filter(status__in=RETURNEE_STATUSES), code)


# Teams and members ------------------------------------------------------------------------------


def create_team(*, name: str, region: Region, by, request=None) -> Team:
    _check_staff(by, region.code, "teams.team.refused", request=request)
    name = name.strip()
    if not name:
        raise TeamError(_("Give the team a name."), field="name")
    with area_scope(region.code), transaction.atomic():
        team = Team(name=name[:100], region=region, created_by=by)
        team.save()
        log_action("teams.team.created", request=request, actor=by, obj=team)
    return team


def add_member(team: Team, user, *, by, request=None) -> Member:
    """Put a staff user of the team's area on the team (again, if they had been taken off)."""
    _check_staff(by, team.region_id, "teams.member.refused", obj=team, request=request)
    if not user.is_active or not user.region_id or not covers(team.region_id, user.region_id):
        _refuse(
            "teams.member.refused",
            _("Only active staff of the team's area can be members."),
            by=by,
            request=request,
            obj=team,
            field="user",
            user=user.pk,
        )
    with area_scope(team.region_id), transaction.atomic():
        member = Member.objects.select_for_update().filter(team=team, user=user).first()
        if member is not None and member.active:
            raise TeamError(_("%(name)s is already on this team.") % {"name": user.username})
        if member is None:
            member = Member(team=team, user=user, added_by=by)
            member.save()
        else:
            member.active, member.added_by = True, by
            member.save(update_fields=["active", "added_by"])
        log_action(
            "teams.member.added",
            request=request,
            actor=by,
            obj=team,
            detail={"member": member.pk, "user": user.pk},
        )
    return member


def remove_member(member: Member, *, by, request=None) -> Member:
    """Take a member off the team; their caseload must be handed to others first."""
    team = member.team
    _check_staff(by, team.region_id, "teams.member.refused", obj=team, request=request)
    with area_scope(team.region_id), transaction.atomic():
        current = Member.objects.select_for_update().get(pk=member.pk)
        if Assignment._base_manager.filter(member=current).exists():
            raise TeamError(
                _("This member still looks after returnees: assign them to someone else first.")
            )
        current.active = False
        current.save(update_fields=["active"])
        log_action(
            "teams.member.removed",
            request=request,
            actor=by,
            obj=team,
            detail={"member": current.pk, "user": current.user_id},
        )
    return current


# Caseloads --------------------------------------------------------------------------------------


def assign_returnees(workers, member: Member, *, by, move: bool = False, request=None) -> dict:
    """Put returnees in `member`'s caseload: one person, or many at once (a village's).

    Refused whole — nothing written — when one of them is no returnee or lives outside the team's
    area, or the member is off the team. People already with this member are kept; people with
    another member are moved only with `move` (else left where they are and counted `kept`).
    Returns the counts: `assigned` (new), `moved`, `kept`.
    """
    team = member.team
    _check_staff(by, team.region_id, "teams.assignment.refused", obj=team, request=request)
    if not member.active:
        _refuse(
            "teams.assignment.refused",
            _("This member is no longer on the team."),
            by=by,
            request=request,
            obj=team,
            member=member.pk,
        )
    people = list(workers)
    for worker in people:
        if not covers(team.region_id, worker.region_id):
            _refuse(
                "teams.assignment.refused",
                _("%(name)s does not live in the team's area.") % {"name": mask_name(worker.name)},
                by=by,
                request=request,
                obj=team,
                worker=worker.pk,
                reason="outside",
            )
        if worker.status not in RETURNEE_STATUSES:
            _refuse(
                "teams.assignment.refused",
                _("%(name)s is not a returnee in the registry.") % {"name": mask_name(worker.name)},
                by=by,
                request=request,
                obj=team,
                worker=worker.pk,
                reason="not_returnee",
            )
    counts = {"assigned": 0, "moved": 0, "kept": 0}
    if not people:
        return counts
    now = timezone.now()
    with area_scope(team.region_id), transaction.atomic():
        ids = [w.pk for w in people]
        existing = {
            a.worker_id: a for a in Assignment.objects.select_for_update().filter(worker_id__in=ids)
        }
        new, moved = [], []
        for worker in people:
            current = existing.get(worker.pk)
            if current is None:
                new.append(
                    Assignment(
                        worker=worker,
                        member=member,
                        region_id=worker.region_id,
                        assigned_by=by,
                        assigned_at=now,
                    )
                )
            elif current.member_id == member.pk or not move:
                counts["kept"] += 1
            else:
                moved.append(current.pk)
        # Every row's region was checked above against the team's area (bulk skips save()).
        Assignment.objects.bulk_create(new, batch_size=500)
        if moved:
            Assignment.objects.filter(pk__in=moved).update(
                member=member, assigned_by=by, assigned_at=now
            )
        counts["assigned"], counts["moved"] = len(new), len(moved)
        log_action(
            "teams.assignment.made",
            request=request,
            actor=by,
            obj=team,
            object_repr=f"{team.name}：{member.display_name}",
            detail={"member": member.pk, **counts},
        )
    return counts


def record_contact(
    assignment: Assignment,
    *,
    by,
    contacted_on: date,
    channel: str,
    brought=(),
    note: str = "",
    recorded_at=None,
    request=None,
) -> Contact:
    """The member records a contact with a person of their caseload and what it brought.

    `recorded_at` is when it was written (now unless a loader replays a past season)."""
    member = assignment.member
    team = member.team
    _check_staff(by, assignment.region_id, "teams.contact.refused", obj=team, request=request)
    if by is not None and member.user_id != by.pk:
        _refuse(
            "teams.contact.refused",
            _("Only the member this person is assigned to records contacts with them."),
            by=by,
            request=request,
            obj=team,
            assignment=assignment.pk,
        )
    recorded_at = recorded_at or timezone.now()
    today = timezone.localtime(recorded_at).date()
    if contacted_on > today:
        raise TeamError(_("A contact cannot be dated after today."), field="contacted_on")
    if not bounds.within(contacted_on, bounds.event_window(today)):
        raise TeamError(_("Check the date of the contact."), field="contacted_on")
    if channel not in Contact.Channel.values:
        raise TeamError(_("Choose how the person was contacted."), field="channel")
    brought = set(brought)
    if brought - set(Brought.values):
        raise TeamError(_("Choose what was brought from the list."), field="brought")
    with area_scope(assignment.region_id), transaction.atomic():
        contact = Contact(
            case=assignment,
            worker_id=assignment.worker_id,
            member=member,
            region_id=assignment.region_id,
            contacted_on=contacted_on,
            channel=channel,
            note=note.strip()[:200],
            by=by,
            recorded_at=recorded_at,
            **{f"brought_{code}": code in brought for code in Brought.values},
        )
        contact.save()
        log_action(
            "teams.contact.recorded",
            request=request,
            actor=by,
            obj=team,
            object_repr=f"{team.name}：{mask_name(assignment.worker.name)}",
            detail={"assignment": assignment.pk, "brought": sorted(brought)},
        )
    return contact
