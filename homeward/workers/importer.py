"""Importing a village ledger into the registry: every row accounted for, nothing half-written.

One file is one transaction: killed at any moment, the database is as it was before. Each row
ends as created, updated, unchanged (the same file again changes nothing), duplicate (the same
person earlier in the file) or rejected with the sheet's row number and a reason in Chinese.
Rows are written in bulk, so a 100,000-row ledger takes one pass and a few thousand statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from homeward.audit.services import log_action
from homeward.core.bulk import FastInsert, batches, large_cache, reserve_ids
from homeward.crypto import ID_NUMBER, PHONE, lookup_hash, lookup_hashes, mask_id_number
from homeward.scoping import covers

from . import insurance, occupations
from .ledger import clean_rows, find_duplicates, read_ledger
from .ledger_export import key_to_pk
from .ledger_fields import FIELD_HEADERS, IGNORED, RECORD_KEY
from .models import LedgerColumnChoice, LedgerUpload, Source, StatusEvent, Worker
from .retention import schedule_purge
from .services import check_sealed_fields, sealed_rows
from .villages import VillageResolver

BATCH = 1000
# Rows a stored report lists (LedgerUpload.report): every row of a small file; of a larger one
# the rows that need a look (rejected, duplicate, with a warning), up to this many. Counts are
# always whole; the result sheet gives every row again.
REPORT_ROWS = 1000
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
    # Unknown columns that hold data: {"header", "key", "cells"}; the preview offers a field.
    unmapped_columns: list[dict] = field(default_factory=list)
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

    def as_dict(self, rows: int | None = -1) -> dict:
        """The report as stored: whole counts, and at most `rows` rows (REPORT_ROWS unless
        given; None for every row), see REPORT_ROWS."""
        limit = REPORT_ROWS if rows == -1 else rows
        if limit is None or len(self.rows) <= limit:
            listed, left_off = self.rows, 0
        else:
            noted = [r for r in self.rows if r.messages or r.outcome in (REJECTED, DUPLICATE)]
            listed, left_off = noted[:limit], max(0, len(noted) - limit)
        return {
            "filename": self.filename,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "region": self.region,
            "dry_run": self.dry_run,
            "counts": self.counts,
            "unknown_columns": self.unknown_columns,
            "unmapped_columns": self.unmapped_columns,
            "notes": self.notes,
            "rows": [_row_dict(row) for row in listed],
            "rows_total": len(self.rows),
            "rows_left_off": left_off,  # rows that need a look and are not listed
        }


def _row_dict(row: RowReport) -> dict:
    return {
        "row": row.row,
        "outcome": row.outcome,
        "name": row.name,
        "id_number": row.id_number,
        "messages": list(row.messages),
        "worker_id": row.worker_id,
    }


def _registry_values(record: dict, village: str, classified: dict[str, str] | None = None) -> dict:
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
    text = record.get("occupation") or ""
    if classified is None:
        values["occupation"] = occupations.classify(text) or ""
    else:  # one ledger names the same few trades again and again
        code = classified.get(text)
        if code is None:
            code = classified[text] = occupations.classify(text) or ""
        values["occupation"] = code
    values["skills"] = "、".join(record.get("skills") or [])[:200]
    values["service_needs"] = ",".join(record.get("service_needs") or [])
    if record.get("consent") is not None:
        values["consents_to_contact"] = bool(record["consent"])
    if record.get("phone"):
        values["phone"] = record["phone"]
    return values


def _existing(refs: list[str | int]) -> dict[str | int, Worker]:
    """Registered people by ID hash (str) or record id (int, from a masked export's key), in
    any area: the caller checks the area.

    The hashes are looked up with plain SQL on the hash column's index (the ORM's IN lookup
    prepares each of 100,000 parameters one by one); only the people found are loaded.
    """
    found: dict[str | int, Worker] = {}
    hashes = [ref for ref in refs if isinstance(ref, str) and ref]
    pks = [ref for ref in refs if isinstance(ref, int)]
    table = connection.ops.quote_name(Worker._meta.db_table)
    column = connection.ops.quote_name(Worker._meta.get_field("id_number_hash").column)
    by_hash: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(hashes), LOOKUP_CHUNK):
            chunk = hashes[start : start + LOOKUP_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT id FROM {table} WHERE {column} IN ({marks})", chunk)
            by_hash.extend(pk for (pk,) in cursor.fetchall())
    for start in range(0, len(by_hash), LOOKUP_CHUNK):
        chunk = by_hash[start : start + LOOKUP_CHUNK]
        for worker in Worker._base_manager.filter(pk__in=chunk):
            found[worker.id_number_hash] = worker
    for start in range(0, len(pks), LOOKUP_CHUNK):
        for worker in Worker._base_manager.filter(pk__in=pks[start : start + LOOKUP_CHUNK]):
            found[worker.pk] = worker
    return found


NOT_FOUND_BY_KEY = "“记录编号”列：本辖区没有这条记录（编号可能被改动过），这一行没有导入"
# Set from the ID number, which a masked export hides: a keyed row leaves them as they are.
_KEPT_FOR_KEYED = ("gender", "birth_date")


def import_ledger(
    source,
    filename: str,
    *,
    region: str,
    by=None,
    dry_run: bool = False,
    request=None,
    today: date | None = None,
    columns: dict[str, str] | None = None,
) -> ImportReport:
    """Read `source` (bytes or a path) and write its people into villages of `region`.

    `columns` maps header keys to fields for headers the importer does not know (the area's
    remembered choices, see `column_choices`). Raises ledger.LedgerError when the file is not a
    ledger at all (no header found).
    """
    today = today or timezone.localdate()
    ledger = read_ledger(source, filename, extra=columns)
    results = clean_rows(list(ledger.rows()), today=today)
    find_duplicates(results)
    report = ImportReport(
        filename=filename,
        sheet=ledger.sheet,
        header_row=ledger.header_row,
        region=region,
        dry_run=dry_run,
        unknown_columns=list(ledger.unknown_columns),
    )
    for column, cells in ledger.unknown_with_data:
        report.unmapped_columns.append({"header": column.header, "key": column.key, "cells": cells})
        report.notes.append(
            f"“{column.header}”列有 {cells} 行填了内容，但系统不认识这一列，这些内容没有导入；"
            "可在预览页为它选择对应的信息项"
        )
    for header in ledger.layout.ignored_by_choice:
        report.notes.append(f"“{header}”列按本辖区之前的选择不导入")
    if ledger.rows_after_end:
        rows = "、".join(str(n) for n in ledger.rows_after_end[:10])
        report.notes.append(
            f"表格在第 {ledger.end_row} 行“{ledger.end_text}”处结束，其后第 {rows} 行像是数据，未导入"
        )

    villages = VillageResolver(region)
    resolved: dict[str, tuple[str | None, str | None]] = {}  # ledgers repeat a few villages
    accepted = []  # (result, report row, hash, village)
    hashes = iter(lookup_hashes(ID_NUMBER, [r.record.get("id_number") for r in results if r.ok]))
    for result in results:
        digest = next(hashes) if result.ok else ""
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
        place = record.get("village_code") or record.get("village") or ""
        found = resolved.get(place)
        if found is None:
            found = resolved[place] = villages.resolve(place)
        village, problem = found
        if village is None:
            line.messages.insert(0, f"“所在村”列：{problem}")
            continue
        if record.get("id_number"):
            ref = digest
        else:  # a row of a masked export, keyed by the record id
            ref = key_to_pk(record.get(RECORD_KEY) or "")
            if ref is None:
                line.messages.insert(0, NOT_FOUND_BY_KEY)
                continue
        accepted.append((result, line, ref, village))

    if dry_run:  # reads only: no transaction, so a preview never waits for a writer's lock
        _write(accepted, region=region, by=by, today=today, villages=villages, dry_run=True)
        return report
    with transaction.atomic():
        _write(accepted, region=region, by=by, today=today, villages=villages)
        _write_insurance(accepted, today=today, by=by)
        log_action(
            "workers.ledger.imported",
            request=request,
            actor=by,
            region_code=region,
            object_repr=filename[:200],
            detail={"counts": report.counts, "sheet": ledger.sheet},
        )
    return report


def _write(
    accepted, *, region: str, by, today: date, villages: VillageResolver, dry_run: bool = False
) -> None:
    """Decide each accepted row's outcome against the registry, and write unless `dry_run`.

    A dry run reads the same people and decides the same outcomes, but writes nothing (new
    workers get no id in its report).
    """
    existing = _existing([digest for _, _, digest, _ in accepted])
    names_only: dict[tuple[str, str], bool] = {}
    classified: dict[str, str] = {}
    created = {}  # ID hash → values of a new worker
    changed_workers, events = {}, []  # events: (worker id or hash, region, status, scope, place)
    changed_fields: set[str] = set()
    for result, line, digest, village in accepted:
        record = result.record
        worker = existing.get(digest)
        if dry_run and worker is None and not isinstance(digest, int):
            line.outcome = CREATED  # what would be written is not needed to say so
            continue
        values = _registry_values(record, village, classified)
        said = (record.get("village") or "", village)
        plain = names_only.get(said)
        if plain is None:
            plain = names_only[said] = villages.names_only(*said)
        if plain:
            del values["address"]  # the village column named the village, nothing more
        if isinstance(digest, int):  # keyed: only someone already registered in the area
            if worker is None or not covers(region, worker.region_id):
                line.outcome = REJECTED
                line.messages.insert(0, NOT_FOUND_BY_KEY)
                continue
            for name in _KEPT_FOR_KEYED:
                del values[name]
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

    if dry_run:
        return
    with large_cache():  # SQLite: the indexes of 100,000 new rows kept in memory while built
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


def _write_insurance(accepted, *, today: date, by) -> None:
    """The rows' social-insurance columns, as of the import's day; a row whose only change is
    its insurance is reported as updated."""
    answers: dict[int, dict[str, dict]] = {}
    for result, line, _digest, _village in accepted:
        if line.worker_id is None or line.outcome not in (CREATED, UPDATED, UNCHANGED):
            continue
        record = result.record
        found = {
            kind: record[column]
            for kind, column in insurance.LEDGER_COLUMNS.items()
            if record.get(column)
        }
        if found:
            answers[line.worker_id] = found
    if not answers:
        return
    changed = insurance.write_answers(answers, as_of=today, source=Source.IMPORT, by=by)
    for _result, line, _digest, _village in accepted:
        if line.outcome == UNCHANGED and line.worker_id in changed:
            line.outcome = UPDATED


def _insert_workers(created: dict[str, dict]) -> dict[str, int]:
    """Write new workers past the ORM (see core.bulk); return their ids by ID hash."""
    check_sealed_fields()
    table = FastInsert(Worker)
    ids = dict(zip(created, reserve_ids(Worker, len(created)), strict=True))
    for chunk in batches(created.items(), BATCH):
        digests = [digest for digest, _ in chunk]
        # The ID hashes are the keys of `created`, computed once when the file was read.
        sealed = sealed_rows([values for _, values in chunk], id_hashes=digests)
        for digest, values in zip(digests, sealed, strict=True):
            values["id"] = ids[digest]
        table.write(table.rows(sealed))
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


# Uploads: the file kept between the preview and the import, and the clerk's column choices.


def column_choices(region_code: str) -> dict[str, str]:
    """The fields an area's clerks chose for headers the importer does not know (key → field)."""
    return dict(
        LedgerColumnChoice.objects.filter(region_id=region_code).values_list("header_key", "field")
    )


def upload_ledger(content: bytes, filename: str, *, region: str, by, request=None) -> LedgerUpload:
    """Check a ledger (a dry run, every row explained) and keep it for confirmation.

    Raises ledger.LedgerError when the file is not a ledger; nothing is kept then.
    """
    filename = filename[-200:]
    report = import_ledger(
        content,
        filename,
        region=region,
        by=by,
        dry_run=True,
        columns=column_choices(region),
    )
    with transaction.atomic():
        upload = LedgerUpload.objects.create(
            region_id=region,
            filename=filename,
            content=content,
            report=report.as_dict(),
            uploaded_by=by,
        )
        log_action(
            "workers.ledger.uploaded",
            request=request,
            actor=by,
            obj=upload,
            detail={"counts": report.counts, "rows": len(report.rows)},
        )
        schedule_purge(upload)  # its file goes after the retention period, cron or not
    return upload


def choose_columns(upload: LedgerUpload, choices: dict[str, str], *, by, request=None) -> None:
    """Remember the fields chosen for unknown headers in the upload's area, and check again.

    `choices` maps header keys of the upload's unmapped columns to a field of FIELD_HEADERS or
    IGNORED; other keys are refused (ValueError), as are uploads no longer waiting.
    """
    offered = {column["key"]: column["header"] for column in upload.report["unmapped_columns"]}
    allowed = {*FIELD_HEADERS, IGNORED}
    if upload.state != LedgerUpload.State.PREVIEWED:
        raise ValueError("这份台账已经导入或放弃，不能再修改列的对应")
    for key, name in choices.items():
        if key not in offered or name not in allowed:
            raise ValueError(f"“{offered.get(key, key)}”列不能对应到“{name}”")
    with transaction.atomic():
        for key, name in choices.items():
            LedgerColumnChoice.objects.update_or_create(
                region_id=upload.region_id,
                header_key=key,
                defaults={"header": offered[key][:100], "field": name, "chosen_by": by},
            )
        report = import_ledger(
            bytes(upload.content),
            upload.filename,
            region=upload.region_id,
            by=by,
            dry_run=True,
            columns=column_choices(upload.region_id),
        )
        upload.report = report.as_dict()
        upload.save(update_fields=["report"])
        log_action(
            "workers.ledger.columns_chosen",
            request=request,
            actor=by,
            obj=upload,
            detail={"columns": {offered[key]: name for key, name in choices.items()}},
        )


def import_upload(upload_pk: int, *, by, request=None) -> LedgerUpload:
    """Import a previewed upload once (a second call finds it imported) and drop its file."""
    with transaction.atomic():
        # Locked, so a double click imports once; the import is idempotent all the same.
        upload = LedgerUpload.objects.select_for_update().get(pk=upload_pk)
        if upload.state != LedgerUpload.State.PREVIEWED:
            return upload
        report = import_ledger(
            bytes(upload.content),
            upload.filename,
            region=upload.region_id,
            by=by,
            request=request,
            columns=column_choices(upload.region_id),
        )
        upload.report = report.as_dict()
        upload.state = LedgerUpload.State.IMPORTED
        upload.content = b""  # the people are in the registry now; drop the file (S22)
        upload.save(update_fields=["report", "state", "content"])
    return upload


def discard_upload(upload: LedgerUpload, *, by, request=None) -> None:
    """Give up a previewed upload: its file is deleted, its report kept."""
    with transaction.atomic():
        if upload.state != LedgerUpload.State.PREVIEWED:
            return
        upload.state = LedgerUpload.State.DISCARDED
        upload.content = b""
        upload.save(update_fields=["state", "content"])
        log_action("workers.ledger.discarded", request=request, actor=by, obj=upload)
