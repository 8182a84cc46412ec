"""The open API's resources: workers, postings, applications and placements, statistics.

Each view runs inside the client's area (`base.needs`), reads through the models' scoped
managers — a record of another area is not found (404) — and returns plain data built inside
that area. Writes carry an Idempotency-Key and call the domain's one service function.
"""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Header, Path, Query

from homeward.audit.services import log_action
from homeward.crypto import ID_NUMBER, PHONE, hash_filter, mask
from homeward.jobs.models import Posting
from homeward.placements.models import Application, Status
from homeward.placements.services import ApplicationError, hire
from homeward.regions.models import Region
from homeward.stats import reading
from homeward.stats.services import this_month
from homeward.workers.models import Worker

from . import schemas, services
from .base import ApiError, api, idempotent, needs, scope_refused
from .models import Scope
from .schemas import MAX_ID, MAX_LIMIT, MAX_OFFSET

Id = Path(..., ge=1, le=MAX_ID)
Limit = Query(20, ge=1, le=MAX_LIMIT, description=f"1 … {MAX_LIMIT}")
Offset = Query(0, ge=0, le=MAX_OFFSET)
IdempotencyKey = Header(
    ...,
    alias="Idempotency-Key",
    min_length=1,
    max_length=100,
    pattern=r"^[A-Za-z0-9._:-]+$",
    description="one key per write; the same key again replays the answer",
)


def _page(rows, limit: int, offset: int, build) -> dict:
    return {
        "count": rows.count(),
        "limit": limit,
        "offset": offset,
        "results": [build(row) for row in rows[offset : offset + limit]],
    }


# ---- workers ----


def _full_id_allowed(request, full_id: bool) -> bool:
    if full_id and not request.auth.has_scope(Scope.WORKERS_FULL_ID):
        raise scope_refused(request, Scope.WORKERS_FULL_ID)
    return full_id


def _worker(worker: Worker, full: bool) -> dict:
    return {
        "id": worker.pk,
        "name": worker.name,
        "gender": worker.gender,
        "birth_date": worker.birth_date,
        "id_number": worker.id_number if full else mask(ID_NUMBER, worker.id_number),
        "phone": (worker.phone or "") if full else mask(PHONE, worker.phone),
        "region": worker.region_id,
        "status": worker.status,
        "status_since": worker.status_since,
        "work_scope": worker.work_scope,
        "work_place": worker.work_place,
        "occupation": worker.occupation,
        "skills": worker.skills,
        "education": worker.education,
        "intention": worker.intention,
        "low_income": worker.low_income,
        "updated_at": timezone.localtime(worker.updated_at),
    }


def _audit_full_view(request, workers: list[Worker]) -> None:
    """S12: every view of full numbers audited — one row per worker shown."""
    for worker in workers:
        log_action(
            "api.worker.full_id_viewed",
            request=request,
            obj=worker,
            detail={"api_client": request.auth.pk},
        )


@api.get("/workers", response={200: schemas.WorkerPage, **schemas.ERRORS}, url_name="workers")
@needs(Scope.WORKERS_READ)
def workers(
    request,
    status: schemas.StatusCode | None = None,  # type: ignore[valid-type]
    limit: int = Limit,
    offset: int = Offset,
    full_id: bool = Query(False, description="full ID and phone numbers (workers:full_id)"),
):
    """The workers of the client's area, by household village and name."""
    full = _full_id_allowed(request, full_id)
    rows = Worker.objects.order_by("region_id", "name", "id")
    if status is not None:
        rows = rows.filter(status=status.value)
    page = _page(rows, limit, offset, lambda w: w)
    if full:
        _audit_full_view(request, page["results"])
    page["results"] = [_worker(w, full) for w in page["results"]]
    return page


@api.post(
    "/workers/search",
    response={200: schemas.WorkerPage, **schemas.ERRORS},
    url_name="workers-search",
)
@needs(Scope.WORKERS_READ)
def workers_search(
    request,
    payload: schemas.WorkerSearch,
    full_id: bool = Query(False, description="full ID and phone numbers (workers:full_id)"),
):
    """The worker with this ID number, found by its keyed hash (the number is never stored in
    the clear nor sent in a URL). Empty when the area has nobody under it."""
    full = _full_id_allowed(request, full_id)
    found = list(Worker.objects.filter(**hash_filter(Worker, "id_number", payload.id_number)))
    if full:
        _audit_full_view(request, found)
    results = [_worker(w, full) for w in found]
    return {"count": len(results), "limit": 1, "offset": 0, "results": results}


@api.get("/workers/{pk}", response={200: schemas.Worker, **schemas.ERRORS}, url_name="worker")
@needs(Scope.WORKERS_READ)
def worker(
    request,
    pk: int = Id,
    full_id: bool = Query(False, description="full ID and phone numbers (workers:full_id)"),
):
    full = _full_id_allowed(request, full_id)
    found = get_object_or_404(Worker.objects, pk=pk)
    if full:
        _audit_full_view(request, [found])
    return _worker(found, full)


@api.post(
    "/workers/{pk}/status",
    response={200: schemas.StatusResult, **schemas.WRITE_ERRORS},
    url_name="worker-status",
)
@needs(Scope.WORKERS_WRITE)
def worker_status(
    request, payload: schemas.StatusChange, pk: int = Id, idempotency_key: str = IdempotencyKey
):
    """Record the worker's employment status as of a day (a new event in their timeline)."""
    found = get_object_or_404(Worker.objects, pk=pk)

    def write():
        changed = services.update_worker_status(
            found,
            status=payload.status.value,
            occurred_on=payload.occurred_on,
            work_scope=payload.work_scope.value if payload.work_scope else "",
            work_place=payload.work_place,
            client=request.auth,
            request=request,
        )
        found.refresh_from_db()
        return 200, {
            "worker": found.pk,
            "status": found.status,
            "status_since": found.status_since and found.status_since.isoformat(),
            "work_scope": found.work_scope,
            "work_place": found.work_place,
            "changed": changed,
        }

    return idempotent(request, idempotency_key, write)


# ---- postings ----


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _posting(posting: Posting) -> dict:
    return {
        "id": posting.pk,
        "title": posting.title,
        "employer": posting.employer.name,
        "occupation": posting.occupation,
        "headcount": posting.headcount,
        "wage_min": _money(posting.wage_min),
        "wage_max": _money(posting.wage_max),
        "wage_unit": posting.wage_unit,
        "work_type": posting.work_type,
        "region": posting.region_id,
        "address": posting.address,
        "starts_on": posting.starts_on,
        "ends_on": posting.ends_on,
        "published_at": posting.published_at and timezone.localtime(posting.published_at),
    }


def _on_offer():
    return Posting.objects.on_offer(timezone.localdate()).select_related("employer")


@api.get("/postings", response={200: schemas.PostingPage, **schemas.ERRORS}, url_name="postings")
@needs(Scope.POSTINGS_READ)
def postings(request, limit: int = Limit, offset: int = Offset):
    """The published postings on offer in the client's area, newest first."""
    rows = _on_offer().order_by("-published_at", "-id")
    return _page(rows, limit, offset, _posting)


@api.get("/postings/{pk}", response={200: schemas.Posting, **schemas.ERRORS}, url_name="posting")
@needs(Scope.POSTINGS_READ)
def posting(request, pk: int = Id):
    return _posting(get_object_or_404(_on_offer(), pk=pk))


# ---- applications and placements ----


def _application(application: Application) -> dict:
    return {
        "id": application.pk,
        "worker": application.worker_id,
        "posting": application.posting_id,
        "region": application.region_id,
        "status": application.status,
        "source": application.source,
        "applied_at": timezone.localtime(application.applied_at),
        "hired_on": application.hired_on,
        "contract_months": application.contract_months,
    }


@api.get(
    "/applications",
    response={200: schemas.ApplicationPage, **schemas.ERRORS},
    url_name="applications",
)
@needs(Scope.PLACEMENTS_READ)
def applications(
    request,
    status: schemas.ApplicationStatusCode | None = None,  # type: ignore[valid-type]
    worker: int | None = Query(None, ge=1, le=MAX_ID),
    posting: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = Limit,
    offset: int = Offset,
):
    """Applications of the client's area's workers, newest first."""
    rows = Application.objects.order_by("-applied_at", "-id")
    if status is not None:
        rows = rows.filter(status=status.value)
    if worker is not None:
        rows = rows.filter(worker_id=worker)
    if posting is not None:
        rows = rows.filter(posting_id=posting)
    return _page(rows, limit, offset, _application)


@api.get(
    "/applications/{pk}",
    response={200: schemas.Application, **schemas.ERRORS},
    url_name="application",
)
@needs(Scope.PLACEMENTS_READ)
def application(request, pk: int = Id):
    return _application(get_object_or_404(Application.objects, pk=pk))


@api.get(
    "/placements",
    response={200: schemas.ApplicationPage, **schemas.ERRORS},
    url_name="placements",
)
@needs(Scope.PLACEMENTS_READ)
def placements(request, limit: int = Limit, offset: int = Offset):
    """The hires of the client's area, the newest hire date first."""
    rows = Application.objects.filter(status=Status.HIRED).order_by("-hired_on", "-id")
    return _page(rows, limit, offset, _application)


@api.post(
    "/placements",
    response={201: schemas.Application, **schemas.WRITE_ERRORS},
    url_name="placement-create",
)
@needs(Scope.PLACEMENTS_WRITE)
def placement_create(request, payload: schemas.PlacementIn, idempotency_key: str = IdempotencyKey):
    """Record a hire on an application of the client's area (the placements service: the
    worker's status follows, follow-ups are scheduled, the worker is told)."""
    found = get_object_or_404(Application.objects, pk=payload.application)

    def write():
        try:
            hired = hire(
                found,
                hired_on=payload.hired_on,
                contract_months=payload.contract_months,
                by=f"api:{request.auth.title}"[:100],
                request=request,
            )
        except ApplicationError as refused:
            raise ApiError(409, "conflict", str(refused)) from None
        data = _application(hired)
        data["applied_at"] = data["applied_at"].isoformat()
        data["hired_on"] = data["hired_on"] and data["hired_on"].isoformat()
        return 201, data

    return idempotent(request, idempotency_key, write)


# ---- statistics ----


@api.get("/stats", response={200: schemas.Figures, **schemas.ERRORS}, url_name="stats")
@needs(Scope.STATS_READ)
def stats(
    request,
    area: str | None = Query(
        None, pattern=r"^\d{2,12}$", description="a region code inside the client's area"
    ),
    month: str | None = Query(
        None, pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM"
    ),
):
    """An area's monthly figures (the statistics' summary table, as the dashboard shows them),
    each with the staff page that lists the records behind it."""
    region = get_object_or_404(Region.objects, code=area or request.auth.region_id)
    month_start = reading.parse_month(month, this_month())
    rows = reading.area_figures(region.code, month_start)
    people = reverse("stats:people")
    return {
        "area": region.code,
        "month": f"{month_start:%Y-%m}",
        "figures": [
            {
                "indicator": row.code,
                "name": row.label,
                "value": row.value,
                "shown": row.shown,
                "before": row.before,
                "unit": row.unit,
                "rows": people
                + "?"
                + urlencode(
                    {"area": region.code, "indicator": row.code, "month": f"{month_start:%Y-%m}"}
                ),
            }
            for row in rows
        ],
    }
