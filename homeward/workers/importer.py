"""Importing a village ledger into the registry: every row accounted for, nothing half-written.

One file is one transaction: killed at any moment, the database is as it was before. Each row
ends as created, updated, unchanged (the same file again changes nothing), duplicate (the same
person earlier in the file) or rejected with the sheet's row number and a reason in Chinese.
Rows are written in bulk, so a 100,000-row ledger takes one pass and a few thousand statements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from homeward.audit.services import log_action
from homeward.core.bulk import FastInsert, batches, reserve_ids
from homeward.crypto import ID_NUMBER, PHONE, lookup_hash, mask_id_number
from homeward.scoping import covers

from . import occupations
from .ledger import clean_row, find_duplicates, read_ledger
from .models import Source, StatusEvent, Worker
from .services import check_sealed_fields, sealed_values
from .villages import VillageResolver

BATCH = 1000
LOOKUP_CHUNK = 500  # ID hashes per IN (...) query; SQLite allows 999 parameters

CREATED, UPDATED, UNCHANGED, DUPLICATE, REJECTED = (
    "created",
    "updated",
    "unchanged",
    "duplicate",
    "rejected",
)
OUTCOME_LABELS = {
    CREATED: "新增",
    UPDATED: "更新",
    UNCHANGED: "无变化",
    DUPLICATE: "重复",
    REJECTED: "未导入",
}

# Registry fields a ledger row sets, with the ledger record's key for each.
LEDGER_FIELDS = {
    "name": "name",
    "gender": "gender",
    "birth_date": "birth_date",
    "address": "village",
    "employer_name": "employer_name",
    "occupation_text": "occupation",
    "education": "education",
    "monthly_income": "monthly_income",
    "expected_wage": "expected_wage",
    "intention": "intention",
    "training_wish": "training_wish",
    "low_income": "low_income",
    "returned_on": "returned_on",
    "note": "note",
}


@dataclass
class RowReport:
    row: int
    outcome: str
    name: str = ""
    id_number: str = ""  # masked
    messages: list[str] = field(default_factory=list)
    worker_id: int | None = None


@dataclass
class ImportReport:
    filename: str
    sheet: str
    header_row: int
    region: str
    dry_run: bool
    rows: list[RowReport] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOME_LABELS, 0)
        for row in self.rows:
            counts[row.outcome] += 1
        counts["warnings"] = sum(
            1 for r in self.rows if r.outcome not in (REJECTED, DUPLICATE) and r.messages
        )
        return counts

    def as_dict(self) -> dict:
        return {
            "filename": self.filename,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "region": self.region,
            "dry_run": self.dry_run,
            "counts": self.counts,
            "unknown_columns": self.unknown_columns,
            "notes": self.notes,
            "rows": [asdict(row) for row in self.rows],
        }


def _registry_values(record: dict, village: str) -> dict:
    values = {field: record.get(key) for field, key in LEDGER_FIELDS.items()}
    for name, value in values.items():
        if value is None and name not in {
            "birth_date",
            "monthly_income",
            "expected_wage",
            "returned_on",
        }:
            values[name] = ""
    values["region_id"] = village
    values["occupation"] = occupations.classify(record.get("occupation")) or ""
    values["skills"] = "、".join(record.get("skills") or [])[:200]
    values["service_needs"] = ",".join(record.get("service_needs") or [])
    if record.get("consent") is not None:
        values["consents_to_contact"] = bool(record["consent"])
    if record.get("phone"):
        values["phone"] = record["phone"]
    return values


def _existing(hashes: list[str]) -> dict[str, Worker]:
    """Registered people with these ID hashes, in any area (the caller checks the area)."""
    found = {}
    for start in range(0, len(hashes), LOOKUP_CHUNK):
        chunk = hashes[start : start + LOOKUP_CHUNK]
        for worker in Worker._base_manager.filter(id_number_hash__in=chunk):
            found[worker.id_number_hash] = worker
    return found


def import_ledger(
    source,
    filename: str,
    *,
    region: str,
    by=None,
    dry_run: bool = False,
    request=None,
    today: date | None = None,
) -> ImportReport:
    """Read `source` (bytes or a path) and write its people into villages of `region`.

    Raises ledger.LedgerError when the file is not a ledger at all (no header found).
    """
    today = today or timezone.localdate()
    ledger = read_ledger(source, filename)
    results = [clean_row(row, today=today) for row in ledger.rows()]
    find_duplicates(results)
    report = ImportReport(
        filename=filename,
        sheet=ledger.sheet,
        header_row=ledger.header_row,
        region=region,
        dry_run=dry_run,
        unknown_columns=list(ledger.unknown_columns),
    )
    if ledger.rows_after_end:
        rows = "、".join(str(n) for n in ledger.rows_after_end[:10])
        report.notes.append(
            f"表格在第 {ledger.end_row} 行“{ledger.end_text}”处结束，其后第 {rows} 行像是数据，未导入"
        )

    villages = VillageResolver(region)
    accepted = []  # (result, report row, hash, village)
    for result in results:
        record = result.record
        line = RowReport(
            row=result.row,
            outcome=REJECTED,
            name=record.get("name") or "",
            id_number=mask_id_number(record.get("id_number") or ""),
            messages=[issue.message for issue in (*result.errors, *result.warnings)],
        )
        report.rows.append(line)
        if result.duplicate_of is not None:
            line.outcome = DUPLICATE
            continue
        if result.errors:
            continue
        village, problem = villages.resolve(record.get("village_code") or record.get("village"))
        if village is None:
            line.messages.insert(0, f"“所在村”列：{problem}")
            continue
        accepted.append((result, line, lookup_hash(ID_NUMBER, record["id_number"]), village))

    with transaction.atomic():
        _write(accepted, region=region, by=by, today=today, villages=villages)
        counts = report.counts
        if dry_run:
            transaction.set_rollback(True)
        else:
            log_action(
                "workers.ledger.imported",
                request=request,
                actor=by,
                region_code=region,
                object_repr=filename[:200],
                detail={"counts": counts, "sheet": ledger.sheet},
            )
    return report


def _write(accepted, *, region: str, by, today: date, villages: VillageResolver) -> None:
    existing = _existing([digest for _, _, digest, _ in accepted])
    created = {}  # ID hash → values of a new worker
    changed_workers, events = {}, []  # events: (worker id or hash, region, status, scope, place)
    changed_fields: set[str] = set()
    for result, line, digest, village in accepted:
        record = result.record
        values = _registry_values(record, village)
        if villages.names_only(record.get("village"), village):
            del values["address"]  # the village column named the village, nothing more
        worker = existing.get(digest)
        if worker is not None and not covers(region, worker.region_id):
            line.outcome = REJECTED
            line.messages.insert(0, "此人已在其他辖区登记，请联系县级农民工服务中心核实后迁移")
            continue
        status = record.get("employment_status") or ""
        scope = record.get("work_scope") or ""
        place = record.get("work_place") or ""
        if worker is None:
            values.update(
                id_number=record["id_number"],
                status=status,
                work_scope=scope,
                work_place=place,
                status_since=today if status else None,
                created_by_id=by.pk if by else None,
            )
            created[digest] = values
            line.outcome = CREATED
            if status:
                events.append((digest, village, status, scope, place))
            continue
        fields = [name for name, value in values.items() if getattr(worker, name) != value]
        for name in fields:
            setattr(worker, name, values[name])
        if "phone" in fields:
            worker.phone_hash = lookup_hash(PHONE, worker.phone)
            fields.append("phone_hash")
        if status and (status, scope, place) != (
            worker.status,
            worker.work_scope,
            worker.work_place,
        ):
            worker.status, worker.work_scope, worker.work_place = status, scope, place
            worker.status_since = today
            fields += ["status", "work_scope", "work_place", "status_since"]
            events.append((worker.pk, worker.region_id, status, scope, place))
        if fields:
            worker.updated_at = timezone.now()
            changed_fields.update(fields)
            changed_workers[worker.pk] = worker
            line.outcome = UPDATED
        else:
            line.outcome = UNCHANGED
        line.worker_id = worker.pk

    new_ids = _insert_workers(created)
    if changed_workers:
        Worker._base_manager.bulk_update(
            list(changed_workers.values()),
            sorted(changed_fields | {"updated_at"}),
            batch_size=BATCH,
        )
    _insert_events(events, new_ids, today=today, by=by)
    for _, line, digest, _ in accepted:
        if line.outcome == CREATED:
            line.worker_id = new_ids[digest]


def _insert_workers(created: dict[str, dict]) -> dict[str, int]:
    """Write new workers past the ORM (see core.bulk); return their ids by ID hash."""
    check_sealed_fields()
    table = FastInsert(Worker)
    ids = dict(zip(created, reserve_ids(Worker, len(created)), strict=True))
    for chunk in batches(created.items(), BATCH):
        table.write(
            [table.row({**sealed_values(values), "id": ids[digest]}) for digest, values in chunk]
        )
    return ids


def _insert_events(events, new_ids: dict[str, int], *, today: date, by) -> None:
    table = FastInsert(StatusEvent, skip={"id"})
    common = {
        "occurred_on": today,
        "source": Source.IMPORT,
        "recorded_by_id": by.pk if by else None,
    }
    for chunk in batches(events, BATCH):
        table.write(
            [
                table.row(
                    {
                        **common,
                        "worker_id": new_ids.get(worker, worker),
                        "region_id": region,
                        "status": status,
                        "work_scope": scope,
                        "work_place": place,
                    }
                )
                for worker, region, status, scope, place in chunk
            ]
        )
