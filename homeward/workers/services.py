"""Registry writes: registering a person once, and recording each change of their status."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from homeward.audit.services import log_action
from homeward.crypto import (
    ID_NUMBER,
    PHONE,
    EncryptedField,
    LookupHashField,
    encryptor,
    hash_filter,
    lookup_hashes,
    normalized_many,
)

from . import occupations
from .models import Source, StatusEvent, Worker

# Fields a registration may set; anything else in the data is ignored (SECURITY.md S9).
PROFILE_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "phone",
    "region_id",
    "address",
    "work_region_id",
    "employer_name",
    "occupation_text",
    "occupation",
    "skills",
    "education",
    "monthly_income",
    "expected_wage",
    "intention",
    "training_wish",
    "service_needs",
    "low_income",
    "consents_to_contact",
    "returned_on",
    "note",
    "willing_scope",
    "wanted_work_types",
    "wanted_benefits",
    "available_from",
)


def find_worker(id_number: str, queryset=None) -> Worker | None:
    """The registered person with this ID number (any written form), if the area can see them."""
    queryset = Worker.objects.all() if queryset is None else queryset
    return queryset.filter(**hash_filter(Worker, "id_number", id_number)).first()


def id_number_taken(id_number: str) -> bool:
    """Whether anyone, in any area, is registered under this ID number (no details revealed)."""
    return Worker._base_manager.filter(**hash_filter(Worker, "id_number", id_number)).exists()


def apply_profile(worker: Worker, data: dict) -> list[str]:
    """Set the profile fields present in `data`; return the names of those that changed."""
    if "occupation_text" in data and "occupation" not in data:
        data = {**data, "occupation": occupations.classify(data["occupation_text"]) or ""}
    changed = []
    for field in PROFILE_FIELDS:
        if field in data and getattr(worker, field) != data[field]:
            setattr(worker, field, data[field])
            changed.append(field)
    return changed


def record_status(
    worker: Worker,
    *,
    status: str,
    occurred_on: date,
    source: str,
    by=None,
    work_scope: str = "",
    work_place: str = "",
    note: str = "",
) -> StatusEvent | None:
    """Append a status event when the status or place changed; the newest event is current.

    Newest by date, a date after today counting as today: a change recorded now is not
    overridden by an earlier one dated ahead (a hire starting next month), which would
    otherwise stay current until that day and freeze every change made before it.
    """
    if (status, work_scope, work_place) == (worker.status, worker.work_scope, worker.work_place):
        return None
    event = StatusEvent.objects.create(
        worker=worker,
        region_id=worker.region_id,
        status=status,
        work_scope=work_scope,
        work_place=work_place,
        occurred_on=occurred_on,
        source=source,
        recorded_by=by,
        note=note,
    )
    since = worker.status_since
    if since is None or occurred_on >= min(since, timezone.localdate()):
        worker.status, worker.status_since = status, occurred_on
        worker.work_scope, worker.work_place = work_scope, work_place
        worker.save(update_fields=["status", "status_since", "work_scope", "work_place"])
    return event


@transaction.atomic
def register_worker(
    data: dict, *, by, source: str = Source.STAFF, request=None, status_on: date | None = None
) -> tuple[Worker, str]:
    """Create the person, or update the one already registered under the same ID number.

    Returns the worker and "created", "updated" or "unchanged". The status in `data` (with its
    work scope and place) becomes a status event dated `status_on`.
    """
    worker = find_worker(data["id_number"])
    created = worker is None
    if created:
        worker = Worker(id_number=data["id_number"], created_by=by)
    changed = apply_profile(worker, data)
    if created or changed:
        worker.save()
    status = data.get("status")
    event = None
    if status:
        event = record_status(
            worker,
            status=status,
            occurred_on=status_on or timezone.localdate(),
            source=source,
            by=by,
            work_scope=data.get("work_scope", ""),
            work_place=data.get("work_place", ""),
        )
    outcome = "created" if created else "updated" if changed or event else "unchanged"
    if outcome != "unchanged" and source != Source.IMPORT:
        log_action(
            f"workers.worker.{outcome}",
            request=request,
            actor=by,
            obj=worker,
            detail={"fields": sorted(changed)},
        )
    return worker, outcome


# Writing workers past the ORM (bulk loads, imports): the personal fields sealed by hand.

SEALED_FIELDS = {"id_number", "id_number_hash", "phone", "phone_hash"}


def sealed_values(values: dict) -> dict:
    """`values` with the ID and phone numbers normalised, encrypted and hashed, once each."""
    return sealed_rows([values])[0]


def sealed_rows(rows: list[dict], *, id_hashes: list[str] | None = None) -> list[dict]:
    """`sealed_values` of each of `rows`, for bulk loads: the rules above in one pass, with the
    keys set up once and the hashes computed in bulk.

    `id_hashes`, when the caller has them already (an importer's `lookup_hashes(ID_NUMBER, …)`
    of the same numbers, in the same order), are used instead of hashing the ID numbers again.
    """
    id_numbers = normalized_many(ID_NUMBER, [values["id_number"] for values in rows])
    phones = normalized_many(PHONE, [values.get("phone") or "" for values in rows])
    if id_hashes is None:
        id_hashes = lookup_hashes(ID_NUMBER, id_numbers, normalized=True)
    elif len(id_hashes) != len(rows):
        raise ValueError("one ID hash is needed for each row")
    phone_hashes = lookup_hashes(PHONE, phones, normalized=True)
    seal = encryptor()
    sealed = []
    for values, id_number, id_hash, phone, phone_hash in zip(
        rows, id_numbers, id_hashes, phones, phone_hashes, strict=True
    ):
        row = dict(values)
        row["id_number"] = seal(id_number)
        row["id_number_hash"] = id_hash
        row["phone"] = seal(phone) if phone else ""
        row["phone_hash"] = phone_hash
        sealed.append(row)
    return sealed


def check_sealed_fields() -> None:
    """Every encrypted or hash field of Worker must be one that `sealed_values` fills."""
    names = {f.name for f in Worker._meta.fields if isinstance(f, EncryptedField | LookupHashField)}
    if names != SEALED_FIELDS:
        raise RuntimeError(f"sealed_values does not encrypt or hash {names ^ SEALED_FIELDS}")
