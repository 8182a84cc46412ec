"""The writes of labour cooperatives, one named function each: a cooperative set up, a member
added from the registry or leaving, a job collected (a published posting or a local order), members
dispatched to it, a dispatch closed with each member's pay or cancelled, and a member placed in a
collected posting — the hire itself through `placements.services` (apply, then hire), never here.

Each is atomic, audited and refused with a Chinese message (`CooperativeError`), the refusal
audited after the rollback. They run in the cooperative's area (`area_scope(coop.region_id)`);
staff callers must be writers of that area (`accounts.writers.writer_of`). A member must live
inside the cooperative's village or town; a person is on no two dispatches whose days overlap
(their registry rows are locked while the check and the write happen, so two clerks dispatching
the same person at once cannot both win on PostgreSQL).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import bounds
from homeward.codes.phone import is_valid as is_phone
from homeward.crypto import mask_name
from homeward.jobs.models import Posting
from homeward.placements import services as placements
from homeward.placements.models import Source
from homeward.regions.models import Region
from homeward.scoping import area_scope, covers
from homeward.workers.models import Worker

from .models import (
    DAY_PAY,
    HEADCOUNT,
    LEVELS,
    MEMBER_PAY,
    Cooperative,
    Dispatch,
    DispatchMember,
    Membership,
    Order,
    Placement,
)


class CooperativeError(ValueError):
    """A write refused for a reason the person can act on; `field` is the form field concerned."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class _Refused(Exception):
    """Raised inside a transaction; turned into an audited CooperativeError after the rollback."""

    def __init__(self, message: str, **detail) -> None:
        super().__init__(message)
        self.detail = detail


def _check_staff(by, code: str, action: str, *, obj=None, request=None) -> None:
    if not writer_of(by, code, action, obj=obj, request=request):
        raise CooperativeError(_("This cooperative belongs to another area."))


def _refuse(action, message, *, by, request=None, obj=None, field=None, **detail):
    log_action(action, request=request, actor=by, obj=obj, result=Result.REFUSED, detail=detail)
    raise CooperativeError(message, field=field)


def _check_day(day, field: str, label) -> date:
    today = timezone.localdate()
    if day is None or not bounds.within(day, bounds.event_window(today)):
        raise CooperativeError(_("Check the date: %(field)s.") % {"field": label}, field=field)
    return day


def _check_active(coop: Cooperative, action: str, *, by, request) -> None:
    if not coop.is_active:
        _refuse(
            action,
            _("This cooperative is not operating: nothing new can be recorded for it."),
            by=by,
            request=request,
            obj=coop,
            reason="not_active",
        )


def registry_skills(worker: Worker) -> str:
    """What the registry says the person can do: the occupation and the skills as written."""
    parts = [worker.get_occupation_display() if worker.occupation else worker.occupation_text]
    parts.append(worker.skills)
    return "；".join(p for p in parts if p)[:200]


# Cooperatives -----------------------------------------------------------------------------------


def save_cooperative(
    *,
    name: str,
    region: Region,
    leader_name: str,
    contact_phone: str,
    founded_on: date,
    registration_number: str = "",
    status: str = Cooperative.Status.ACTIVE,
    cooperative: Cooperative | None = None,
    by,
    request=None,
) -> Cooperative:
    """Set up a cooperative of a village or town (or change one: `cooperative`)."""
    action = "cooperatives.cooperative.refused"
    _check_staff(by, region.code, action, obj=cooperative, request=request)
    if region.level not in LEVELS:
        raise CooperativeError(_("A cooperative belongs to a village or a town."), field="region")
    if cooperative is not None and region.code != cooperative.region_id:
        _check_staff(by, cooperative.region_id, action, obj=cooperative, request=request)
    name, leader_name = name.strip(), leader_name.strip()
    if not name:
        raise CooperativeError(_("Give the cooperative a name."), field="name")
    if not leader_name:
        raise CooperativeError(_("Name the cooperative's leader."), field="leader_name")
    if not is_phone(contact_phone or ""):
        raise CooperativeError(_("Give an 11-digit mobile number."), field="contact_phone")
    if founded_on is None or founded_on > timezone.localdate():
        raise CooperativeError(_("The founding date cannot be after today."), field="founded_on")
    if not bounds.within(founded_on, bounds.history_window(timezone.localdate())):
        raise CooperativeError(_("Check the founding date."), field="founded_on")
    if status not in Cooperative.Status.values:
        raise CooperativeError(_("Choose a status from the list."), field="status")
    with area_scope(region.code), transaction.atomic():
        coop = cooperative or Cooperative(created_by=by)
        coop.name, coop.region, coop.leader_name = name[:100], region, leader_name[:50]
        coop.contact_phone, coop.founded_on = contact_phone, founded_on
        coop.registration_number, coop.status = registration_number.strip()[:50], status
        coop.save()
        log_action(
            "cooperatives.cooperative.changed"
            if cooperative
            else "cooperatives.cooperative.created",
            request=request,
            actor=by,
            obj=coop,
        )
    return coop


# Members ----------------------------------------------------------------------------------------


def add_member(
    coop: Cooperative, worker: Worker, *, joined_on: date, by, request=None
) -> Membership:
    """A registry person joins: they must live in the cooperative's village or town."""
    action = "cooperatives.member.refused"
    _check_staff(by, coop.region_id, action, obj=coop, request=request)
    _check_active(coop, action, by=by, request=request)
    if not covers(coop.region_id, worker.region_id):
        _refuse(
            action,
            _("%(name)s does not live in the cooperative's village or town.")
            % {"name": mask_name(worker.name)},
            by=by, request=request, obj=coop, worker=worker.pk, reason="outside",
        )  # fmt: skip
    _check_day(joined_on, "joined_on", _("joined the cooperative on"))
    if joined_on > timezone.localdate():
        raise CooperativeError(_("The joining date cannot be after today."), field="joined_on")
    try:
        with area_scope(coop.region_id), transaction.atomic():
            open_now = Membership.objects.select_for_update().filter(
                cooperative=coop, worker=worker, left_on__isnull=True
            )
            if open_now.exists():
                raise _Refused(
                    _("%(name)s is already a member.") % {"name": mask_name(worker.name)},
                    reason="already",
                )
            membership = Membership(
                cooperative=coop,
                worker=worker,
                skills=registry_skills(worker),
                joined_on=joined_on,
                added_by=by,
            )
            membership.save()
            log_action(
                "cooperatives.member.added",
                request=request,
                actor=by,
                obj=coop,
                object_repr=f"{coop.name}：{mask_name(worker.name)}",
                detail={"membership": membership.pk},
            )
    except _Refused as refused:
        _refuse(action, str(refused), by=by, request=request, obj=coop, **refused.detail)
    return membership


def end_membership(membership: Membership, *, left_on: date, by, request=None) -> Membership:
    coop = membership.cooperative
    action = "cooperatives.member.refused"
    _check_staff(by, coop.region_id, action, obj=coop, request=request)
    _check_day(left_on, "left_on", _("left the cooperative on"))
    if left_on < membership.joined_on or left_on > timezone.localdate():
        raise CooperativeError(
            _("The leaving date must be between the joining date and today."), field="left_on"
        )
    try:
        with area_scope(coop.region_id), transaction.atomic():
            current = Membership.objects.select_for_update().get(pk=membership.pk)
            if current.left_on is not None:
                raise _Refused(_("This person has already left."), reason="left")
            if DispatchMember.objects.filter(
                membership=current, cancelled=False, dispatch__status=Dispatch.Status.ACTIVE
            ).exists():
                raise _Refused(
                    _("This member is out on a dispatch: close it first."), reason="dispatched"
                )
            current.left_on = left_on
            current.save(update_fields=["left_on"])
            log_action(
                "cooperatives.member.left",
                request=request,
                actor=by,
                obj=coop,
                detail={"membership": current.pk},
            )
    except _Refused as refused:
        _refuse(action, str(refused), by=by, request=request, obj=coop, **refused.detail)
    return current


# Collected jobs ---------------------------------------------------------------------------------


def record_order(
    coop: Cooperative,
    *,
    starts_on: date,
    ends_on: date,
    posting: Posting | None = None,
    client: str = "",
    work: str = "",
    headcount: int | None = None,
    day_pay: Decimal | None = None,
    by,
    request=None,
) -> Order:
    """A job the cooperative collected: a published posting (client, work and headcount read
    from it), or a local order with its client, work, headcount and pay per day."""
    action = "cooperatives.order.refused"
    _check_staff(by, coop.region_id, action, obj=coop, request=request)
    _check_active(coop, action, by=by, request=request)
    _check_day(starts_on, "starts_on", _("starts on"))
    _check_day(ends_on, "ends_on", _("ends on"))
    if ends_on < starts_on:
        raise CooperativeError(_("The last day cannot be before the first."), field="ends_on")
    if posting is not None:
        if not posting.is_on_offer(timezone.localdate()):
            _refuse(
                action, _("This job posting is not published or no longer on offer."),
                by=by, request=request, obj=coop, posting=posting.pk, field="posting",
            )  # fmt: skip
        employer = posting.employer
        client, work = employer.name, posting.title
        headcount = headcount or posting.headcount
        kind = Order.Kind.POSTING
    else:
        client, work = client.strip(), work.strip()
        if not client:
            raise CooperativeError(_("Name the client of the order."), field="client")
        if not work:
            raise CooperativeError(_("Say what work the order is."), field="work")
        if day_pay is None or not day_pay.is_finite() or not DAY_PAY[0] <= day_pay <= DAY_PAY[1]:
            raise CooperativeError(_("Pay per day must be from 0 to 5000 yuan."), field="day_pay")
        kind = Order.Kind.LOCAL
    if not headcount or not HEADCOUNT[0] <= headcount <= HEADCOUNT[1]:
        raise CooperativeError(_("Headcount must be from 1 to 10000."), field="headcount")
    with area_scope(coop.region_id), transaction.atomic():
        order = Order(
            cooperative=coop, kind=kind, posting=posting, client=client[:100], work=work[:200],
            headcount=headcount, starts_on=starts_on, ends_on=ends_on,
            day_pay=day_pay.quantize(Decimal("0.01")) if day_pay is not None else None,
            recorded_by=by,
        )  # fmt: skip
        order.save()
        log_action(
            "cooperatives.order.recorded",
            request=request,
            actor=by,
            obj=coop,
            object_repr=f"{coop.name}：{order}",
            detail={"order": order.pk, "kind": kind, "posting": posting.pk if posting else None},
        )
    return order


# Dispatches -------------------------------------------------------------------------------------


def overlapping(worker_ids, starts_on: date, ends_on: date):
    """The live dispatch places of these people whose days overlap starts_on…ends_on, in any
    cooperative: the rule is about the person, so it reads past the area on purpose."""
    return DispatchMember._base_manager.filter(
        worker_id__in=worker_ids,
        cancelled=False,
        dispatch__status__in=(Dispatch.Status.ACTIVE, Dispatch.Status.CLOSED),
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )


def dispatch_members(
    order: Order,
    memberships,
    *,
    starts_on: date,
    ends_on: date,
    day_pay: Decimal | None = None,
    by,
    request=None,
) -> Dispatch:
    """Send members of the order's cooperative to it for starts_on…ends_on; refused whole when
    one is no active member or is already on a dispatch those days."""
    coop = order.cooperative
    action = "cooperatives.dispatch.refused"
    _check_staff(by, coop.region_id, action, obj=coop, request=request)
    _check_active(coop, action, by=by, request=request)
    _check_day(starts_on, "starts_on", _("starts on"))
    _check_day(ends_on, "ends_on", _("ends on"))
    if ends_on < starts_on:
        raise CooperativeError(_("The last day cannot be before the first."), field="ends_on")
    day_pay = order.day_pay if day_pay is None else day_pay
    if day_pay is None or not day_pay.is_finite() or not DAY_PAY[0] <= day_pay <= DAY_PAY[1]:
        raise CooperativeError(_("Pay per day must be from 0 to 5000 yuan."), field="day_pay")
    people = list(memberships)
    if not people:
        raise CooperativeError(_("Choose the members to send."), field="members")
    for membership in people:
        if membership.cooperative_id != coop.pk or not membership.is_active:
            _refuse(
                action,
                _("%(name)s is not a member of this cooperative.")
                % {"name": mask_name(membership.worker.name)},
                by=by, request=request, obj=coop, membership=membership.pk, reason="not_member",
                field="members",
            )  # fmt: skip
    try:
        with area_scope(coop.region_id), transaction.atomic():
            ids = sorted(m.worker_id for m in people)
            # Lock the people (one order: by id) so a second dispatch of them waits for this one.
            list(Worker._base_manager.select_for_update().filter(pk__in=ids).order_by("pk"))
            busy = overlapping(ids, starts_on, ends_on).select_related("worker").first()
            if busy is not None:
                raise _Refused(
                    _("%(name)s is already on a dispatch from %(start)s to %(end)s.")
                    % {
                        "name": mask_name(busy.worker.name),
                        "start": busy.starts_on.isoformat(),
                        "end": busy.ends_on.isoformat(),
                    },
                    reason="overlap",
                    worker=busy.worker_id,
                )
            dispatch = Dispatch(
                cooperative=coop, order=order, starts_on=starts_on, ends_on=ends_on,
                day_pay=day_pay.quantize(Decimal("0.01")), sent_by=by,
            )  # fmt: skip
            dispatch.save()
            for membership in people:
                DispatchMember(
                    dispatch=dispatch, membership=membership, worker_id=membership.worker_id,
                    starts_on=starts_on, ends_on=ends_on,
                ).save()  # fmt: skip
            log_action(
                "cooperatives.dispatch.sent",
                request=request,
                actor=by,
                obj=coop,
                object_repr=f"{coop.name}：{order}",
                detail={"dispatch": dispatch.pk, "members": len(people)},
            )
    except _Refused as refused:
        _refuse(
            action, str(refused), by=by, request=request, obj=coop, field="members",
            **refused.detail,
        )  # fmt: skip
    return dispatch


def close_dispatch(dispatch: Dispatch, pay: dict, *, by, request=None) -> Dispatch:
    """Close a dispatch with what each member got: `pay` maps each DispatchMember id to
    (days worked, pay in yuan). Every member on it must be given; nothing is written otherwise."""
    coop = dispatch.cooperative
    action = "cooperatives.dispatch.refused"
    _check_staff(by, coop.region_id, action, obj=coop, request=request)
    try:
        with area_scope(coop.region_id), transaction.atomic():
            current = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
            if current.status != Dispatch.Status.ACTIVE:
                raise _Refused(_("This dispatch is already closed."), reason="closed")
            people = list(
                current.people.filter(cancelled=False).select_related("worker").order_by("pk")
            )
            for person in people:
                days, amount = pay.get(person.pk, (None, None))
                name = mask_name(person.worker.name)
                if days is None or not 0 <= days <= current.days:
                    raise _Refused(
                        _("Days worked of %(name)s must be from 0 to %(days)s.")
                        % {"name": name, "days": current.days},
                        reason="days",
                    )
                if (
                    amount is None
                    or not amount.is_finite()
                    or not (MEMBER_PAY[0] <= amount <= MEMBER_PAY[1])
                ):
                    raise _Refused(
                        _("Give the pay of %(name)s in yuan (0 to 200000).") % {"name": name},
                        reason="pay",
                    )
                person.days_worked, person.pay = days, amount.quantize(Decimal("0.01"))
                person.save(update_fields=["days_worked", "pay"])
            current.status, current.closed_by = Dispatch.Status.CLOSED, by
            current.closed_at = timezone.now()
            current.save(update_fields=["status", "closed_by", "closed_at"])
            log_action(
                "cooperatives.dispatch.closed",
                request=request,
                actor=by,
                obj=coop,
                detail={
                    "dispatch": current.pk,
                    "members": len(people),
                    "paid": str(sum((p.pay for p in people), Decimal("0.00"))),
                },
            )
    except _Refused as refused:
        _refuse(action, str(refused), by=by, request=request, obj=coop, **refused.detail)
    return current


def cancel_dispatch(dispatch: Dispatch, *, by, request=None) -> Dispatch:
    coop = dispatch.cooperative
    action = "cooperatives.dispatch.refused"
    _check_staff(by, coop.region_id, action, obj=coop, request=request)
    try:
        with area_scope(coop.region_id), transaction.atomic():
            current = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
            if current.status != Dispatch.Status.ACTIVE:
                raise _Refused(_("This dispatch is already closed."), reason="closed")
            current.status, current.closed_by = Dispatch.Status.CANCELLED, by
            current.closed_at = timezone.now()
            current.save(update_fields=["status", "closed_by", "closed_at"])
            current.people.update(cancelled=True)  # rows of this dispatch: its area, checked
            log_action(
                "cooperatives.dispatch.cancelled",
                request=request,
                actor=by,
                obj=coop,
                detail={"dispatch": current.pk},
            )
    except _Refused as refused:
        _refuse(action, str(refused), by=by, request=request, obj=coop, **refused.detail)
    return current


# Placements -------------------------------------------------------------------------------------


def place_member(
    order: Order,
    membership: Membership,
    *,
    hired_on: date,
    contract_months: int,
    by,
    request=None,
) -> Placement:
    """A member hired in a posting the cooperative collected: the application and the hire are
    written by `placements.services` (its one path: apply, then hire with the worker's status),
    and the cooperative's link to that application here."""
    coop = order.cooperative
    action = "cooperatives.placement.refused"
    _check_staff(by, coop.region_id, action, obj=coop, request=request)
    if order.posting_id is None:
        _refuse(
            action, _("Only a collected job posting leads to a hire; a local order is dispatched."),
            by=by, request=request, obj=coop, order=order.pk,
        )  # fmt: skip
    if membership.cooperative_id != coop.pk or not membership.is_active:
        _refuse(
            action,
            _("%(name)s is not a member of this cooperative.")
            % {"name": mask_name(membership.worker.name)},
            by=by, request=request, obj=coop, membership=membership.pk, field="membership",
        )  # fmt: skip
    label = f"staff:{by.username}" if by is not None else "cooperative"
    posting = Posting._base_manager.select_related("employer").get(pk=order.posting_id)
    worker = Worker._base_manager.get(pk=membership.worker_id)
    try:
        application, _new = placements.apply(
            worker, posting, source=Source.STAFF, note=coop.name[:100], by=label, actor=by,
            request=request,
        )  # fmt: skip
        if application.status != "hired":
            application = placements.hire(
                application, hired_on=hired_on, contract_months=contract_months, by=label,
                actor=by, request=request,
            )  # fmt: skip
    except placements.ApplicationError as error:
        _refuse(action, str(error), by=by, request=request, obj=coop, order=order.pk)
    with area_scope(coop.region_id), transaction.atomic():
        placement = Placement.objects.filter(application=application).first()
        if placement is None:
            placement = Placement(
                cooperative=coop, order=order, membership=membership, application=application,
                placed_by=by,
            )  # fmt: skip
            placement.save()
            log_action(
                "cooperatives.placement.recorded",
                request=request,
                actor=by,
                obj=coop,
                object_repr=f"{coop.name}：{mask_name(worker.name)}",
                detail={"placement": placement.pk, "application": application.pk},
            )
    return placement


def dispatched_by(worker_ids) -> set[int]:
    """People out on a live dispatch today (for the pages' "busy" mark)."""
    today = timezone.localdate()
    return set(
        overlapping(worker_ids, today, today)
        .filter(dispatch__status=Dispatch.Status.ACTIVE)
        .values_list("worker_id", flat=True)
    )
