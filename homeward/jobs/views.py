"""Staff pages for job postings: list, detail, create and edit, status moves, the job sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from homeward.accounts.decorators import writers_only
from homeward.audit.services import log_action
from homeward.background.models import BackgroundJob
from homeward.background.services import percent
from homeward.employers.forms import PAGE_SIZE, filter_places, in_chosen_place, places_in_area
from homeward.employers.models import Employer
from homeward.matching.services import matched_workers, pool_in_area
from homeward.matching.tasks import refresh_running
from homeward.regions.models import Region

from . import services
from .forms import PostingForm
from .models import Posting, Status, WorkType
from .sheet import build_sheet, county_reading, is_from_county, readable_by, sheet_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_safe
def posting_list(request):
    status = request.GET.get("status", "")
    work_type = request.GET.get("work_type", "")
    occupation = request.GET.get("occupation", "").strip()
    place = request.GET.get("region", "")
    postings = Posting.objects.select_related("employer", "region__parent")
    if status in Status.values:
        postings = postings.filter(status=status)
    if work_type in WorkType.values:
        postings = postings.filter(work_type=work_type)
    if occupation:
        postings = postings.filter(
            Q(occupation__icontains=occupation) | Q(title__icontains=occupation)
        )
    postings = in_chosen_place(postings, request, place)
    # A town or village also lists its county's published postings (read-only, marked).
    with county_reading(request.area):
        page = Paginator(postings.filter(readable_by(request.area)), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        page.object_list = [*page.object_list]
        page.paginator.count  # noqa: B018 -- counted inside the county, like the rows
    for posting in page.object_list:
        posting.from_county = is_from_county(posting, request.area)
    context = {
        "page": page,
        "status": status,
        "work_type": work_type,
        "occupation": occupation,
        "place": place,
        "statuses": Status.choices,
        "work_types": WorkType.choices,
        "places": filter_places(),
        "title": _("Jobs"),
    }
    return render(request, "jobs/list.html", context)


@login_required
@require_safe
def posting_detail(request, pk: int):
    postings = Posting.objects.select_related("employer", "region__parent")
    with county_reading(request.area):  # a town or village reads its county's published ones
        posting = get_object_or_404(postings.filter(readable_by(request.area)), pk=pk)
    matched, stored = matched_workers(posting)
    # A recompute queued or running: "匹配计算中" and its progress (polled when the viewer's area
    # holds the job; a town reading its county's posting sees the words alone).
    computing = refresh_running(posting) if posting.is_open else None
    follow = computing is not None and BackgroundJob.objects.filter(pk=computing.pk).exists()
    # Applicants of the viewer's area only: applications are the records of each worker's village.
    applications = posting.applications.select_related("worker", "worker__region")
    context = {
        "posting": posting,
        "title": posting.title,
        "matched": matched,
        "stored": stored,
        "pool": pool_in_area(posting, stored, request.area) if stored else 0,  # never the city's
        "computing": computing,
        "follow": follow,
        "percent": percent(computing) if computing else 0,
        "job": computing,
        "applications": applications,
        "from_county": is_from_county(posting, request.area),  # read-only: no edit, no moves
    }
    return render(request, "jobs/detail.html", context)


@login_required
@writers_only
def posting_create(request):
    posting = Posting()
    employer_pk = request.GET.get("employer", "")
    if employer_pk.isdigit():
        posting.employer = get_object_or_404(Employer.objects, pk=employer_pk)
    return _edit(request, posting)


@login_required
@writers_only
def posting_edit(request, pk: int):
    posting = get_object_or_404(Posting.objects, pk=pk)
    if not posting.is_editable:
        messages.warning(request, _("A filled or closed posting cannot be changed."))
        return redirect("jobs:detail", pk=posting.pk)
    return _edit(request, posting)


def _edit(request, posting: Posting):
    adding = posting.pk is None
    form = PostingForm(request.POST or None, instance=posting, area=request.area)
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.save_posting(form, by=request.user, request=request)
        except services.PostingStateError as error:
            messages.warning(request, str(error))
        else:
            messages.success(request, _("The posting is saved."))
        return redirect("jobs:detail", pk=posting.pk)
    context = {
        "form": form,
        "posting": posting,
        "places": places_in_area(),
        "title": _("New job posting") if adding else posting.title,
    }
    return render(request, "jobs/form.html", context)


MOVES = {
    "publish": (
        services.publish_posting,
        Status.PUBLISHED,
        gettext_lazy("The posting is published."),
    ),
    "close": (services.close_posting, Status.CLOSED, gettext_lazy("The posting is closed.")),
    "fill": (services.mark_filled, Status.FILLED, gettext_lazy("The posting is marked filled.")),
}


@login_required
@writers_only
def posting_move(request, pk: int, move: str):
    """GET asks to confirm (for links and no-script phones); POST makes the move."""
    posting = get_object_or_404(Posting.objects.select_related("employer"), pk=pk)
    service, target, done = MOVES[move]
    if request.method == "POST":
        try:
            service(posting, by=request.user, request=request)
        except services.PostingStateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, str(done))
        return redirect("jobs:detail", pk=posting.pk)
    context = {
        "posting": posting,
        "move": move,
        "target": target,
        "allowed": posting.can_become(target),
        "title": posting.title,
    }
    return render(request, "jobs/confirm.html", context)


def _sheet_for(request, code: str):
    region = get_object_or_404(Region.objects, code=code)  # 404 outside the user's area
    return build_sheet(region, timezone.localdate())


def _audit_export(request, sheet, fmt: str) -> None:
    log_action(
        "jobs.sheet.exported",
        request=request,
        obj=sheet.region,
        detail={
            "format": fmt,
            "area": sheet.area.code,
            "postings": len(sheet.postings),
        },
    )


@login_required
@require_safe
def sheet(request, code: str):
    """The printable page, or with `?format=xlsx` the same sheet as an Excel file."""
    sheet = _sheet_for(request, code)
    if request.GET.get("format") != "xlsx":
        _audit_export(request, sheet, "html")
        return render(request, "jobs/sheet.html", {"sheet": sheet, "title": sheet.title})
    content = sheet_workbook(sheet)  # built here, inside the request's area (see architecture.md)
    _audit_export(request, sheet, "xlsx")
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{sheet.title}-{sheet.day:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
