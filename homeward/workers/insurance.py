"""Recording social-insurance participation: the one write every door calls (the staff profile,
the door-to-door survey, the ledger import), and how a person's insurance is shown.

A person has one row per kind (`SocialInsurance`), replaced when a newer answer comes. The
person's `updated_at` is moved with it, so the statistics' refresh snapshots them again and the
month's coverage figures follow (`stats.services._changed_since`).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from homeward.audit.services import log_action

from .models import InsuranceKind, InsurancePlace, Insured, SocialInsurance, Worker

# The ledger's column of each kind (workers.ledger.INSURANCE_FIELDS).
LEDGER_COLUMNS = {
    InsuranceKind.PENSION: "pension_insurance",
    InsuranceKind.MEDICAL: "medical_insurance",
    InsuranceKind.INJURY: "injury_insurance",
    InsuranceKind.UNEMPLOYMENT: "unemployment_insurance",
}
# The export's header of each kind: words the importer reads back (ledger_fields).
LEDGER_HEADERS = {
    InsuranceKind.PENSION: "养老保险",
    InsuranceKind.MEDICAL: "医疗保险",
    InsuranceKind.INJURY: "工伤保险",
    InsuranceKind.UNEMPLOYMENT: "失业保险",
}
_CELL = {Insured.YES: "已参保", Insured.NO: "未参保", Insured.UNKNOWN: "不清楚"}
_PLACE_CELL = {"local": "（本地）", "elsewhere": "（外地）", "": ""}


def insured_kinds(worker_ids, by: date | None = None) -> dict[int, tuple[str, str]]:
    """{worker id: (the kinds they are insured in, sorted and joined by commas; where they are
    insured)} for a snapshot (`by`: only answers as of that day or before). Where (参保地):
    "local" when any of their insurances is here, "elsewhere" when they are insured only
    elsewhere (the ones whose place is not known aside), "" when neither is known."""
    rows = SocialInsurance._base_manager.filter(worker_id__in=list(worker_ids), insured=Insured.YES)
    if by is not None:
        rows = rows.filter(as_of__lte=by)
    return summarise_insurance(
        rows.values_list("worker_id", "kind", "place").order_by("worker_id", "kind")
    )


def summarise_insurance(rows) -> dict[int, tuple[str, str]]:
    """`insured_kinds` of the (worker, kind, place) rows of their insurances, read already."""
    found: dict[int, list[str]] = {}
    places: dict[int, set[str]] = {}
    for worker, kind, place in rows:
        found.setdefault(worker, []).append(kind)
        places.setdefault(worker, set()).add(place)
    return {worker: (",".join(kinds), _where(places[worker])) for worker, kinds in found.items()}


def _where(places: set[str]) -> str:
    if InsurancePlace.LOCAL in places:
        return InsurancePlace.LOCAL.value
    if InsurancePlace.ELSEWHERE in places:
        return InsurancePlace.ELSEWHERE.value
    return ""


def insurance_rows(worker: Worker) -> list[tuple[str, SocialInsurance | None]]:
    """The person's four insurances for the profile: (kind's label, its row or None)."""
    by_kind = {row.kind: row for row in SocialInsurance.objects.filter(worker=worker)}
    return [(label, by_kind.get(kind)) for kind, label in InsuranceKind.choices]


def ledger_cell(row: SocialInsurance | None) -> str:
    """The export's cell: "已参保（本地）", "未参保", "不清楚" or blank."""
    if row is None:
        return ""
    return _CELL[Insured(row.insured)] + (_PLACE_CELL[row.place] if row.insured == "yes" else "")


def _changes(answers: dict[int, dict[str, dict]]) -> list[tuple[int, str, dict]]:
    """The (worker, kind, answer) of `answers` that differ from what is recorded."""
    stored = {
        (w, k): (i, p)
        for w, k, i, p in SocialInsurance._base_manager.filter(
            worker_id__in=list(answers)
        ).values_list("worker_id", "kind", "insured", "place")
    }
    return [
        (worker, kind, answer)
        for worker, kinds in answers.items()
        for kind, answer in kinds.items()
        if stored.get((worker, kind)) != (answer["insured"], answer.get("place", ""))
    ]


def write_answers(
    answers: dict[int, dict[str, dict]], *, as_of: date, source: str, by=None
) -> set[int]:
    """Store {worker id: {kind: {"insured", "place"}}} where it differs from what is recorded
    (inside the caller's transaction); returns the people whose insurance changed."""
    changes = _changes(answers)
    if not changes:
        return set()
    now = timezone.now()
    SocialInsurance._base_manager.bulk_create(
        [
            SocialInsurance(
                worker_id=worker,
                kind=kind,
                insured=answer["insured"],
                place=answer.get("place", "") if answer["insured"] == Insured.YES else "",
                as_of=as_of,
                source=source,
                recorded_at=now,
                recorded_by=by,
            )
            for worker, kind, answer in changes
        ],
        update_conflicts=True,
        unique_fields=["worker", "kind"],
        update_fields=["insured", "place", "as_of", "source", "recorded_at", "recorded_by"],
        batch_size=2000,
    )
    changed = {worker for worker, _k, _a in changes}
    Worker._base_manager.filter(pk__in=changed).update(updated_at=now)
    return changed


def record_insurance(
    worker: Worker, answers: dict[str, dict], *, as_of: date, source: str, by, request=None
) -> list[str]:
    """Record the person's answers {kind: {"insured", "place"}} as of a day; returns the kinds
    that changed (audited as one row naming them, never the answers)."""
    answers = {kind: a for kind, a in answers.items() if kind in InsuranceKind.values and a}
    with transaction.atomic():
        changes = _changes({worker.pk: answers})
        write_answers({worker.pk: answers}, as_of=as_of, source=source, by=by)
        kinds = sorted(kind for _w, kind, _a in changes)
        if kinds:
            log_action(
                "workers.insurance.recorded",
                request=request,
                actor=by,
                obj=worker,
                detail={"kinds": kinds, "source": source},
            )
    return kinds
