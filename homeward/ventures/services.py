"""Every write of returnee ventures, one named function each: atomic, audited (refusals too, after
the rollback), refused with a Chinese `VentureError` naming its form field.

    register_venture  the founder (a registry person of the area) and the business, found by its
                      credit code or registered as an employer; the founder's status becomes
                      返乡创业 from the day the venture started
    record_employee   a person the venture employs without a posting (hires through its postings
                      are placements')
    record_support    guidance, a mentor's visit, … (loans, subsidies, training: their apps)
    save_park · move_into_park (the park row locked: never over its capacity)
    save_liaison · assign_liaison · record_contact (the problem raised and when it was solved)
    create_showcase · add_entry · cast_vote (the portal: one vote per verified phone per day,
                      flagged by `tally.flags`)
    create_alliance · add_member · member_left · record_event (founders' alliances: members
                      joining and leaving, meetings, trainings, exchanges and who came)

Readers: `jobs_of` (the jobs a venture created, counted from records) and `support_of`.
Staff callers are checked against the record's area (`accounts.writers.writer_of`); portal
people (`by=None`) are checked by the caller's ownership filters.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import client_address, log_action
from homeward.codes import uscc as uscc_codes
from homeward.crypto import TEXT, lookup_hash, mask_phone
from homeward.employers.models import Employer
from homeward.scoping import area_of, area_scope, covers
from homeward.workers.models import EmploymentStatus, Source

from . import tally
from .models import (
    Alliance,
    AllianceEvent,
    Assignment,
    Contact,
    Employee,
    Entry,
    Liaison,
    Membership,
    Park,
    Showcase,
    Support,
    Tenancy,
    Venture,
    Vote,
)


class VentureError(ValueError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.audit = None


def _refuse(action, message, *, by=None, request=None, obj=None, field=None, detail=None):
    error = VentureError(message, field=field)
    error.audit = {"action": action, "request": request, "actor": by, "obj": obj,
                   "detail": {"why": message, **(detail or {})}}  # fmt: skip
    raise error


def audited(function):
    """Write a refusal's audit row once the transaction it was raised in has rolled back."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except VentureError as error:
            audit, error.audit = error.audit, None
            if audit is not None:
                obj = audit["obj"]
                log_action(
                    audit["action"], request=audit["request"], actor=audit["actor"],
                    obj=obj if obj is not None and obj.pk else None, result=Result.REFUSED,
                    detail=audit["detail"],
                )  # fmt: skip
            raise

    return wrapper


def _check_staff(by, code: str, action: str, *, request=None, obj=None) -> None:
    """A read-only user: PermissionDenied (audited); one outside the record's area: refused."""
    if not writer_of(by, code, action, obj=obj, request=request):
        raise VentureError("该记录属于其他地区。")


def _check_day(day, field: str, action: str, *, by, request, obj=None, not_before=None):
    today = timezone.localdate()
    if day is None or day > today or day.year < 1950:
        _refuse(action, "日期不能晚于今天。", by=by, request=request, obj=obj, field=field)
    if not_before is not None and day < not_before:
        _refuse(
            action, f"日期不能早于 {not_before:%Y-%m-%d}。", by=by, request=request, obj=obj,
            field=field,
        )  # fmt: skip


# Ventures -------------------------------------------------------------------------------------


@audited
def register_venture(
    *, founder, name: str, kind: str, credit_code: str, industry: str, region, started_on: date,
    description: str = "", by, request=None,
) -> Venture:  # fmt: skip
    """A returnee's venture: the business found by its credit code (it must be of the area) or
    registered as an employer; the founder's status 返乡创业 from `started_on`."""
    action = "ventures.venture.refused"
    code = getattr(region, "code", region)
    _check_staff(by, code, "ventures.write.refused", request=request)
    if by is not None and not covers(area_of(by), founder.region_id):
        _refuse(action, "创业者不在你的辖区内。", by=by, request=request, field="founder")
    if len(code) not in (9, 12):
        _refuse(action, "请选择乡镇或村。", by=by, request=request, field="region")
    _check_day(started_on, "started_on", action, by=by, request=request)
    try:
        parsed = uscc_codes.parse(credit_code)
    except uscc_codes.InvalidUscc as error:
        _refuse(action, error.reason, by=by, request=request, field="credit_code")
    with transaction.atomic():
        employer = Employer._base_manager.filter(uscc=parsed.code).first()
        if employer is None:
            employer = Employer(
                name=name.strip()[:200], uscc=parsed.code, industry=industry, region_id=code,
                contact_person=founder.name[:50],
            )  # fmt: skip
            employer.save()
            log_action("ventures.employer.registered", request=request, actor=by, obj=employer)
        elif by is not None and not covers(area_of(by), employer.region_id):
            _refuse(
                action, "该信用代码的企业属于其他地区。", by=by, request=request,
                field="credit_code",
            )  # fmt: skip
        elif Venture._base_manager.filter(employer=employer).exists():
            _refuse(
                action, "该企业已登记为返乡创业项目。", by=by, request=request, field="credit_code"
            )
        venture = Venture(
            name=name.strip()[:100], kind=kind, founder=founder, employer=employer,
            industry=industry, region_id=code, started_on=started_on,
            description=description.strip()[:300], created_by=by,
        )  # fmt: skip
        venture.save()
        from homeward.workers.services import record_status

        with area_scope(founder.region_id):
            record_status(
                founder, status=EmploymentStatus.RETURNED_ENTREPRENEUR, occurred_on=started_on,
                source=Source.STAFF, by=by, work_place=venture.name[:200],
                note=f"返乡创业：{venture.name}"[:200],
            )  # fmt: skip
        log_action("ventures.venture.registered", request=request, actor=by, obj=venture)
    return venture


@audited
def record_employee(venture: Venture, worker, *, started_on: date, by, request=None) -> Employee:
    action = "ventures.employee.refused"
    _check_staff(by, venture.region_id, "ventures.write.refused", request=request, obj=venture)
    if worker.pk == venture.founder_id:
        _refuse(action, "创业者本人不算带动就业。", by=by, request=request, obj=venture,
                field="person")  # fmt: skip
    _check_day(started_on, "started_on", action, by=by, request=request, obj=venture,
               not_before=venture.started_on)  # fmt: skip
    try:
        with transaction.atomic():
            employee = Employee(
                venture=venture, worker=worker, started_on=started_on, recorded_by=by
            )
            employee.save()
    except IntegrityError:
        _refuse(action, "此人已记录为该项目的员工。", by=by, request=request, obj=venture,
                field="person")  # fmt: skip
    log_action(
        "ventures.employee.recorded", request=request, actor=by, obj=venture,
        detail={"worker": worker.pk},
    )  # fmt: skip
    return employee


@audited
def record_support(venture: Venture, *, kind: str, on: date, note: str = "", by, request=None):
    _check_staff(by, venture.region_id, "ventures.write.refused", request=request, obj=venture)
    _check_day(on, "on", "ventures.support.refused", by=by, request=request, obj=venture)
    with transaction.atomic():
        support = Support(venture=venture, kind=kind, on=on, note=note.strip()[:300], by=by)
        support.save()
        log_action(
            "ventures.support.recorded", request=request, actor=by, obj=venture,
            detail={"kind": kind},
        )  # fmt: skip
    return support


# Parks ----------------------------------------------------------------------------------------


@audited
def save_park(park: Park, *, by, request=None) -> Park:
    adding = park.pk is None
    _check_staff(by, park.region_id, "ventures.write.refused", request=request, obj=park)
    if not adding:
        tenants = Tenancy._base_manager.filter(park=park, moved_out_on__isnull=True).count()
        if park.capacity < tenants:
            _refuse(
                "ventures.park.refused", f"园区现有 {tenants} 个入驻项目，容量不能少于此数。",
                by=by, request=request, obj=park, field="capacity",
            )  # fmt: skip
    with area_scope(park.region_id), transaction.atomic():
        park.save()
        log_action(
            "ventures.park.created" if adding else "ventures.park.changed",
            request=request, actor=by, obj=park,
        )  # fmt: skip
    return park


def tenants_of(park: Park):
    return Tenancy._base_manager.filter(park=park, moved_out_on__isnull=True)


@audited
def move_into_park(venture: Venture, park: Park, *, on: date, by, request=None) -> Tenancy:
    """The venture moves into `park` (out of the one it was in): refused when the park is full."""
    action = "ventures.tenancy.refused"
    _check_staff(by, venture.region_id, "ventures.write.refused", request=request, obj=venture)
    if not covers(park.region_id, venture.region_id):
        _refuse(action, "该园区不在项目所在地区。", by=by, request=request, obj=venture,
                field="park")  # fmt: skip
    _check_day(on, "on", action, by=by, request=request, obj=venture)
    with transaction.atomic():
        locked = Park._base_manager.select_for_update().get(pk=park.pk)
        current = Tenancy._base_manager.filter(venture=venture, moved_out_on__isnull=True).first()
        if current is not None and current.park_id == park.pk:
            _refuse(action, "该项目已在此园区。", by=by, request=request, obj=venture,
                    field="park")  # fmt: skip
        if tenants_of(locked).count() >= locked.capacity:
            _refuse(
                action, f"{locked.name}已满（{locked.capacity} 个位置）。", by=by,
                request=request, obj=venture, field="park",
            )  # fmt: skip
        if current is not None:
            if on < current.moved_in_on:
                _refuse(action, "迁入日期早于上一次入驻日期。", by=by, request=request,
                        obj=venture, field="on")  # fmt: skip
            current.moved_out_on = on
            Tenancy._base_manager.filter(pk=current.pk).update(moved_out_on=on)
        with area_scope(locked.region_id):
            tenancy = Tenancy(park=locked, venture=venture, moved_in_on=on)
            tenancy.save()
        log_action(
            "ventures.tenancy.started", request=request, actor=by, obj=venture,
            detail={"park": locked.pk},
        )  # fmt: skip
    return tenancy


# Liaison officers -----------------------------------------------------------------------------


@audited
def save_liaison(liaison: Liaison, *, by, request=None) -> Liaison:
    adding = liaison.pk is None
    _check_staff(by, liaison.region_id, "ventures.write.refused", request=request, obj=liaison)
    if liaison.user_id and not covers(liaison.region_id, liaison.user.region_id or "-"):
        _refuse("ventures.liaison.refused", "该员工账号不在此地区。", by=by, request=request,
                field="user")  # fmt: skip
    with area_scope(liaison.region_id), transaction.atomic():
        liaison.save()
        log_action(
            "ventures.liaison.created" if adding else "ventures.liaison.changed",
            request=request, actor=by, obj=liaison,
        )  # fmt: skip
    return liaison


@audited
def assign_liaison(venture: Venture, liaison: Liaison, *, on: date, by, request=None):
    action = "ventures.assignment.refused"
    _check_staff(by, venture.region_id, "ventures.write.refused", request=request, obj=venture)
    if not covers(liaison.region_id, venture.region_id):
        _refuse(action, "该联络员不负责项目所在地区。", by=by, request=request, obj=venture,
                field="liaison")  # fmt: skip
    _check_day(on, "on", action, by=by, request=request, obj=venture)
    try:
        with transaction.atomic():
            assignment = Assignment(liaison=liaison, venture=venture, assigned_on=on, by=by)
            assignment.save()
    except IntegrityError:
        _refuse(action, "该联络员已联系此项目。", by=by, request=request, obj=venture,
                field="liaison")  # fmt: skip
    log_action(
        "ventures.liaison.assigned", request=request, actor=by, obj=venture,
        detail={"liaison": liaison.pk},
    )  # fmt: skip
    return assignment


@audited
def record_contact(
    assignment: Assignment, *, on: date, way: str, note: str = "", problem: str = "",
    solved_on: date | None = None, by, request=None,
) -> Contact:  # fmt: skip
    action = "ventures.contact.refused"
    venture = assignment.venture
    _check_staff(by, venture.region_id, "ventures.write.refused", request=request, obj=venture)
    _check_day(on, "on", action, by=by, request=request, obj=venture,
               not_before=assignment.assigned_on)  # fmt: skip
    if solved_on is not None:
        if not problem.strip():
            _refuse(action, "请先写明解决的问题。", by=by, request=request, obj=venture,
                    field="problem")  # fmt: skip
        _check_day(solved_on, "solved_on", action, by=by, request=request, obj=venture,
                   not_before=on)  # fmt: skip
    with transaction.atomic():
        contact = Contact(
            assigned=assignment, on=on, way=way, note=note.strip()[:500],
            problem=problem.strip()[:300], solved_on=solved_on, by=by,
        )  # fmt: skip
        contact.save()
        log_action(
            "ventures.contact.recorded", request=request, actor=by, obj=venture,
            detail={"solved": solved_on is not None},
        )  # fmt: skip
    return contact


@audited
def mark_solved(contact: Contact, *, on: date, by, request=None) -> Contact:
    venture = contact.assigned.venture
    _check_staff(by, venture.region_id, "ventures.write.refused", request=request, obj=venture)
    if not contact.problem or contact.solved_on is not None:
        _refuse("ventures.contact.refused", "这条记录没有待解决的问题。", by=by, request=request,
                obj=venture)  # fmt: skip
    _check_day(on, "solved_on", "ventures.contact.refused", by=by, request=request, obj=venture,
               not_before=contact.on)  # fmt: skip
    with transaction.atomic():
        Contact._base_manager.filter(pk=contact.pk, solved_on__isnull=True).update(solved_on=on)
        contact.solved_on = on
        log_action("ventures.problem.solved", request=request, actor=by, obj=venture)
    return contact


# Showcases and the vote -----------------------------------------------------------------------


@audited
def create_showcase(showcase: Showcase, *, by, request=None) -> Showcase:
    _check_staff(by, showcase.region_id, "ventures.write.refused", request=request)
    if showcase.closes_on < showcase.opens_on:
        _refuse("ventures.showcase.refused", "截止日期不能早于开始日期。", by=by, request=request,
                field="closes_on")  # fmt: skip
    with area_scope(showcase.region_id), transaction.atomic():
        showcase.created_by = by
        showcase.save()
        log_action("ventures.showcase.created", request=request, actor=by, obj=showcase)
    return showcase


@audited
def add_entry(showcase: Showcase, venture: Venture, *, blurb: str = "", by, request=None):
    action = "ventures.entry.refused"
    _check_staff(by, showcase.region_id, "ventures.write.refused", request=request, obj=showcase)
    if not covers(showcase.region_id, venture.region_id):
        _refuse(action, "该项目不在评选地区内。", by=by, request=request, obj=showcase,
                field="venture")  # fmt: skip
    if Vote._base_manager.filter(showcase=showcase).exists():
        _refuse(action, "投票已开始，不能再增加参选项目。", by=by, request=request, obj=showcase,
                field="venture")  # fmt: skip
    try:
        with area_scope(showcase.region_id), transaction.atomic():
            entry = Entry(showcase=showcase, venture=venture, blurb=blurb.strip()[:300])
            entry.save()
    except IntegrityError:
        _refuse(action, "该项目已参选。", by=by, request=request, obj=showcase, field="venture")
    log_action(
        "ventures.entry.added", request=request, actor=by, obj=showcase,
        detail={"venture": venture.pk},
    )  # fmt: skip
    return entry


@audited
def cast_vote(entry: Entry, worker, *, request=None, now=None) -> Vote:
    """A signed-in person's vote (the portal): one per verified phone per day — the phone of the
    portal account they signed in with (two people sharing one phone share its one vote a day) —
    while the showcase is open, in a showcase of their home area. Flagged, never refused, when it
    looks like a burst or a new number (`tally.flags`)."""
    from homeward.workers.models import WorkerAccount

    action = "ventures.vote.refused"
    showcase = entry.showcase
    now = now or timezone.now()
    day = timezone.localdate(now)
    if not showcase.is_open_on(day):
        _refuse(action, "该评选现在不在投票时间内。", request=request, obj=showcase)
    if not covers(showcase.region_id, worker.region_id):
        _refuse(action, "这项评选只由本地区的人投票。", request=request, obj=showcase)
    account = WorkerAccount._base_manager.filter(worker=worker).first()
    if account is None or not account.phone_hash:
        _refuse(action, "请先用已验证的手机号登录再投票。", request=request, obj=showcase)
    address = client_address(request) if request is not None else None
    address_hash = lookup_hash(TEXT, address) if address else ""
    with area_scope(showcase.region_id):
        try:
            with transaction.atomic():
                Showcase._base_manager.select_for_update().get(pk=showcase.pk)
                if Vote._base_manager.filter(
                    showcase=showcase, phone_hash=account.phone_hash, day=day
                ).exists():
                    raise IntegrityError
                before = []
                if address_hash:
                    before = Vote._base_manager.filter(
                        showcase=showcase, address_hash=address_hash,
                        cast_at__gte=now - tally.BURST_WINDOW,
                    ).values_list("cast_at", flat=True)  # fmt: skip
                vote = Vote(
                    showcase=showcase, entry=entry, worker=worker, address_hash=address_hash,
                    phone_hash=account.phone_hash, phone_masked=mask_phone(account.phone),
                    day=day, cast_at=now,
                    flags=tally.flags(
                        cast_at=now, same_address_before=list(before),
                        account_created_at=account.created_at,
                    ),
                )  # fmt: skip
                vote.save()
        except IntegrityError:
            _refuse(action, "今天已经投过票了，明天再来。", request=request, obj=showcase)
    log_action(
        "ventures.vote.cast", request=request, obj=showcase,
        detail={"entry": entry.pk, "flags": vote.flags},
    )  # fmt: skip
    return vote


def todays_votes(worker, *, now=None) -> dict[int, Vote]:
    """Today's vote of the phone of the person's portal account, by showcase id."""
    from homeward.workers.models import WorkerAccount

    account = WorkerAccount._base_manager.filter(worker=worker).only("phone_hash").first()
    if account is None or not account.phone_hash:
        return {}
    votes = Vote._base_manager.filter(
        phone_hash=account.phone_hash, day=timezone.localdate(now or timezone.now())
    )
    return {vote.showcase_id: vote for vote in votes}


def results(showcase: Showcase) -> list[tally.Result]:
    votes = Vote._base_manager.filter(showcase=showcase).values_list("entry_id", "pk", "flags")
    entry_ids = Entry._base_manager.filter(showcase=showcase).values_list("pk", flat=True)
    return tally.count(list(entry_ids), list(votes))


# Founders' alliances -------------------------------------------------------------------------


@audited
def create_alliance(alliance: Alliance, *, by, request=None) -> Alliance:
    _check_staff(by, alliance.region_id, "ventures.write.refused", request=request)
    _check_day(alliance.founded_on, "founded_on", "ventures.alliance.refused", by=by,
               request=request)  # fmt: skip
    with area_scope(alliance.region_id), transaction.atomic():
        alliance.created_by = by
        alliance.save()
        log_action("ventures.alliance.created", request=request, actor=by, obj=alliance)
    return alliance


@audited
def add_member(
    alliance: Alliance, *, founder=None, venture: Venture | None = None, joined_on: date, by,
    request=None,
) -> Membership:  # fmt: skip
    """A founder joins (with their venture when `venture` is given: its founder joins)."""
    action = "ventures.member.refused"
    _check_staff(by, alliance.region_id, "ventures.write.refused", request=request, obj=alliance)
    if venture is not None:
        founder = venture.founder
    if founder is None:
        _refuse(action, "请填写加入的创业者或创业项目。", by=by, request=request, obj=alliance,
                field="person")  # fmt: skip
    if not covers(alliance.region_id, founder.region_id) and not (
        venture is not None and covers(alliance.region_id, venture.region_id)
    ):
        _refuse(action, "该创业者不在联盟所在地区。", by=by, request=request, obj=alliance,
                field="person")  # fmt: skip
    _check_day(joined_on, "joined_on", action, by=by, request=request, obj=alliance,
               not_before=alliance.founded_on)  # fmt: skip
    try:
        with area_scope(alliance.region_id), transaction.atomic():
            member = Membership(alliance=alliance, founder=founder, venture=venture,
                                joined_on=joined_on)  # fmt: skip
            member.save()
    except IntegrityError:
        _refuse(action, "该创业者已是联盟成员。", by=by, request=request, obj=alliance,
                field="person")  # fmt: skip
    log_action(
        "ventures.member.joined", request=request, actor=by, obj=alliance,
        detail={"founder": founder.pk, "venture": venture.pk if venture else None},
    )  # fmt: skip
    return member


@audited
def member_left(member: Membership, *, on: date, by, request=None) -> Membership:
    action = "ventures.member.refused"
    alliance = member.alliance
    _check_staff(by, alliance.region_id, "ventures.write.refused", request=request, obj=alliance)
    _check_day(on, "left_on", action, by=by, request=request, obj=alliance,
               not_before=member.joined_on)  # fmt: skip
    with area_scope(alliance.region_id), transaction.atomic():
        locked = Membership._base_manager.select_for_update().get(pk=member.pk)
        if locked.left_on is not None:
            _refuse(action, "该成员已退出联盟。", by=by, request=request, obj=alliance,
                    field="left_on")  # fmt: skip
        locked.left_on = on
        locked.save(update_fields=["left_on"])
        log_action("ventures.member.left", request=request, actor=by, obj=alliance,
                   detail={"founder": locked.founder_id})  # fmt: skip
    return locked


@audited
def record_event(
    alliance: Alliance, *, kind: str, title: str, on: date, place: str, attendees, by,
    request=None,
) -> AllianceEvent:  # fmt: skip
    """A meeting, training or exchange; its attendees are members of the alliance on that day."""
    action = "ventures.alliance_event.refused"
    _check_staff(by, alliance.region_id, "ventures.write.refused", request=request, obj=alliance)
    _check_day(on, "on", action, by=by, request=request, obj=alliance,
               not_before=alliance.founded_on)  # fmt: skip
    attendees = list(attendees)
    for member in attendees:
        if (
            member.alliance_id != alliance.pk
            or member.joined_on > on
            or (member.left_on is not None and member.left_on < on)
        ):
            _refuse(action, "参加者须是活动当天的联盟成员。", by=by, request=request,
                    obj=alliance, field="attendees")  # fmt: skip
    with area_scope(alliance.region_id), transaction.atomic():
        event = AllianceEvent(alliance=alliance, kind=kind, title=title.strip()[:100], on=on,
                              place=place.strip()[:100], by=by)  # fmt: skip
        event.save()
        event.attendees.set(attendees)
        log_action(
            "ventures.alliance_event.recorded", request=request, actor=by, obj=alliance,
            detail={"event": event.pk, "attendees": len(attendees)},
        )  # fmt: skip
    return event


def alliance_figures(alliance: Alliance, *, year: int) -> dict[str, list]:
    """The figures of an alliance, each as the rows it counts: the members now, the events of
    `year` and the members who came to at least one of them."""
    members = Membership._base_manager.filter(alliance=alliance, left_on__isnull=True)
    events = AllianceEvent._base_manager.filter(alliance=alliance, on__year=year)
    attendees = Membership._base_manager.filter(alliance=alliance, events__in=events).distinct()
    return {
        "members": list(members.select_related("founder", "venture")),
        "events": list(events),
        "attendees": list(attendees.select_related("founder", "venture")),
    }


# Readers: jobs created and support received ---------------------------------------------------


@dataclass
class Job:
    worker: object
    since: date
    source: str  # "hire" (placements) or "employee" (recorded here)
    ref: int

    @property
    def low_income(self) -> bool:
        return bool(self.worker.low_income)


def _hires(employer_ids):
    """Hires through the businesses' postings: people hired from anywhere, read past the area
    of the viewer on purpose (the venture is of the area; the people are shown masked)."""
    from homeward.placements.models import Application, Status

    return Application._base_manager.filter(
        posting__employer_id__in=list(employer_ids), status=Status.HIRED
    ).select_related("worker", "posting")


def jobs_of(venture: Venture) -> list[Job]:
    """The jobs the venture created: people hired through its business's postings since it
    started, and people it recorded as employees; each person once, the founder never."""
    jobs: dict[int, Job] = {}
    for application in _hires([venture.employer_id]):
        if application.hired_on and application.hired_on >= venture.started_on:
            jobs.setdefault(
                application.worker_id,
                Job(application.worker, application.hired_on, "hire", application.pk),
            )
    for employee in Employee._base_manager.filter(venture=venture).select_related("worker"):
        known = jobs.get(employee.worker_id)
        if known is None or employee.started_on < known.since:
            jobs[employee.worker_id] = Job(
                employee.worker, employee.started_on, "employee", employee.pk
            )
    jobs.pop(venture.founder_id, None)
    return sorted(jobs.values(), key=lambda j: (j.since, j.worker.pk))


def jobs_by_venture(ventures) -> dict[int, list[Job]]:
    """`jobs_of` for many ventures with two queries."""
    ventures = list(ventures)
    by_employer = {v.employer_id: v for v in ventures}
    out: dict[int, dict[int, Job]] = {v.pk: {} for v in ventures}
    for application in _hires(by_employer):
        venture = by_employer[application.posting.employer_id]
        if application.hired_on and application.hired_on >= venture.started_on:
            out[venture.pk].setdefault(
                application.worker_id,
                Job(application.worker, application.hired_on, "hire", application.pk),
            )
    employees = Employee._base_manager.filter(venture__in=[v.pk for v in ventures])
    for employee in employees.select_related("worker"):
        known = out[employee.venture_id].get(employee.worker_id)
        if known is None or employee.started_on < known.since:
            out[employee.venture_id][employee.worker_id] = Job(
                employee.worker, employee.started_on, "employee", employee.pk
            )
    founders = {v.pk: v.founder_id for v in ventures}
    return {
        pk: sorted((j for w, j in jobs.items() if w != founders[pk]), key=lambda j: j.since)
        for pk, jobs in out.items()
    }


@dataclass
class Received:
    kind: str  # loan, subsidy, training, or a Support.Kind
    label: str
    on: date | None
    text: str
    url: str = ""


def support_of(venture: Venture) -> list[Received]:
    """Everything the venture and its founder received, from the records of each app: startup
    loans (the founder's or the business's), subsidies, training completed and certificates,
    and the support recorded here."""
    from django.db.models import Q
    from django.urls import reverse

    from homeward.loans.models import Loan
    from homeward.subsidies.models import Entitlement
    from homeward.training.models import Certificate, Enrolment

    out: list[Received] = []
    loans = Loan._base_manager.filter(Q(worker=venture.founder) | Q(employer=venture.employer))
    for loan in loans.select_related("lender"):
        out.append(Received(
            "loan", "创业担保贷款", loan.disbursed_on or loan.applied_on,
            f"{loan.amount} 元 · {loan.lender.name} · {loan.get_status_display()}",
            reverse("loans:detail", args=[loan.pk]),
        ))  # fmt: skip
    entitlements = Entitlement._base_manager.filter(
        Q(worker=venture.founder) | Q(employer=venture.employer)
    ).select_related("policy")
    for e in entitlements:
        out.append(Received(
            "subsidy", "补贴", timezone.localtime(e.created_at).date(),
            f"{e.policy.name} · {e.amount} 元 · {e.get_status_display()}",
            reverse("subsidies:entitlement", args=[e.pk]),
        ))  # fmt: skip
    completed = Enrolment._base_manager.filter(
        worker=venture.founder, status=Enrolment.Status.COMPLETED
    ).select_related("course")
    for enrolment in completed:
        out.append(Received("training", "培训结业", enrolment.completed_on, enrolment.course.title))
    for c in Certificate._base_manager.filter(worker=venture.founder):
        out.append(Received("training", "证书", c.issued_on, f"{c.get_kind_display()} {c.number}"))
    for s in Support._base_manager.filter(venture=venture):
        out.append(Received(s.kind, s.get_kind_display(), s.on, s.note))
    return sorted(out, key=lambda r: r.on or date.min, reverse=True)


# Startup competitions (创业大赛) ----------------------------------------------------------------
#
#   create_competition · add_criterion (weights as data; refused once scoring began)
#   add_round (初赛/复赛/决赛 on a day of the competition's year, in stage order)
#   enter_contestant (a venture of the area, or a founder without one; once per competition;
#                     refused once the first round is closed)
#   add_judge · declare_conflict (a judge's earlier scores of that entry are removed)
#   record_scores (one judge's sheet for one entry: the round row locked, refused when closed,
#                  when the judge is conflicted or the founder themself, or a score is out of range)
#   close_round (locks the scores) · advance_top (the top N, by `ranking`, a recorded decision)
#   grant_award (to an entry of the last round, once it is closed)


def _competition_day(competition, day, field, action, *, by, request):
    if day is None or day.year not in (competition.year, competition.year + 1):
        _refuse(
            action, f"日期须在 {competition.year} 年或次年。", by=by, request=request,
            obj=competition, field=field,
        )  # fmt: skip


@audited
def create_competition(competition, *, by, request=None):
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request)
    if not competition.name.strip():
        _refuse("ventures.competition.refused", "请填写大赛名称。", by=by, request=request,
                field="name")  # fmt: skip
    if not 2000 <= (competition.year or 0) <= 2100:
        _refuse("ventures.competition.refused", "年份须在 2000 到 2100 之间。", by=by,
                request=request, field="year")  # fmt: skip
    with area_scope(competition.region_id), transaction.atomic():
        competition.created_by = by
        competition.save()
        log_action("ventures.competition.created", request=request, actor=by, obj=competition)
    return competition


@audited
def add_criterion(competition, *, name: str, weight: int, max_score: int = 100, by, request=None):
    from .models import SCORE_RANGE, WEIGHT_RANGE, Criterion, Score

    action = "ventures.criterion.refused"
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request,
                 obj=competition)  # fmt: skip
    if not name.strip():
        _refuse(action, "请填写评分项名称。", by=by, request=request, obj=competition, field="name")
    if not WEIGHT_RANGE[0] <= (weight or 0) <= WEIGHT_RANGE[1]:
        _refuse(action, "权重须在 1 到 100 之间。", by=by, request=request, obj=competition,
                field="weight")  # fmt: skip
    if not SCORE_RANGE[0] <= (max_score or 0) <= SCORE_RANGE[1]:
        _refuse(action, "满分须在 1 到 1000 之间。", by=by, request=request, obj=competition,
                field="max_score")  # fmt: skip
    if Score._base_manager.filter(round__competition=competition).exists():
        _refuse(action, "已开始评分，不能再改评分项。", by=by, request=request, obj=competition,
                field="name")  # fmt: skip
    try:
        with area_scope(competition.region_id), transaction.atomic():
            criterion = Criterion(competition=competition, name=name.strip()[:50], weight=weight,
                                  max_score=max_score)  # fmt: skip
            criterion.save()
    except IntegrityError:
        _refuse(action, "已有同名评分项。", by=by, request=request, obj=competition, field="name")
    log_action("ventures.criterion.added", request=request, actor=by, obj=competition,
               detail={"criterion": criterion.name, "weight": weight})  # fmt: skip
    return criterion


@audited
def add_round(competition, *, stage: str, held_on: date, by, request=None):
    from .models import Round

    action = "ventures.round.refused"
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request,
                 obj=competition)  # fmt: skip
    if stage not in Round.Stage.values:
        _refuse(action, "请选择赛程。", by=by, request=request, obj=competition, field="stage")
    _competition_day(competition, held_on, "held_on", action, by=by, request=request)
    number = Round.ORDER[Round.Stage(stage)]
    rounds = Round._base_manager.filter(competition=competition)
    if (
        rounds.filter(number__lt=number, held_on__gt=held_on).exists()
        or rounds.filter(number__gt=number, held_on__lt=held_on).exists()
    ):
        _refuse(action, "比赛日期须按初赛、复赛、决赛的先后。", by=by, request=request,
                obj=competition, field="held_on")  # fmt: skip
    if rounds.filter(number__gt=number, closed_at__isnull=False).exists():
        _refuse(action, "后面的赛程已结束，不能再增加前面的赛程。", by=by, request=request,
                obj=competition, field="stage")  # fmt: skip
    try:
        with area_scope(competition.region_id), transaction.atomic():
            made = Round(competition=competition, stage=stage, number=number, held_on=held_on)
            made.save()
    except IntegrityError:
        _refuse(action, "该赛程已设立。", by=by, request=request, obj=competition, field="stage")
    log_action("ventures.round.added", request=request, actor=by, obj=competition,
               detail={"stage": stage})  # fmt: skip
    return made


def first_round(competition):
    from .models import Round

    return Round._base_manager.filter(competition=competition).order_by("number").first()


def previous_round(round_):
    from .models import Round

    return (
        Round._base_manager.filter(competition_id=round_.competition_id, number__lt=round_.number)
        .order_by("-number")
        .first()
    )


def contestants_of(round_):
    """The entries competing in a round: every entry in the first round, afterwards those the
    previous round advanced (none until that decision is recorded)."""
    from .models import Contestant

    rows = Contestant._base_manager.filter(competition_id=round_.competition_id)
    before = previous_round(round_)
    if before is not None:
        rows = rows.filter(advancements__round=before)
    return rows.select_related("founder", "venture").order_by("pk")


@audited
def enter_contestant(
    competition, *, venture=None, founder=None, project: str = "", by, request=None
):
    """An entry: a registered venture of the competition's area (its founder enters with it), or
    a founder of the area without a registered venture yet."""
    from .models import Contestant

    action = "ventures.contestant.refused"
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request,
                 obj=competition)  # fmt: skip
    if venture is not None:
        founder = venture.founder
        if not covers(competition.region_id, venture.region_id):
            _refuse(action, "该创业项目不在大赛所在地区。", by=by, request=request,
                    obj=competition, field="venture")  # fmt: skip
    elif founder is None:
        _refuse(action, "请选择参赛的创业项目或创业者。", by=by, request=request, obj=competition,
                field="venture")  # fmt: skip
    elif not covers(competition.region_id, founder.region_id):
        _refuse(action, "该创业者不在大赛所在地区。", by=by, request=request, obj=competition,
                field="person")  # fmt: skip
    project = (project.strip() or (venture.name if venture is not None else ""))[:100]
    if not project:
        _refuse(action, "请填写参赛项目名称。", by=by, request=request, obj=competition,
                field="project")  # fmt: skip
    first = first_round(competition)
    if first is not None and first.is_closed:
        _refuse(action, "首轮比赛已结束，不能再报名。", by=by, request=request, obj=competition,
                field="venture")  # fmt: skip
    try:
        with area_scope(competition.region_id), transaction.atomic():
            contestant = Contestant(competition=competition, founder=founder, venture=venture,
                                    project=project, by=by)  # fmt: skip
            contestant.save()
    except IntegrityError:
        _refuse(action, "该项目已报名本次大赛。", by=by, request=request, obj=competition,
                field="venture" if venture is not None else "person")  # fmt: skip
    log_action("ventures.contestant.entered", request=request, actor=by, obj=competition,
               detail={"venture": venture.pk if venture else None, "founder": founder.pk})  # fmt: skip
    return contestant


def _open_round(round_, action, *, by, request, field=None):
    """The round's row locked (inside the caller's transaction); refused when closed."""
    from .models import Round

    locked = Round._base_manager.select_for_update().get(pk=round_.pk)
    if locked.is_closed:
        _refuse(action, "该轮比赛已结束，评分已锁定。", by=by, request=request,
                obj=round_.competition, field=field)  # fmt: skip
    return locked


@audited
def add_judge(round_, *, name: str, organisation: str = "", user=None, worker=None, by,
              request=None):  # fmt: skip
    from .models import Judge

    action = "ventures.judge.refused"
    competition = round_.competition
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request,
                 obj=competition)  # fmt: skip
    name = (name.strip() or (user.get_full_name() or user.username if user else ""))[:50]
    if not name:
        _refuse(action, "请填写评委姓名。", by=by, request=request, obj=competition, field="name")
    if user is not None and not judge_account_fits(user, competition):
        _refuse(action, "该账号不能为本次大赛评分（须为可写账号，且所在地区包含大赛所在地区）。",
                by=by, request=request, obj=competition, field="user")  # fmt: skip
    try:
        with area_scope(competition.region_id), transaction.atomic():
            _open_round(round_, action, by=by, request=request, field="name")
            judge = Judge(round=round_, name=name, organisation=organisation.strip()[:100],
                          user=user, worker=worker)  # fmt: skip
            judge.save()
    except IntegrityError:
        _refuse(action, "本轮已有同名评委。", by=by, request=request, obj=competition, field="name")
    log_action("ventures.judge.added", request=request, actor=by, obj=competition,
               detail={"round": round_.pk, "judge": name})  # fmt: skip
    return judge


def judge_account_fits(user, competition) -> bool:
    """A staff account may judge (and fill in its own sheets, `record_scores(own=True)`) when it
    may write and its area covers the competition's: the same check the staff form passes."""
    return user.is_active and user.can_write and covers(area_of(user), competition.region_id)


def judge_accounts(competition):
    """The staff accounts that may judge a competition: active writers whose area is the
    competition's or one above it (`judge_account_fits`)."""
    from homeward.accounts.models import User

    code = competition.region_id
    above = [code[:n] for n in (2, 4, 6, 9, 12) if n <= len(code)]
    rows = User.objects.filter(is_active=True, region_id__in=above).order_by("username")
    return [u for u in rows if judge_account_fits(u, competition)]


def conflicted(judge, contestant) -> str:
    """Why `judge` may not score `contestant` ("" when they may): their own entry, or declared."""
    if judge.worker_id is not None and judge.worker_id == contestant.founder_id:
        return "评委不能给自己的参赛项目评分。"
    if judge.conflicts.filter(pk=contestant.pk).exists():
        return "该评委已申报与此项目有利害关系，须回避。"
    return ""


@audited
def declare_conflict(judge, contestant, *, reason: str = "", by, request=None):
    """The judge recuses from an entry; scores they already gave it in this round are removed."""
    from .models import Score

    action = "ventures.conflict.refused"
    round_ = judge.round
    competition = round_.competition
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request,
                 obj=competition)  # fmt: skip
    if contestant.competition_id != competition.pk:
        _refuse(action, "该项目不是本次大赛的参赛项目。", by=by, request=request,
                obj=competition, field="contestant")  # fmt: skip
    with area_scope(competition.region_id), transaction.atomic():
        _open_round(round_, action, by=by, request=request, field="contestant")
        judge.conflicts.add(contestant)
        removed, _ = Score._base_manager.filter(judge=judge, contestant=contestant).delete()
        log_action("ventures.conflict.declared", request=request, actor=by, obj=competition,
                   detail={"judge": judge.pk, "contestant": contestant.pk, "removed": removed,
                           "reason": reason.strip()[:100]})  # fmt: skip
    return judge


@audited
def record_scores(round_, judge, contestant, values: dict, *, by, request=None, own=False):
    """One judge's sheet for one entry: a score for every criterion of the competition
    (criterion → Decimal between 0 and its highest score). Re-recording while the round is open
    replaces the sheet; once the round is closed it is refused. Staff of the area type any
    judge's sheet; with `own=True` (the judges' own pages) `by` must be the judge's account."""
    from decimal import Decimal, InvalidOperation

    from .models import Criterion, Score

    action = "ventures.score.refused"
    competition = round_.competition
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request,
                 obj=competition)  # fmt: skip
    if own and (by is None or judge.user_id != by.pk):
        _refuse(action, "只能填写您本人的评分表。", by=by, request=request, obj=competition,
                field="judge", detail={"judge": judge.pk})  # fmt: skip
    if judge.round_id != round_.pk:
        _refuse(action, "该评委不是本轮评委。", by=by, request=request, obj=competition,
                field="judge")  # fmt: skip
    if not contestants_of(round_).filter(pk=contestant.pk).exists():
        _refuse(action, "该项目不在本轮比赛中。", by=by, request=request, obj=competition,
                field="contestant")  # fmt: skip
    why = conflicted(judge, contestant)
    if why:
        _refuse(action, why, by=by, request=request, obj=competition, field="judge",
                detail={"judge": judge.pk, "contestant": contestant.pk})  # fmt: skip
    criteria = list(Criterion._base_manager.filter(competition=competition))
    if not criteria:
        _refuse(action, "大赛还没有评分项。", by=by, request=request, obj=competition)
    by_id = {c.pk: v for c, v in values.items()}
    clean = {}
    for criterion in criteria:
        try:
            value = Decimal(str(by_id[criterion.pk]))
        except (KeyError, InvalidOperation, TypeError):
            _refuse(action, f"请填写“{criterion.name}”的得分。", by=by, request=request,
                    obj=competition, field=f"c{criterion.pk}")  # fmt: skip
        if not value.is_finite() or not 0 <= value <= criterion.max_score:
            _refuse(action, f"“{criterion.name}”的得分须在 0 到 {criterion.max_score} 之间。",
                    by=by, request=request, obj=competition, field=f"c{criterion.pk}")  # fmt: skip
        clean[criterion] = value.quantize(Decimal("0.01"))
    with area_scope(competition.region_id), transaction.atomic():
        _open_round(round_, action, by=by, request=request)
        now = timezone.now()
        for criterion, value in clean.items():
            Score._base_manager.update_or_create(
                judge=judge, contestant=contestant, criterion=criterion,
                defaults={"round": round_, "value": value, "recorded_by": by, "recorded_at": now},
            )  # fmt: skip
        log_action("ventures.score.recorded", request=request, actor=by, obj=competition,
                   detail={"round": round_.pk, "judge": judge.pk, "contestant": contestant.pk,
                           "scores": {c.name: str(v) for c, v in clean.items()}})  # fmt: skip
    return clean


def standings(round_):
    """The round's ranking computed from its recorded scores (`ranking.rank`), each standing
    with its `contestant`."""
    from . import ranking
    from .models import Criterion, Score

    contestants = {c.pk: c for c in contestants_of(round_)}
    weights = dict(
        Criterion._base_manager.filter(competition_id=round_.competition_id).values_list(
            "pk", "weight"
        )
    )
    if not weights:
        return []
    scores = Score._base_manager.filter(round=round_).values_list(
        "judge_id", "contestant_id", "criterion_id", "value"
    )
    out = ranking.rank(list(contestants), weights, list(scores))
    for standing in out:
        standing.contestant = contestants[standing.entry_id]
    return out


@audited
def close_round(round_, *, by, request=None):
    """The round ends: from now on its scores are locked."""
    action = "ventures.round.refused"
    competition = round_.competition
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request,
                 obj=competition)  # fmt: skip
    with area_scope(competition.region_id), transaction.atomic():
        locked = _open_round(round_, action, by=by, request=request)
        locked.closed_at = timezone.now()
        locked.closed_by = by
        locked.save(update_fields=["closed_at", "closed_by"])
        log_action("ventures.round.closed", request=request, actor=by, obj=competition,
                   detail={"round": round_.pk})  # fmt: skip
    return locked


@audited
def advance_top(round_, *, count: int, by, request=None):
    """The recorded decision: the top `count` of the closed round's ranking advance to the next
    round (refused on a tie at the cut-off, an entry without a complete sheet, an open round, a
    final, or a decision already made)."""
    from . import ranking
    from .models import Advancement, Round

    action = "ventures.advance.refused"
    competition = round_.competition
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request,
                 obj=competition)  # fmt: skip
    with area_scope(competition.region_id), transaction.atomic():
        locked = Round._base_manager.select_for_update().get(pk=round_.pk)
        if not locked.is_closed:
            _refuse(action, "请先结束本轮比赛（锁定评分）再决定晋级。", by=by, request=request,
                    obj=competition, field="count")  # fmt: skip
        if locked.stage == Round.Stage.FINAL:
            _refuse(action, "决赛之后没有晋级。", by=by, request=request, obj=competition,
                    field="count")  # fmt: skip
        if Advancement._base_manager.filter(round=locked).exists():
            _refuse(action, "本轮的晋级名单已决定。", by=by, request=request, obj=competition,
                    field="count")  # fmt: skip
        table = standings(locked)
        try:
            chosen = ranking.top(table, count)
        except ranking.RankingError as error:
            _refuse(action, str(error), by=by, request=request, obj=competition, field="count")
        by_entry = {s.entry_id: s for s in table}
        rows = [
            Advancement(round=locked, contestant=by_entry[e].contestant, rank=by_entry[e].rank,
                        score=by_entry[e].shown, decided_by=by)
            for e in chosen
        ]  # fmt: skip
        Advancement._base_manager.bulk_create(rows)
        log_action("ventures.round.advanced", request=request, actor=by, obj=competition,
                   detail={"round": locked.pk, "count": count, "contestants": chosen})  # fmt: skip
    return rows


@audited
def grant_award(competition, contestant, *, title: str, awarded_on: date, by, request=None):
    from .models import Award, Round

    action = "ventures.award.refused"
    _check_staff(by, competition.region_id, "ventures.write.refused", request=request,
                 obj=competition)  # fmt: skip
    last = Round._base_manager.filter(competition=competition).order_by("-number").first()
    if last is None or not last.is_closed:
        _refuse(action, "最后一轮比赛结束后才能颁奖。", by=by, request=request, obj=competition,
                field="contestant")  # fmt: skip
    if not contestants_of(last).filter(pk=contestant.pk).exists():
        _refuse(action, f"只有参加{last.get_stage_display()}的项目才能获奖。", by=by,
                request=request, obj=competition, field="contestant")  # fmt: skip
    if not title.strip():
        _refuse(action, "请填写奖项。", by=by, request=request, obj=competition, field="title")
    _check_day(awarded_on, "awarded_on", action, by=by, request=request, obj=competition,
               not_before=last.held_on)  # fmt: skip
    try:
        with area_scope(competition.region_id), transaction.atomic():
            award = Award(competition=competition, contestant=contestant,
                          title=title.strip()[:50], awarded_on=awarded_on, by=by)  # fmt: skip
            award.save()
    except IntegrityError:
        _refuse(action, "该项目已获奖。", by=by, request=request, obj=competition,
                field="contestant")  # fmt: skip
    log_action("ventures.award.granted", request=request, actor=by, obj=competition,
               detail={"contestant": contestant.pk, "title": award.title})  # fmt: skip
    return award


def competition_figures(competition) -> dict[str, list]:
    """The figures of a competition as the rows behind them: its entries, the entries advanced
    from each round (by round id) and the awards."""
    from .models import Advancement, Award, Contestant, Round

    advanced = {
        r.pk: list(
            Advancement._base_manager.filter(round=r).select_related(
                "contestant__founder", "contestant__venture"
            )
        )
        for r in Round._base_manager.filter(competition=competition)
    }
    return {
        "entries": list(
            Contestant._base_manager.filter(competition=competition).select_related(
                "founder", "venture"
            )
        ),
        "advanced": advanced,
        "awarded": list(
            Award._base_manager.filter(competition=competition).select_related(
                "contestant__founder", "contestant__venture"
            )
        ),
    }


# Expert teams' field visits (专家团基层行) --------------------------------------------------------
#
#   create_team · add_expert (name and field) · record_visit (a town or village of the team's
#   area on a day, the experts who came) · serve_at_visit (a founder, with their venture) ·
#   raise_problem · move_problem (raised → being handled / referred → solved; solved is final)

PROBLEM_MOVES = {
    "raised": {"in_hand", "referred", "solved"},
    "in_hand": {"referred", "solved"},
    "referred": {"in_hand", "solved"},
    "solved": set(),
}


@audited
def create_team(team, *, by, request=None):
    _check_staff(by, team.region_id, "ventures.write.refused", request=request)
    if not team.name.strip():
        _refuse("ventures.team.refused", "请填写专家团名称。", by=by, request=request, field="name")
    with area_scope(team.region_id), transaction.atomic():
        team.created_by = by
        team.save()
        log_action("ventures.team.created", request=request, actor=by, obj=team)
    return team


@audited
def add_expert(team, *, name: str, field: str, organisation: str = "", by, request=None):
    from .models import Expert, Field

    action = "ventures.expert.refused"
    _check_staff(by, team.region_id, "ventures.write.refused", request=request, obj=team)
    if not name.strip():
        _refuse(action, "请填写专家姓名。", by=by, request=request, obj=team, field="name")
    if field not in Field.values:
        _refuse(action, "请选择专业领域。", by=by, request=request, obj=team, field="field")
    try:
        with area_scope(team.region_id), transaction.atomic():
            expert = Expert(team=team, name=name.strip()[:50], field=field,
                            organisation=organisation.strip()[:100])  # fmt: skip
            expert.save()
    except IntegrityError:
        _refuse(action, "专家团已有同名专家。", by=by, request=request, obj=team, field="name")
    log_action("ventures.expert.added", request=request, actor=by, obj=team,
               detail={"field": field})  # fmt: skip
    return expert


@audited
def record_visit(team, *, region, on: date, place: str = "", experts=(), by, request=None):
    from homeward.regions.codes import level_of

    from .models import FieldVisit

    action = "ventures.visit.refused"
    code = getattr(region, "code", region) or ""
    _check_staff(by, team.region_id, "ventures.write.refused", request=request, obj=team)
    if len(code) not in (9, 12) or level_of(code) not in ("town", "village"):
        _refuse(action, "请选择乡镇或村。", by=by, request=request, obj=team, field="region")
    if not covers(team.region_id, code) or (by is not None and not covers(area_of(by), code)):
        _refuse(action, "该地点不在专家团服务的地区。", by=by, request=request, obj=team,
                field="region")  # fmt: skip
    _check_day(on, "on", action, by=by, request=request, obj=team)
    experts = list(experts)
    if any(e.team_id != team.pk for e in experts):
        _refuse(action, "只能选择本专家团的专家。", by=by, request=request, obj=team,
                field="experts")  # fmt: skip
    with area_scope(code), transaction.atomic():
        visit = FieldVisit(team=team, region_id=code, on=on, place=place.strip()[:100], by=by)
        visit.save()
        visit.experts.set(experts)
        log_action("ventures.visit.recorded", request=request, actor=by, obj=team,
                   detail={"visit": visit.pk, "region": code, "experts": len(experts)})  # fmt: skip
    return visit


@audited
def serve_at_visit(visit, *, venture=None, founder=None, by, request=None):
    from .models import Served

    action = "ventures.served.refused"
    _check_staff(by, visit.region_id, "ventures.write.refused", request=request, obj=visit.team)
    if venture is not None:
        founder = venture.founder
    if founder is None:
        _refuse(action, "请选择服务的创业项目或创业者。", by=by, request=request, obj=visit.team,
                field="venture")  # fmt: skip
    place = venture.region_id if venture is not None else founder.region_id
    if not covers(visit.team.region_id, place):
        _refuse(action, "该创业者不在专家团服务的地区。", by=by, request=request, obj=visit.team,
                field="person")  # fmt: skip
    try:
        with area_scope(visit.region_id), transaction.atomic():
            served = Served(visit=visit, founder=founder, venture=venture)
            served.save()
    except IntegrityError:
        _refuse(action, "此次活动已记录服务该创业者。", by=by, request=request, obj=visit.team,
                field="person")  # fmt: skip
    log_action("ventures.served.recorded", request=request, actor=by, obj=visit.team,
               detail={"visit": visit.pk, "founder": founder.pk})  # fmt: skip
    return served


@audited
def raise_problem(served, *, field: str, text: str, by, request=None):
    from .models import Field, Problem

    action = "ventures.problem.refused"
    visit = served.visit
    _check_staff(by, visit.region_id, "ventures.write.refused", request=request, obj=visit.team)
    if field not in Field.values:
        _refuse(action, "请选择问题所属领域。", by=by, request=request, obj=visit.team,
                field="field")  # fmt: skip
    if not text.strip():
        _refuse(action, "请写明提出的问题。", by=by, request=request, obj=visit.team, field="text")
    with area_scope(visit.region_id), transaction.atomic():
        problem = Problem(served=served, field=field, text=text.strip()[:300])
        problem.save()
        log_action("ventures.problem.raised", request=request, actor=by, obj=visit.team,
                   detail={"problem": problem.pk, "field": field})  # fmt: skip
    return problem


@audited
def move_problem(problem, *, status: str, on: date | None = None, note: str = "", by,
                 request=None):  # fmt: skip
    from .models import Problem

    action = "ventures.problem.refused"
    visit = problem.served.visit
    _check_staff(by, visit.region_id, "ventures.write.refused", request=request, obj=visit.team)
    with area_scope(visit.region_id), transaction.atomic():
        locked = Problem._base_manager.select_for_update().get(pk=problem.pk)
        if status not in PROBLEM_MOVES.get(locked.status, set()):
            _refuse(action, f"问题“{locked.get_status_display()}”，不能改为此状态。", by=by,
                    request=request, obj=visit.team, field="status")  # fmt: skip
        if status == Problem.Status.SOLVED:
            _check_day(on, "on", action, by=by, request=request, obj=visit.team,
                       not_before=visit.on)  # fmt: skip
        locked.status = status
        locked.solved_on = on if status == Problem.Status.SOLVED else None
        locked.note = note.strip()[:300] or locked.note
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "solved_on", "note", "updated_at"])
        log_action("ventures.problem.moved", request=request, actor=by, obj=visit.team,
                   detail={"problem": locked.pk, "status": status})  # fmt: skip
    return locked
