"""The writes of wage protection, each one named function: atomic, checking state, audited.

Projects and their prerequisites; the roster, attendance and payroll imports (a whole file or
nothing, a second upload of the same file changes nothing); the warnings the rules raise after
every upload and the cases they open; case actions and closure; arrears clues from workers; the
arrears blacklist's procedure (人社部令第45号), which alone sets `Employer.is_blacklisted`.
"""

import json
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ExpressionWrapper, F, TextField
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import minimum_wage
from homeward.crypto import (
    ID_NUMBER,
    PHONE,
    decrypt,
    encryptor,
    is_current,
    lookup_hash,
    lookup_hashes,
    normalize_id_number,
    normalize_phone,
)
from homeward.employers.models import Employer
from homeward.employers.services import check_writer
from homeward.regions.codes import city_of, county_of, covers, province_of
from homeward.regions.models import Region
from homeward.scoping import area_scope, check_writable, unscoped

from . import chain, risk, rules, sheets
from .models import (
    CLUE_MOVES,
    EVIDENCE_BYTES,
    ActionKind,
    ArrearsClue,
    Attendance,
    BlacklistEntry,
    CaseAction,
    CaseState,
    ClueEvidence,
    ClueState,
    Inspection,
    InspectionState,
    ListingState,
    PayrollEntry,
    Project,
    ProjectStatus,
    RectificationOrder,
    RosterEntry,
    Supervision,
    WageCase,
    WageWarning,
    WarningState,
    handling_days,
)

logger = logging.getLogger(__name__)


class WageError(ValueError):
    """A refused step; the message is for people (Chinese through the catalogue)."""


def _who(by) -> str:
    return by.get_username() if by is not None else ""


# Projects -------------------------------------------------------------------------------------


def save_project(form, *, by, request=None) -> Project:
    """Create or change a project from a valid `ProjectForm` (only the form's fields)."""
    project = form.save(commit=False)
    adding = project.pk is None
    check_writer(by, "wages.write.refused", request=request, obj=None if adding else project)
    with transaction.atomic():
        if adding:
            project.save()
        else:
            fields = [f for f in form._meta.fields if f in form.cleaned_data]
            fields.append("contractor")
            if form.cleaned_data.get("new_account_number"):
                fields += ["account_number", "account_number_hash"]
            project.save(update_fields=fields)
        log_action(
            "wages.project.created" if adding else "wages.project.changed",
            request=request,
            actor=by,
            obj=project,
            detail={"fields": [f for f in form.changed_data if f != "account_number"]},
        )
    return project


def add_project(*, by, request=None, **fields) -> Project:
    """Create a project from checked values (what the demo and file loads use; pages use
    `save_project`): the model's own validation, then the same audit row."""
    check_writer(by, "wages.write.refused", request=request)
    number = fields.pop("account_number", "")
    project = Project(**fields)
    if number:
        project.account_number = number
    project.full_clean()
    with transaction.atomic():
        project.save()
        log_action(
            "wages.project.created",
            request=request,
            actor=by,
            obj=project,
            region_code=project.region_id,
            detail={"fields": sorted(k for k in fields if k != "account_number")},
        )
    return project


# Imports --------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return _("%(count)s rows have errors; nothing was imported.") % {
                "count": len(self.errors)
            }
        return _("%(created)s new, %(updated)s changed, %(unchanged)s already recorded.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _read(kind: str, data: bytes, filename: str) -> sheets.Sheet:
    try:
        return sheets.read(data, filename, kind, today=timezone.localdate())
    except sheets.SheetError as error:
        raise WageError(str(error)) from None


def import_sheet(
    project: Project,
    kind: str,
    data: bytes,
    filename: str,
    *,
    by=None,
    employer_user=None,
    request=None,
):
    """Import a roster, attendance or payroll sheet of the project: every row or none.

    Staff (`by`) import any sheet of a project of their area; the general contractor's user
    (`employer_user`, from the employer portal) only the payroll sheet of its own project —
    the same rows, checks and report, run in the project's area (portal requests have none)."""
    if employer_user is not None:
        if (
            kind != "payroll"
            or not employer_user.is_active
            or project.contractor_id != employer_user.employer_id
        ):
            log_action(
                "wages.payroll.imported",
                request=request,
                obj=project,
                result=Result.REFUSED,
                detail={"employer_user": employer_user.pk, "kind": kind},
            )
            raise PermissionDenied
        with area_scope(project.region_id):
            return _import_sheet(
                project,
                kind,
                data,
                filename,
                by=None,
                recorded_by=f"employer_user:{employer_user.pk}",
                request=request,
                detail={"employer_user": employer_user.pk},
            )
    check_writer(by, "wages.write.refused", request=request, obj=project)
    return _import_sheet(
        project, kind, data, filename, by=by, recorded_by=_who(by), request=request, detail={}
    )


def _import_sheet(project, kind, data, filename, *, by, recorded_by, request, detail):
    sheet = _read(kind, data, filename)
    report = ImportReport(kind, errors=list(sheet.errors))
    try:
        with transaction.atomic():
            {
                "roster": _import_roster,
                "attendance": _import_attendance,
                "payroll": _import_payroll,
            }[kind](project, sheet, report, recorded_by)
            if report.errors:
                raise _Rollback
            log_action(
                f"wages.{kind}.imported",
                request=request,
                actor=by,
                obj=project,
                detail={
                    **detail,
                    "file": filename[:100],
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
            transaction.on_commit(lambda: scan_later(project.pk))
    except _Rollback:
        report.created = report.updated = report.unchanged = 0
        log_action(
            f"wages.{kind}.imported",
            request=request,
            actor=by,
            obj=project,
            result=Result.REFUSED,
            detail={**detail, "file": filename[:100], "errors": len(report.errors)},
        )
    report.errors.sort()
    return report


class _Rollback(Exception):
    pass


def _import_roster(project, sheet, report, by) -> None:
    existing = {e.id_number_hash: e for e in RosterEntry.objects.filter(project=project)}
    seen = {}
    from homeward.workers.models import Worker

    for number, row in sheet.rows:
        key = lookup_hash(ID_NUMBER, row["id_number"])
        if key in seen:
            report.errors.append((number, f"与第{seen[key]}行是同一个人（身份证号重复）"))
            continue
        seen[key] = number
        entry = existing.get(key)
        fields = {k: v for k, v in row.items() if k != "id_number"}
        if entry is None:
            entry = RosterEntry(project=project, id_number=row["id_number"], **fields)
            entry.worker = Worker._base_manager.filter(id_number_hash=key).first()
            entry.save()
            report.created += 1
            if entry.worker is not None:
                _working_on(entry)
            continue
        changed = [k for k, v in fields.items() if getattr(entry, k) != v]
        if not changed:
            report.unchanged += 1
            continue
        for k in changed:
            setattr(entry, k, fields[k])
        entry.save(update_fields=changed + (["phone_hash"] if "phone" in changed else []))
        report.updated += 1


def _working_on(entry: RosterEntry) -> None:
    """The registry's status event: the person works on this project now."""
    from homeward.workers.models import EmploymentStatus, Source, WorkScope
    from homeward.workers.services import record_status

    worker, place = entry.worker, entry.project.region_id
    if county_of(worker.region_id) == county_of(place):
        status, scope = EmploymentStatus.LOCAL_EMPLOYED, WorkScope.IN_COUNTY
    elif city_of(worker.region_id) == city_of(place):
        status, scope = EmploymentStatus.LOCAL_EMPLOYED, WorkScope.IN_CITY
    elif province_of(worker.region_id) == province_of(place):
        status, scope = EmploymentStatus.OUT_MIGRANT, WorkScope.IN_PROVINCE
    else:
        status, scope = EmploymentStatus.OUT_MIGRANT, WorkScope.OUT_OF_PROVINCE
    with area_scope(worker.region_id):
        record_status(
            worker,
            status=status,
            occurred_on=min(entry.joined_on, timezone.localdate()),
            source=Source.EMPLOYER,
            work_scope=scope,
            work_place=entry.project.name[:100],
            note=f"工地实名制：{entry.project.code}",
        )


def _roster_by_hash(project) -> dict[str, RosterEntry]:
    return {e.id_number_hash: e for e in RosterEntry.objects.filter(project=project)}


def _import_attendance(project, sheet, report, by) -> None:
    roster = _roster_by_hash(project)
    totals: dict[tuple[int, date], Decimal] = {}
    days_seen: dict[tuple[int, date], set] = {}
    first_row: dict[tuple[int, date], int] = {}
    for number, row in sheet.rows:
        entry = roster.get(lookup_hash(ID_NUMBER, row["id_number"]))
        if entry is None:
            report.errors.append((number, "此人不在本项目的花名册中，请先导入花名册"))
            continue
        key = (entry.pk, row["month"])
        if sheet.per_day:
            days_seen.setdefault(key, set()).add(row["day"])
        elif key in first_row:
            report.errors.append((number, f"与第{first_row[key]}行是同一人同一月份"))
            continue
        else:
            totals[key] = row["days"]
        first_row.setdefault(key, number)
    for key, days in days_seen.items():
        totals[key] = Decimal(len(days))
    latest = {}
    for row in Attendance.objects.filter(project=project).order_by("pk"):
        latest[(row.entry_id, row.month)] = row.days
    for (entry_id, month), days in sorted(totals.items()):
        if latest.get((entry_id, month)) == days:
            report.unchanged += 1
            continue
        if (entry_id, month) in latest:
            report.updated += 1  # a correction: a new row, the old one kept
        else:
            report.created += 1
        Attendance.objects.create(project=project, entry_id=entry_id, month=month, days=days)


class _Person(NamedTuple):
    """A roster entry as the payroll import needs it: its keyed hashes and its ID number and
    phone as stored (ciphertext under the current key, passed on as it is), or in clear where
    they must be sealed afresh (an older key, or an entry given as a model object)."""

    pk: int
    name: str
    id_hash: str
    id_sealed: str
    id_number: str
    phone_hash: str
    phone_sealed: str
    phone: str


def _as_stored(token: str) -> tuple[str, str]:
    """(ciphertext to copy, plaintext to seal again): one of them is ""."""
    if token and not is_current(token):
        return "", decrypt(token)
    return token, ""


def _roster_people(project) -> dict[str, _Person]:
    """The project's roster by ID number hash, in one query, nothing decrypted (ciphertext
    under an older key is)."""
    raw = {
        "id_stored": ExpressionWrapper(F("id_number"), output_field=TextField()),
        "phone_stored": ExpressionWrapper(F("phone"), output_field=TextField()),
    }
    people = {}
    for pk, name, id_hash, phone_hash, id_stored, phone_stored in (
        RosterEntry.objects.filter(project=project)
        .annotate(**raw)
        .values_list("pk", "name", "id_number_hash", "phone_hash", "id_stored", "phone_stored")
    ):
        people[id_hash] = _Person(
            pk, name, id_hash, *_as_stored(id_stored), phone_hash, *_as_stored(phone_stored)
        )
    return people


def _import_payroll(project, sheet, report, recorded_by) -> None:
    roster = _roster_people(project)
    known = set(
        PayrollEntry.objects.filter(project=project).values_list(
            "entry_id", "month", "paid_on", "net_paid", "bank_voucher"
        )
    )
    keys = lookup_hashes(ID_NUMBER, [row["id_number"] for _number, row in sheet.rows])
    rows = []
    for (number, row), key in zip(sheet.rows, keys, strict=True):
        person = roster.get(key)
        if person is None:
            report.errors.append((number, "此人不在本项目的花名册中，请先导入花名册"))
            continue
        if person.name != row["name"]:
            report.errors.append((number, f"姓名与花名册不符（花名册为“{person.name}”）"))
            continue
        key = (person.pk, row["month"], row["paid_on"], row["net_paid"], row["bank_voucher"])
        if key in known:
            report.unchanged += 1
            continue
        known.add(key)
        rows.append((person, row))
    if report.errors or not rows:
        return
    _append(project, rows, recorded_by=recorded_by)
    report.created += len(rows)


def append_payments(
    project: Project, rows: list[tuple[RosterEntry, dict]], *, by=None, recorded_by=None
) -> list[PayrollEntry]:
    """Append payroll rows to the ledger, chained under a lock on its newest row; the rows
    written, read back. (The import appends through `_append` directly: it has no model
    objects and reads nothing back.)"""
    people = {}
    for entry, _row in rows:
        if entry.pk not in people:
            people[entry.pk] = _Person(
                entry.pk,
                entry.name,
                lookup_hash(ID_NUMBER, entry.id_number),
                "",
                normalize_id_number(entry.id_number),
                lookup_hash(PHONE, entry.phone),
                "",
                normalize_phone(entry.phone) if entry.phone else "",
            )
    hashes = _append(
        project,
        [(people[entry.pk], row) for entry, row in rows],
        recorded_by=recorded_by if recorded_by is not None else _who(by),
    )
    return list(PayrollEntry._base_manager.filter(row_hash__in=hashes).order_by("pk"))


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _append(project: Project, rows: list[tuple[_Person, dict]], *, recorded_by: str) -> list:
    """Write the rows to the ledger in one COPY (PostgreSQL; one prepared INSERT elsewhere), in
    chain order: each row's hash covers the one before, from the newest row's (locked until
    the transaction ends) on. The hash covers what the database returns (normalised values,
    microseconds kept), so `chain.verify` recomputes it from the stored row. The ID number and
    phone go in sealed: the roster's ciphertext copied when under the current key, else sealed
    once a person (a phone number the sheet gives, once a number); their keyed hashes are the
    roster's. The area is checked once: every row is the project's."""
    from homeward.core.bulk import FastInsert

    check_writable(PayrollEntry(project=project))
    insert, seal, hash_of = FastInsert(PayrollEntry, skip={"id"}), encryptor(), chain.hasher()
    previous, now = chain.head(), timezone.now()
    employer = project.contractor.name
    sealed: dict[tuple[str, str], str] = {}  # (kind, number in clear) → ciphertext

    def sealed_once(kind: str, number: str) -> str:
        if (kind, number) not in sealed:
            sealed[kind, number] = seal(number)
        return sealed[kind, number]

    phones: dict[str, tuple[str, str]] = {}  # a number on the sheet → (hash, ciphertext)
    texts: dict[tuple, str] = {}  # JSON of the amounts by item, as the ORM writes it

    def as_json(items: dict) -> str:
        key = tuple(items.items())
        if key not in texts:
            texts[key] = json.dumps(items)
        return texts[key]

    values, hashes = [], []
    for person, row in rows:
        id_sealed = person.id_sealed or sealed_once(ID_NUMBER, person.id_number)
        number = row.get("phone") or ""
        if number:
            if number not in phones:
                clear = normalize_phone(number)
                key = lookup_hash(PHONE, clear)
                phones[number] = (
                    key,
                    person.phone_sealed
                    if key == person.phone_hash and person.phone_sealed
                    else sealed_once(PHONE, clear),
                )
            phone_hash, phone_sealed = phones[number]
        else:
            phone_hash = person.phone_hash
            phone_sealed = person.phone_sealed or (
                sealed_once(PHONE, person.phone) if person.phone else ""
            )
        days, net = _decimal(row["days"]), _decimal(row["net_paid"])
        due, cuts = row.get("amounts_due", {}), row.get("deductions", {})
        voucher = row.get("bank_voucher", "")
        special = row.get("from_special_account", True)
        content = chain.canonical_values(
            project=project.pk,
            entry=person.pk,
            employer=employer,
            month=row["month"],
            paid_on=row["paid_on"],
            name=row["name"],
            id_hash=person.id_hash,
            phone_hash=phone_hash,
            days=days,
            due=due,
            deductions=cuts,
            net=net,
            voucher=voucher,
            special=special,
            recorded_at=now,
            by=recorded_by,
        )
        digest = hash_of(previous, content)
        values.append(
            {
                "project_id": project.pk,
                "entry_id": person.pk,
                "employer_name": employer,
                "month": row["month"],
                "paid_on": row["paid_on"],
                "name": row["name"],
                "id_number": id_sealed,
                "id_number_hash": person.id_hash,
                "phone": phone_sealed,
                "phone_hash": phone_hash,
                "days_worked": days,
                "amounts_due": as_json(due),
                "deductions": as_json(cuts),
                "net_paid": net,
                "bank_voucher": voucher,
                "from_special_account": special,
                "recorded_at": now,
                "recorded_by": recorded_by,
                "previous_hash": previous,
                "row_hash": digest,
            }
        )
        hashes.append(digest)
        previous = digest
    insert.write(insert.rows(values))
    return hashes


# Warnings and cases ---------------------------------------------------------------------------


def scan_later(project_id: int) -> None:
    from .tasks import scan_project_task

    try:
        scan_project_task.enqueue(project_id)
    except Exception:  # noqa: BLE001 - a queue down must not undo an import; the next run catches up
        logger.exception("wage scan of project %s not queued", project_id)


def params() -> rules.Params:
    return rules.Params.from_mapping(getattr(settings, "HOMEWARD_WAGES_RULES", {}))


def books_of(projects) -> rules.Books:
    """The rules' books from the database: projects by id, people by roster entry id."""
    books = rules.Books()
    ids = [p.pk for p in projects]
    for p in projects:
        ended = p.ended_on if p.status == ProjectStatus.COMPLETED else None
        books.add_project(p.pk, region=p.region_id, ended_on=ended)
    for e in RosterEntry._base_manager.filter(project_id__in=ids).only(
        "pk", "project_id", "wage_basis", "agreed_wage", "left_on"
    ):
        books.add_roster(
            e.project_id, e.pk, basis=e.wage_basis, wage=e.agreed_wage, left_on=e.left_on
        )
    for project_id, entry_id, month, days in (
        Attendance._base_manager.filter(project_id__in=ids)
        .order_by("pk")
        .values_list("project_id", "entry_id", "month", "days")
    ):
        books.add_attendance(project_id, entry_id, rules.month_index(month.year, month.month), days)
    for project_id, entry_id, month, net, paid_on, special in (
        PayrollEntry._base_manager.filter(project_id__in=ids)
        .order_by("pk")
        .values_list(
            "project_id", "entry_id", "month", "net_paid", "paid_on", "from_special_account"
        )
    ):
        books.add_payment(
            project_id, entry_id, rules.month_index(month.year, month.month), net, paid_on, special
        )
    return books


def _key(project_id, rule, month, entry_id) -> str:
    return f"{project_id}:{rule}:{month or '-'}:{entry_id or '-'}"


@dataclass
class ScanResult:
    raised: int = 0
    changed: int = 0
    cleared: int = 0
    still_open: int = 0


def scan_project(project: Project, *, as_of: date | None = None) -> ScanResult:
    """Run the rules over the project; open a warning and its case for each new finding, clear
    the open ones the data no longer shows (naming the payment that cleared it)."""
    as_of = as_of or timezone.localdate()
    found = rules.evaluate(
        books_of([project]), as_of, params=params(), minimum=minimum_wage.monthly
    )
    result = ScanResult()
    with transaction.atomic(), area_scope(county_of(project.region_id)):
        open_now = {
            w.key: w
            for w in WageWarning.objects.select_for_update().filter(
                project=project, state=WarningState.OPEN
            )
        }
        settled = set(
            WageWarning.objects.filter(project=project, state=WarningState.CLOSED).values_list(
                "key", flat=True
            )
        )
        fired = set()
        for w in found:
            month = date(int(w.month[:4]), int(w.month[5:]), 1) if w.month else None
            key = _key(project.pk, w.rule, w.month, w.worker)
            fired.add(key)
            current = open_now.get(key)
            if current is not None:
                if (current.level, current.message) != (w.level, w.message):
                    current.level, current.message = w.level, w.message
                    current.save(update_fields=["level", "message"])
                    result.changed += 1
                else:
                    result.still_open += 1
                continue
            if key in settled:
                continue  # closed by a recorded action: not raised again
            warning = WageWarning.objects.create(
                project=project,
                rule=w.rule,
                month=month,
                entry_id=w.worker,
                key=key,
                level=w.level,
                message=w.message,
                raised_on=as_of,
            )
            _open_case(warning, as_of)
            result.raised += 1
        for key, warning in open_now.items():
            if key not in fired:
                _clear(warning, as_of)
                result.cleared += 1
        if result.raised or result.cleared or result.changed:
            log_action(
                "wages.project.scanned",
                obj=project,
                region_code=project.region_id,
                detail={"raised": result.raised, "cleared": result.cleared},
            )
    return result


def _open_case(warning: WageWarning, today: date) -> WageCase:
    county = county_of(warning.project.region_id)
    return WageCase.objects.create(
        warning=warning,
        region_id=county,
        due_on=today + handling_days(warning.level),
        opened_on=today,
    )


def _clearing_payment(warning: WageWarning) -> PayrollEntry | None:
    payments = PayrollEntry.objects.filter(project=warning.project)
    if warning.entry_id:
        payments = payments.filter(entry_id=warning.entry_id)
    if warning.month:
        payments = payments.filter(month=warning.month)
    return payments.order_by("-pk").first()


def _clear(warning: WageWarning, today: date) -> None:
    payment = _clearing_payment(warning)
    warning.state = WarningState.CLEARED
    warning.cleared_on = today
    warning.cleared_by_payment = payment
    warning.cleared_note = (
        f"数据已消除预警：第{payment.pk}号发放记录（{payment.paid_on:%Y-%m-%d}，"
        f"{payment.net_paid:.2f}元）"
        if payment
        else "数据已消除预警（出勤记录已更正）"
    )
    warning.save(update_fields=["state", "cleared_on", "cleared_by_payment", "cleared_note"])
    case = getattr(warning, "case", None)
    if case is not None and case.state == CaseState.OPEN:
        CaseAction.objects.create(
            case=case, kind=ActionKind.CLOSE, note=warning.cleared_note, done_on=today
        )
        case.state, case.closed_on = CaseState.CLOSED, today
        case.save(update_fields=["state", "closed_on"])


def take_case(case: WageCase, *, by, request=None) -> WageCase:
    check_writer(by, "wages.write.refused", request=request, obj=case)
    with transaction.atomic():
        case = WageCase.objects.select_for_update().get(pk=case.pk)
        if case.state != CaseState.OPEN:
            raise WageError(_("This case is closed."))
        case.owner = by
        case.save(update_fields=["owner"])
        log_action("wages.case.taken", request=request, actor=by, obj=case)
    return case


def record_action(
    case: WageCase,
    *,
    kind: str,
    note: str = "",
    pay_by: date | None = None,
    amount: Decimal | None = None,
    by,
    request=None,
) -> CaseAction:
    """An action on an open case; `close` ends it (and its warning) with the amount recovered."""
    check_writer(by, "wages.write.refused", request=request, obj=case)
    if kind not in ActionKind.values:
        raise WageError(_("Unknown action."))
    if kind == ActionKind.ORDER and pay_by is None:
        raise WageError(_("An order to pay needs the date to pay by."))
    today = timezone.localdate()
    if kind == ActionKind.ORDER and pay_by < today:
        raise WageError(_("The date to pay by cannot be in the past."))
    if kind == ActionKind.CLOSE and amount is None:
        raise WageError(_("Closing a case needs the amount recovered (0 if none)."))
    with transaction.atomic():
        case = WageCase.objects.select_for_update().get(pk=case.pk)
        if case.state != CaseState.OPEN:
            raise WageError(_("This case is closed."))
        action = CaseAction.objects.create(
            case=case, kind=kind, note=note, pay_by=pay_by, amount=amount, done_on=today, by=by
        )
        if kind == ActionKind.CLOSE:
            case.state, case.closed_on, case.amount_recovered = CaseState.CLOSED, today, amount
            if case.owner_id is None:
                case.owner = by
            case.save(update_fields=["state", "closed_on", "amount_recovered", "owner"])
            warning = case.warning
            if warning.state == WarningState.OPEN:
                warning.state = WarningState.CLOSED
                warning.cleared_on = today
                warning.cleared_note = f"处置结案：{note}"[:200]
                warning.save(update_fields=["state", "cleared_on", "cleared_note"])
        log_action(
            f"wages.case.{kind}",
            request=request,
            actor=by,
            obj=case,
            detail={"amount": f"{amount}" if amount is not None else ""},
        )
    return action


# Arrears clues ----------------------------------------------------------------------------------


def route(*, project: Project | None, employer: Employer | None, worker) -> str:
    """The county office that handles a clue: the project's, else the employer's, else the
    worker's own county."""
    for code in (
        project.region_id if project else None,
        employer.region_id if employer else None,
        worker.region_id,
    ):
        if code:
            return county_of(code)
    raise WageError(_("No office to route the report to."))


def report_unpaid(
    worker,
    *,
    project: Project | None = None,
    employer: Employer | None = None,
    month: date | None = None,
    amount: Decimal,
    description: str = "",
    construction: bool = True,
    people: int = 1,
    bank_card: str = "",
    by=None,
    request=None,
) -> ArrearsClue:
    """A worker's (or a window's) report of unpaid wages: routed, numbered, the worker told.
    A large case (`ArrearsClue.is_large`) is put under the city's supervision (督办) at once."""
    if amount is None or amount <= 0:
        raise WageError(_("Say how much is unpaid."))
    bank_card = _checked_card(bank_card)
    if employer is None and project is not None:
        employer = project.contractor
    region = route(project=project, employer=employer, worker=worker)
    today = timezone.localdate()
    with transaction.atomic(), area_scope(region):
        clue = ArrearsClue.objects.create(
            number=f"QX{today:%Y%m%d}{secrets.token_hex(3).upper()}",
            worker=worker,
            region=Region.tree.get(code=region),
            project=project,
            employer=employer,
            construction=construction,
            period_from=month,
            period_to=(month + timedelta(days=31)).replace(day=1) - timedelta(days=1)
            if month
            else None,
            amount_claimed=amount,
            people=people,
            description=description,
            received_on=today,
            bank_card=bank_card,
        )
        log_action(
            "wages.clue.received",
            request=request,
            actor=by,
            obj=clue,
            region_code=region,
            detail={"by": "staff" if by else f"worker:{worker.pk}", "large": clue.is_large},
        )
        if clue.is_large:
            _supervise(
                clue,
                office=city_of(region),
                instructions=_("A large arrears case: report the progress by the date."),
                by=None,
                request=request,
            )
        transaction.on_commit(lambda: _tell_worker(clue.pk))
    return clue


def _checked_card(number: str) -> str:
    from homeward.codes import bank_card
    from homeward.crypto import normalize_bank_account

    number = normalize_bank_account(number or "")
    if number and not bank_card.is_valid(number):
        raise WageError(_("The bank card number is not valid (12 to 19 digits, check digit)."))
    return number


def _may_touch_clue(clue: ArrearsClue, *, by, worker, request) -> None:
    """Staff of the clue's area (leaders refused), or the worker whose clue it is."""
    if worker is not None:
        if clue.worker_id != worker.pk:
            log_action(
                "wages.clue.refused",
                request=request,
                obj=clue,
                result=Result.REFUSED,
                detail={"worker": worker.pk},
            )
            raise PermissionDenied
        return
    if not writer_of(by, clue.region_id, "wages.write.refused", obj=clue, request=request):
        raise PermissionDenied


def set_bank_card(clue: ArrearsClue, number: str, *, by=None, worker=None, request=None):
    """The bank card the recovered wages go to (encrypted; the audit row names no digits)."""
    _may_touch_clue(clue, by=by, worker=worker, request=request)
    number = _checked_card(number)
    if not number:
        raise WageError(_("Give the bank card number."))
    with transaction.atomic(), area_scope(clue.region_id):
        clue = ArrearsClue.objects.select_for_update().get(pk=clue.pk)
        clue.bank_card = number
        clue.save(update_fields=["bank_card"])
        log_action(
            "wages.clue.card_set",
            request=request,
            actor=by,
            obj=clue,
            detail={"by": "staff" if by else f"worker:{clue.worker_id}"},
        )
    return clue


_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


def evidence_type(head: bytes) -> str | None:
    """The type a file's first bytes show (JPEG, PNG or PDF), whatever its name says."""
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def add_clue_evidence(
    clue: ArrearsClue, upload, *, description: str = "", by=None, worker=None, request=None
) -> ClueEvidence:
    """A photo, payslip, chat screenshot (JPEG/PNG) or PDF of at most 5 MB, by the worker
    on the portal or by staff; refused whole with a Chinese reason, the refusal audited."""
    _may_touch_clue(clue, by=by, worker=worker, request=request)
    name = (getattr(upload, "name", "") or "evidence")[-100:]

    def refuse(message):
        log_action(
            "wages.evidence.refused",
            request=request,
            actor=by,
            obj=clue,
            result=Result.REFUSED,
            detail={"size": getattr(upload, "size", 0)},
        )
        raise WageError(message)

    if upload.size > EVIDENCE_BYTES:
        refuse(f"证据“{name}”超过 5 MB。")
    content = upload.read(EVIDENCE_BYTES + 1)
    kind = evidence_type(content[:8])
    if not content or len(content) > EVIDENCE_BYTES or kind is None:
        refuse(f"证据“{name}”应是照片（JPG、PNG）或 PDF 文件。")
    if clue.state in (ClueState.CLOSED, ClueState.ARBITRATION, ClueState.POLICE):
        refuse("线索已办结，不再接收证据。")
    with transaction.atomic(), area_scope(clue.region_id):
        evidence = ClueEvidence.objects.create(
            clue=clue,
            filename=name,
            content_type=kind,
            size=len(content),
            content=content,
            description=description.strip()[:200],
            by_worker=worker is not None,
            submitted_by=by,
        )
        log_action(
            "wages.evidence.added",
            request=request,
            actor=by,
            obj=clue,
            detail={"evidence": evidence.pk, "by_worker": worker is not None},
        )
    return evidence


def log_evidence_read(evidence: ClueEvidence, *, by=None, request=None) -> None:
    """Evidence opened: personal data, so every read is audited."""
    log_action(
        "wages.evidence.opened",
        request=request,
        actor=by,
        obj=evidence.clue,
        detail={"evidence": evidence.pk},
    )


def reveal_bank_card(clue: ArrearsClue, *, by, request=None) -> str:
    """The full card number for staff who may see personal data; the read is audited."""
    if not (by.may_see_personal_data or by.is_superuser):
        log_action(
            "wages.clue.card_read", request=request, actor=by, obj=clue, result=Result.REFUSED
        )
        raise PermissionDenied
    log_action("wages.clue.card_read", request=request, actor=by, obj=clue)
    return clue.bank_card


def _tell_worker(clue_id: int, text: str | None = None) -> None:
    from homeward.outreach.gateways import OutgoingMessage, send
    from homeward.outreach.quiet import quiet_until

    with unscoped():
        clue = ArrearsClue._base_manager.select_related("worker").get(pk=clue_id)
    worker = clue.worker
    text = text or (
        f"您反映的欠薪线索已登记，编号{clue.number}，由{clue.region.name}人社部门办理。"
        "可在“我的工资”中查看进度。"
    )
    state = clue.state
    send(
        OutgoingMessage(
            channel="inapp",
            key=f"wages-clue-{clue.pk}:{state}:inapp",
            text=text,
            worker_id=worker.pk,
            region=worker.region_id,
        )
    )
    if worker.phone and worker.consents_to_contact and quiet_until("sms", timezone.now()) is None:
        send(
            OutgoingMessage(
                channel="sms",
                phone=worker.phone,
                key=f"wages-clue-{clue.pk}:{state}:sms",
                template="wages_clue",
                params=(clue.number, clue.get_state_display()),
                text=text,
                worker_id=worker.pk,
                region=worker.region_id,
            )
        )


def move_clue(
    clue: ArrearsClue,
    state: str,
    *,
    by,
    request=None,
    pay_by: date | None = None,
    amount_recovered: Decimal | None = None,
) -> ArrearsClue:
    """Move a clue along its states (CLUE_MOVES); the worker is told of each step."""
    check_writer(by, "wages.write.refused", request=request, obj=clue)
    with transaction.atomic():
        clue = ArrearsClue.objects.select_for_update().get(pk=clue.pk)
        if state not in CLUE_MOVES.get(clue.state, set()):
            log_action(
                "wages.clue.moved",
                request=request,
                actor=by,
                obj=clue,
                result=Result.REFUSED,
                detail={"from": clue.state, "to": state},
            )
            raise WageError(
                _("A report that is %(state)s cannot move there.")
                % {"state": clue.get_state_display()}
            )
        fields = ["state"]
        if state == ClueState.ORDERED:
            if pay_by is None or pay_by < timezone.localdate():
                raise WageError(_("An order to pay needs a date to pay by, not in the past."))
            clue.pay_by = pay_by
            fields.append("pay_by")
        if state in (ClueState.PAID, ClueState.PARTLY_PAID):
            if amount_recovered is None or amount_recovered <= 0:
                raise WageError(_("Give the amount recovered."))
            if state == ClueState.PAID and amount_recovered < clue.amount_claimed:
                raise WageError(_("Less than claimed was recovered: choose partly paid."))
            clue.amount_recovered = amount_recovered
            fields.append("amount_recovered")
        if state in (ClueState.CLOSED, ClueState.ARBITRATION, ClueState.POLICE):
            clue.closed_on = timezone.localdate()
            fields.append("closed_on")
        before = clue.state
        clue.state = state
        clue.save(update_fields=fields)
        log_action(
            "wages.clue.moved",
            request=request,
            actor=by,
            obj=clue,
            detail={"from": before, "to": state},
        )
        text = f"您的欠薪线索（编号{clue.number}）进展：{clue.get_state_display()}。"
        if clue.amount_recovered and state in (ClueState.PAID, ClueState.PARTLY_PAID):
            text += f"已追回{clue.amount_recovered:.2f}元。"
        transaction.on_commit(lambda: _tell_worker(clue.pk, text))
    return clue


# The arrears blacklist ------------------------------------------------------------------------


def add_working_days(start: date, days: int) -> date:
    """`days` working days after `start` (the start day not counted), on the platform's one
    holiday calendar — the disputes' deadlines core, with the years a city administrator added;
    a period running into a year with no calendar is refused, never counted on weekdays alone."""
    from homeward.disputes.deadlines import CalendarMissing
    from homeward.disputes.deadlines import add_working_days as add_on
    from homeward.disputes.holidays import platform_calendar

    try:
        return add_on(start, days, platform_calendar())
    except CalendarMissing as missing:
        raise WageError(str(missing)) from None


def thresholds(province: str) -> dict:
    """The province's listing threshold (拒不支付劳动报酬罪 数额较大, 法释〔2013〕3号 art. 3)."""
    table = getattr(settings, "HOMEWARD_WAGES_BLACKLIST_THRESHOLDS", {})
    default = {"person": "5000", "people": 10, "group": "30000"}
    found = {**default, **table.get("", {}), **table.get(province, {})}
    return {
        "person": Decimal(str(found["person"])),
        "people": int(found["people"]),
        "group": Decimal(str(found["group"])),
    }


def meets_threshold(region_code: str, amount: Decimal, people: int) -> bool:
    limit = thresholds(province_of(region_code))
    per_person = amount / max(people, 1)
    return per_person >= limit["person"] or (people >= limit["people"] and amount >= limit["group"])


def propose_listing(
    employer: Employer,
    *,
    grounds: str,
    amount_unpaid: Decimal,
    people: int,
    order_expired_on: date,
    serious_incident: bool = False,
    clue: ArrearsClue | None = None,
    by,
    request=None,
) -> BlacklistEntry:
    """Notify the employer of the intended listing (art. 6): 5 working days to object."""
    check_writer(by, "wages.write.refused", request=request, obj=employer)
    today = timezone.localdate()
    if order_expired_on >= today:
        raise WageError(_("Only after the order to pay has expired unpaid."))
    if not serious_incident and not meets_threshold(employer.region_id, amount_unpaid, people):
        raise WageError(
            _("The arrears do not reach the province's threshold and caused no serious incident.")
        )
    decide_by = add_working_days(order_expired_on, 20)
    if decide_by < today:
        raise WageError(_("The 20 working days to decide after the order expired have passed."))
    county = county_of(employer.region_id)
    with transaction.atomic(), area_scope(county):
        if BlacklistEntry.objects.filter(
            employer=employer, state__in=[ListingState.NOTIFIED, ListingState.LISTED]
        ).exists():
            raise WageError(_("This employer is already notified or listed."))
        entry = BlacklistEntry.objects.create(
            employer=employer,
            region_id=county,
            clue=clue,
            grounds=grounds,
            amount_unpaid=amount_unpaid,
            people=people,
            serious_incident=serious_incident,
            order_expired_on=order_expired_on,
            notified_on=today,
            objection_by=add_working_days(today, 5),
            decide_by=decide_by,
        )
        log_action("wages.blacklist.notified", request=request, actor=by, obj=entry)
    return entry


def record_objection(entry: BlacklistEntry, text: str, *, by, request=None) -> BlacklistEntry:
    check_writer(by, "wages.write.refused", request=request, obj=entry)
    if not text.strip():
        raise WageError(_("Write down the objection."))
    with transaction.atomic():
        entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.state != ListingState.NOTIFIED or timezone.localdate() > entry.objection_by:
            raise WageError(_("Objections are taken only within 5 working days of the notice."))
        entry.objection = text
        entry.save(update_fields=["objection"])
        log_action("wages.blacklist.objected", request=request, actor=by, obj=entry)
    return entry


def extend_decision(entry: BlacklistEntry, *, by, request=None) -> BlacklistEntry:
    """Once, by 20 working days (art. 8)."""
    check_writer(by, "wages.write.refused", request=request, obj=entry)
    with transaction.atomic():
        entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.extended or entry.state != ListingState.NOTIFIED:
            raise WageError(_("The decision period can be extended once, before the decision."))
        entry.extended = True
        entry.decide_by = add_working_days(entry.decide_by, 20)
        entry.save(update_fields=["extended", "decide_by"])
        log_action("wages.blacklist.extended", request=request, actor=by, obj=entry)
    return entry


def decide_listing(
    entry: BlacklistEntry, *, list_it: bool, paid_with_pledge: bool = False, by, request=None
) -> BlacklistEntry:
    """The decision (art. 8): listed for 3 years, or not (paid before it with a written
    pledge, art. 7, or the objection upheld). Not before the objection period has ended."""
    check_writer(by, "wages.write.refused", request=request, obj=entry)
    today = timezone.localdate()
    with transaction.atomic():
        entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.state != ListingState.NOTIFIED:
            raise WageError(_("This listing has been decided."))
        if today <= entry.objection_by:
            raise WageError(_("Wait until the 5 working days for objections have passed."))
        if today > entry.decide_by:
            raise WageError(_("The period to decide has passed."))
        if list_it and paid_with_pledge:
            raise WageError(_("Arrears paid before the decision with a pledge are not listed."))
        entry.decided_on = today
        if list_it:
            entry.state = ListingState.LISTED
            entry.listed_until = _years_after(today, 3)
        else:
            entry.state = ListingState.NOT_LISTED
        entry.save(update_fields=["state", "decided_on", "listed_until"])
        _set_blacklisted(entry.employer)
        log_action(
            "wages.blacklist.listed" if list_it else "wages.blacklist.not_listed",
            request=request,
            actor=by,
            obj=entry,
        )
    return entry


def remove_listing(
    entry: BlacklistEntry,
    *,
    corrected_on: date | None = None,
    pledge: bool = False,
    by,
    request=None,
) -> BlacklistEntry:
    """Off the list: its 3 years are over, or early (arts. 12–15) 6 months after the arrears
    were corrected, with a written pledge, and no new arrears since."""
    check_writer(by, "wages.write.refused", request=request, obj=entry)
    today = timezone.localdate()
    with transaction.atomic():
        entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.state != ListingState.LISTED:
            raise WageError(_("Only a listed employer can be removed."))
        if today >= entry.listed_until:
            reason = "名单期限届满"
        else:
            if corrected_on is None or not pledge:
                raise WageError(_("Early removal needs the date corrected and a written pledge."))
            if _months_after(corrected_on, 6) > today:
                raise WageError(_("Early removal only 6 months after the arrears were corrected."))
            open_clues = ArrearsClue._base_manager.filter(
                employer=entry.employer, received_on__gt=corrected_on
            ).exclude(state__in=[ClueState.CLOSED, ClueState.PAID])
            if open_clues.exists():
                raise WageError(_("There are new arrears since: no early removal."))
            reason = "提前移出（已纠正并书面承诺）"
            entry.corrected_on = corrected_on
        entry.state = ListingState.REMOVED
        entry.removed_on = today
        entry.removal_reason = reason
        entry.save(update_fields=["state", "removed_on", "removal_reason", "corrected_on"])
        _set_blacklisted(entry.employer)
        log_action("wages.blacklist.removed", request=request, actor=by, obj=entry)
    return entry


def _set_blacklisted(employer: Employer) -> None:
    """`Employer.is_blacklisted` follows the list: set while a listing is in force."""
    listed = BlacklistEntry._base_manager.filter(
        employer=employer, state=ListingState.LISTED
    ).exists()
    with unscoped():
        current = Employer._base_manager.select_for_update().get(pk=employer.pk)
        if current.is_blacklisted != listed:
            current.is_blacklisted = listed
            current.save(update_fields=["is_blacklisted", "updated_at"])
            log_action(
                "wages.employer.blacklisted" if listed else "wages.employer.unlisted",
                obj=current,
            )


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _months_after(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError


def may_write(user) -> None:
    if not user.can_write:
        raise PermissionDenied


# Labour inspections (劳动保障监察) and supervision (督办) ---------------------------------------


def record_inspection(
    *,
    employer: Employer,
    kind: str,
    inspected_on: date,
    findings: str,
    violations: bool = False,
    project: Project | None = None,
    case: WageCase | None = None,
    clue: ArrearsClue | None = None,
    by,
    request=None,
) -> Inspection:
    """An inspection of an employer (and its site), by the office of the project's county
    (else the employer's); planned, or prompted by a warning's case or a worker's clue."""
    if project is not None and project.contractor_id != employer.pk:
        if not project.subcontractors.filter(uscc=employer.uscc).exists():
            raise WageError(_("The employer inspected is not on that project."))
    if not findings.strip():
        raise WageError(_("Write down the findings."))
    if inspected_on > timezone.localdate():
        raise WageError(_("An inspection cannot be dated in the future."))
    county = county_of(project.region_id if project else employer.region_id)
    if not writer_of(by, county, "wages.write.refused", obj=project or employer, request=request):
        raise PermissionDenied
    with transaction.atomic():
        inspection = Inspection.objects.create(
            region_id=county,
            kind=kind,
            project=project,
            employer=employer,
            case=case,
            clue=clue,
            inspected_on=inspected_on,
            findings=findings.strip(),
            violations=violations,
            by=by,
        )
        log_action(
            "wages.inspection.recorded",
            request=request,
            actor=by,
            obj=inspection,
            detail={"kind": kind, "violations": violations},
        )
    return inspection


def order_rectification(
    inspection: Inspection, *, requirements: str, due_on: date, by, request=None
) -> RectificationOrder:
    """An order to rectify (责令改正) by a date, after an inspection."""
    if not writer_of(
        by, inspection.region_id, "wages.write.refused", obj=inspection, request=request
    ):
        raise PermissionDenied
    today = timezone.localdate()
    if not requirements.strip():
        raise WageError(_("Write down what must be rectified."))
    if due_on <= today:
        raise WageError(_("The date to rectify by must be after today."))
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.state == InspectionState.CLOSED:
            raise WageError(_("This inspection is closed."))
        order = RectificationOrder.objects.create(
            inspection=inspection,
            requirements=requirements.strip(),
            ordered_on=today,
            due_on=due_on,
            by=by,
        )
        inspection.state = InspectionState.ORDERED
        inspection.save(update_fields=["state"])
        log_action(
            "wages.inspection.ordered",
            request=request,
            actor=by,
            obj=inspection,
            detail={"order": order.pk, "due_on": due_on.isoformat()},
        )
    return order


def record_rectified(
    order: RectificationOrder, *, result: str, complied_on: date, by, request=None
) -> RectificationOrder:
    """The follow-up: the order complied with on a day (late shows as late); when every order
    of the inspection is complied with, the inspection is rectified."""
    inspection = order.inspection
    if not writer_of(
        by, inspection.region_id, "wages.write.refused", obj=inspection, request=request
    ):
        raise PermissionDenied
    if complied_on > timezone.localdate() or complied_on < order.ordered_on:
        raise WageError(_("The day rectified must lie between the order and today."))
    with transaction.atomic():
        order = RectificationOrder.objects.select_for_update().get(pk=order.pk)
        if order.complied_on is not None:
            raise WageError(_("This order is already rectified."))
        order.complied_on, order.result = complied_on, result.strip()
        order.save(update_fields=["complied_on", "result"])
        if not inspection.orders.filter(complied_on__isnull=True).exists():
            inspection.state = InspectionState.RECTIFIED
            inspection.save(update_fields=["state"])
        log_action(
            "wages.inspection.rectified",
            request=request,
            actor=by,
            obj=inspection,
            detail={"order": order.pk, "late": complied_on > order.due_on},
        )
    return order


def close_inspection(inspection: Inspection, *, by, request=None) -> Inspection:
    if not writer_of(
        by, inspection.region_id, "wages.write.refused", obj=inspection, request=request
    ):
        raise PermissionDenied
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.orders.filter(complied_on__isnull=True).exists():
            raise WageError(_("An order is not yet rectified."))
        inspection.state = InspectionState.CLOSED
        inspection.save(update_fields=["state"])
        log_action("wages.inspection.closed", request=request, actor=by, obj=inspection)
    return inspection


def supervision_days() -> int:
    return int(getattr(settings, "HOMEWARD_WAGES_SUPERVISION_DAYS", 10))


def _supervise(clue, *, office: str, instructions: str, by, request, reply_by=None):
    today = timezone.localdate()
    supervision = Supervision.objects.create(
        clue=clue,
        office_id=office,
        instructions=instructions,
        issued_on=today,
        reply_by=reply_by or today + timedelta(days=supervision_days()),
        issued_by=by,
    )
    log_action(
        "wages.supervision.issued",
        request=request,
        actor=by,
        obj=clue,
        region_code=clue.region_id,
        detail={"supervision": supervision.pk, "office": office},
    )
    return supervision


def issue_supervision(
    clue: ArrearsClue,
    *,
    instructions: str,
    reply_by: date | None = None,
    by,
    request=None,
) -> Supervision:
    """The higher office's supervision notice (督办) on a case: only a user of an office above
    the handling county (the city or the province), with a reply deadline."""
    area = getattr(by, "region_id", None) or ""
    above = bool(area) and area != clue.region_id and covers(area, clue.region_id)
    if by is not None and by.is_superuser:
        area, above = city_of(clue.region_id), True
    if not writer_of(by, clue.region_id, "wages.write.refused", obj=clue, request=request):
        raise PermissionDenied
    if not above:
        log_action(
            "wages.supervision.issued",
            request=request,
            actor=by,
            obj=clue,
            result=Result.REFUSED,
            detail={"office": area},
        )
        raise WageError(_("Only an office above the handling county supervises a case."))
    if not instructions.strip():
        raise WageError(_("Write down the instructions."))
    if reply_by is not None and reply_by <= timezone.localdate():
        raise WageError(_("The reply date must be after today."))
    if clue.state in (ClueState.CLOSED, ClueState.ARBITRATION, ClueState.POLICE):
        raise WageError(_("This case is closed."))
    with transaction.atomic():
        return _supervise(
            clue,
            office=area,
            instructions=instructions.strip(),
            by=by,
            request=request,
            reply_by=reply_by,
        )


def reply_supervision(supervision: Supervision, *, reply: str, by, request=None) -> Supervision:
    """The handling county's reply to a supervision notice (late shows as late)."""
    clue = supervision.clue
    if not writer_of(by, clue.region_id, "wages.write.refused", obj=clue, request=request):
        raise PermissionDenied
    if not reply.strip():
        raise WageError(_("Write down the reply."))
    with transaction.atomic():
        supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
        if supervision.replied_on is not None:
            raise WageError(_("This notice has been replied to."))
        supervision.reply = reply.strip()
        supervision.replied_on = timezone.localdate()
        supervision.replied_by = by
        supervision.save(update_fields=["reply", "replied_on", "replied_by"])
        log_action(
            "wages.supervision.replied",
            request=request,
            actor=by,
            obj=clue,
            detail={
                "supervision": supervision.pk,
                "late": supervision.replied_on > supervision.reply_by,
            },
        )
    return supervision


# Risk before arrears ----------------------------------------------------------------------------


def risk_signals(projects, *, today: date | None = None) -> dict[int, "risk.Signals"]:
    """Each project's `risk.Signals` from its recorded rows (payments, attendance, warnings,
    subcontractors, its contractor's other projects, clues)."""
    from django.db.models import Count

    from .models import Level, Subcontractor

    today = today or timezone.localdate()
    projects = list(projects)
    ids = [p.pk for p in projects]
    delays: dict[int, list] = {pk: [] for pk in ids}
    for pk, month, paid_on in PayrollEntry._base_manager.filter(project_id__in=ids).values_list(
        "project_id", "month", "paid_on"
    ):
        index = rules.month_index(month.year, month.month)
        delays[pk].append((index, float((paid_on - rules.deadline(index)).days)))
    # person-months past their deadline in the last 3 such months, and those unpaid
    paid = set(
        PayrollEntry._base_manager.filter(project_id__in=ids).values_list(
            "project_id", "entry_id", "month"
        )
    )
    attended: dict[int, dict] = {pk: {} for pk in ids}
    for pk, entry_id, month, days in (
        Attendance._base_manager.filter(project_id__in=ids)
        .order_by("pk")
        .values_list("project_id", "entry_id", "month", "days")
    ):
        if rules.deadline(rules.month_index(month.year, month.month)) < today:
            attended[pk][(entry_id, month)] = days
    weights = {Level.RED: 3, Level.ORANGE: 2, Level.YELLOW: 1}
    warned: dict[int, float] = {pk: 0.0 for pk in ids}
    for pk, level, n in (
        WageWarning._base_manager.filter(project_id__in=ids)
        .values_list("project_id", "level")
        .annotate(n=Count("pk"))
    ):
        warned[pk] += weights.get(level, 1) * n
    depth = dict(
        Subcontractor._base_manager.filter(project_id__in=ids)
        .values_list("project_id")
        .annotate(n=Count("pk"))
    )
    clues = dict(
        ArrearsClue._base_manager.filter(project_id__in=ids)
        .values_list("project_id")
        .annotate(n=Count("pk"))
    )
    contractors = {p.contractor_id for p in projects}
    red_by = {}
    for contractor, pk, n in (
        WageWarning._base_manager.filter(project__contractor_id__in=contractors, level=Level.RED)
        .values_list("project__contractor_id", "project_id")
        .annotate(n=Count("pk"))
    ):
        red_by.setdefault(contractor, {})[pk] = n
    clue_by = {}
    for employer, pk, n in (
        ArrearsClue._base_manager.filter(employer_id__in=contractors)
        .values_list("employer_id", "project_id")
        .annotate(n=Count("pk"))
    ):
        clue_by.setdefault(employer, {})[pk] = n
    out = {}
    for p in projects:
        months = sorted({m for _e, m in attended[p.pk]})[-3:]
        recent = [k for k in attended[p.pk] if k[1] in months]
        unpaid = [k for k in recent if (p.pk, k[0], k[1]) not in paid]
        elsewhere = sum(n for pk, n in red_by.get(p.contractor_id, {}).items() if pk != p.pk)
        elsewhere += sum(n for pk, n in clue_by.get(p.contractor_id, {}).items() if pk != p.pk)
        near = 0.0
        if p.planned_end_on and p.planned_end_on > p.start_on:
            share = (today - p.start_on).days / (p.planned_end_on - p.start_on).days
            near = float(share >= 0.8 and p.status == ProjectStatus.BUILDING)
        out[p.pk] = risk.Signals(
            delay_growth=risk.delay_growth(delays[p.pk]),
            unpaid_share=len(unpaid) / len(recent) if recent else 0.0,
            warnings=warned[p.pk],
            depth=depth.get(p.pk, 0),
            contractor_history=elsewhere,
            near_completion=near,
            complaints=clues.get(p.pk, 0),
        )
    return out


def risk_of(projects, *, today: date | None = None) -> dict[int, "risk.Score"]:
    return {pk: risk.score(s) for pk, s in risk_signals(projects, today=today).items()}
