"""The worker's pages of job fairs under /m/fairs: the fairs of their area, registering ahead,
the personal check-in code (signed, two minutes, one use; the page fetches a fresh one itself),
and an online fair's jobs, whose applications count for the fair.

Fairs are public events: a fair is read through the base manager, limited to those whose
organising area holds the person's household village. The person's own rows (registration,
check-in) are read through ownership filters.
"""

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.fairs import services
from homeward.fairs.models import CaravanStop, Channel, CheckIn, Fair, Registration
from homeward.fairs.results import postings_at
from homeward.placements.services import ApplicationError
from homeward.regions.codes import ancestor_codes

from .identity import worker_required


def _render(request, template, context):
    context.setdefault("portal_worker", getattr(request, "worker", None))
    return render(request, template, context)


def _fairs_of(worker):
    """Fairs whose organising area holds the person's village (their town, county, city …)."""
    areas = [*ancestor_codes(worker.region_id), worker.region_id]
    return Fair._base_manager.filter(region_id__in=areas).select_related("region")


def _fair(worker, pk: int) -> Fair:
    return get_object_or_404(_fairs_of(worker), pk=pk)


@worker_required
def fair_list(request):
    today = timezone.localdate()
    fairs = list(_fairs_of(request.worker).filter(ends_on__gte=today).order_by("starts_on", "pk"))
    mine = set(
        Registration._base_manager.filter(worker=request.worker, fair__in=fairs).values_list(
            "fair_id", flat=True
        )
    )
    for fair in fairs:
        fair.registered = fair.pk in mine
        fair.today = fair.starts_on <= today <= fair.ends_on
    return _render(
        request, "portal/fairs/list.html", {"fairs": fairs, "tab": "home", "title": _("Job fairs")}
    )


@worker_required
def fair_detail(request, pk: int):
    fair = _fair(request.worker, pk)
    today = timezone.localdate()
    context = {
        "fair": fair,
        "registered": Registration._base_manager.filter(fair=fair, worker=request.worker).exists(),
        "checked_in": CheckIn._base_manager.filter(fair=fair, worker=request.worker).first(),
        "is_today": fair.starts_on <= today <= fair.ends_on,
        "is_over": fair.ends_on < today,
        "stops": CaravanStop._base_manager.filter(fair=fair).select_related("village"),
        "jobs": _fair_postings(fair)[:50],
        "tab": "home",
        "title": fair.title,
    }
    return _render(request, "portal/fairs/detail.html", context)


@require_POST
@worker_required
def register(request, pk: int):
    fair = _fair(request.worker, pk)
    try:
        _registration, created = services.register_for_fair(fair, request.worker, request=request)
    except services.FairError as error:
        messages.error(request, str(error))
    else:
        if created:
            messages.success(request, _("Registered. On the day, show your check-in code."))
    return redirect("portal:fair", pk=fair.pk)


@worker_required
def code(request, pk: int):
    """The person's check-in code; the fragment (`?fresh=1`) is fetched again by htmx."""
    fair = _fair(request.worker, pk)
    checked_in = CheckIn._base_manager.filter(fair=fair, worker=request.worker).first()
    context = {
        "fair": fair,
        "checked_in": checked_in,
        "seconds": services.QR_SECONDS,
        "refresh": services.QR_SECONDS - 20,
        "tab": "home",
        "title": _("My check-in code"),
    }
    if checked_in is None:
        token = services.qr_token(fair, request.worker)
        context["svg"] = segno.make(token, error="m").svg_inline(scale=6, border=2)
        context["token"] = token
    if request.headers.get("HX-Request"):
        return render(request, "portal/fairs/_code.html", context)
    return _render(request, "portal/fairs/code.html", context)


def _fair_postings(fair):
    """The postings on offer at the fair's approved booths (public information)."""
    return postings_at(fair).on_offer(timezone.localdate()).select_related("employer")


@worker_required
def fair_jobs(request, pk: int):
    """An online or livestream fair's jobs: applying here counts for the fair (during the
    event and seven days after)."""
    fair = _fair(request.worker, pk)
    if not fair.is_online:
        raise Http404
    context = {
        "fair": fair,
        "jobs": _fair_postings(fair),
        "open": fair.counts_applications_on(timezone.localdate()),
        "tab": "home",
        "title": fair.title,
    }
    return _render(request, "portal/fairs/jobs.html", context)


@require_POST
@worker_required
def fair_apply(request, pk: int, posting: int):
    fair = _fair(request.worker, pk)
    if not fair.is_online:
        raise Http404
    job = get_object_or_404(_fair_postings(fair), pk=posting)
    try:
        _intention, created = services.record_intention(
            fair, request.worker, job, channel=Channel.ONLINE, request=request
        )
    except (services.FairError, ApplicationError) as error:
        messages.error(request, str(error))
        return redirect("portal:fair-jobs", pk=fair.pk)
    if created:
        messages.success(
            request,
            _("Applied. %(employer)s can now see your name and phone number and will contact you.")
            % {"employer": job.employer.name},
        )
    else:
        messages.info(request, _("You have already applied to this job."))
    return redirect("portal:applications")
