"""The page of a background job: a progress bar that polls every second, then the result."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from homeward.audit.models import Result
from homeward.audit.services import log_action

from .models import BackgroundJob
from .services import may_take_result, percent, result_path, shown, take_result

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(request, job):
    return {
        "job": job,
        "percent": percent(job),
        "may_take": may_take_result(request.user, job),
        "file_ready": result_path(job) is not None,
        "title": job.title or _("Background work"),
    }


LISTED = 100  # the newest jobs a list shows; older ones are gone with their files anyway


@login_required
def job_list(request):
    """The work the signed-in user started (an area administrator: everyone's of the area), the
    newest first, each with its state and a link to its page and result."""
    every = request.user.is_area_admin and request.GET.get("all") == "1"
    jobs = BackgroundJob.objects.select_related("owner")
    if not every:
        jobs = jobs.filter(owner=request.user)
    listed = [shown(job) for job in jobs.order_by("-created_at", "-pk")[:LISTED]]
    rows = [(job, percent(job), may_take_result(request.user, job)) for job in listed]
    return render(
        request,
        "background/list.html",
        {"rows": rows, "every": every, "limit": LISTED, "title": _("Background work")},
    )


@login_required
def job_page(request, pk: int):
    """The whole page, or (htmx, every second while the job runs) the progress fragment alone;
    once a job whose result is a page is done, the poll takes the browser there."""
    job = shown(get_object_or_404(BackgroundJob.objects, pk=pk))
    if not request.htmx:
        return render(request, "background/job.html", _context(request, job))
    response = render(request, "background/_progress.html", _context(request, job))
    if job.status == BackgroundJob.Status.DONE and job.result_url and not job.result_file:
        response["HX-Redirect"] = job.result_url
    return response


@login_required
def job_download(request, pk: int):
    """The result file, to its owner (or an area administrator), audited each time."""
    job = get_object_or_404(BackgroundJob.objects, pk=pk)
    if not may_take_result(request.user, job):
        log_action(
            "background.result.refused",
            request=request,
            obj=job,
            result=Result.REFUSED,
            detail={"kind": job.kind},
        )
        raise PermissionDenied(_("Only the person who started this work may download its result."))
    try:
        content = take_result(job, by=request.user, request=request)
    except FileNotFoundError:
        raise Http404(_("The file has been deleted; start the work again.")) from None
    kind = (
        XLSX
        if job.download_as.endswith(".xlsx")
        else mimetypes.guess_type(job.download_as)[0] or "application/octet-stream"
    )
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{job.download_as or "result"}"'
    response["Cache-Control"] = "no-store"
    return response
