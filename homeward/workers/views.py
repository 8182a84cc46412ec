"""Staff pages of the registry: list, profile with timeline, create, edit, export."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.accounts.decorators import writers_only
from homeward.audit.services import log_action
from homeward.jobs.sheet import opens_on_staff_pages
from homeward.matching.services import jobs_for_worker

from .forms import InsuranceForm, WorkerFilter, WorkerForm
from .insurance import insurance_rows, record_insurance
from .ledger_export import area_name, export_ledger
from .models import SocialInsurance, Source, Worker, WorkerAccount, search_filter
from .self_service import confirm_self_registration
from .services import register_worker
from .tasks import export_later

PAGE_SIZE = 50


def _place_later(worker):
    """Refresh the postings' matched lists for this person in the background, after commit."""
    from homeward.matching.tasks import place_worker_in_matches

    transaction.on_commit(lambda: place_worker_in_matches.enqueue(worker.pk))


FILTERS = ("area", "status", "intention", "occupation", "low_income", "need", "awaiting")


def _filtered(request):
    form = WorkerFilter(request.GET or None)
    rows = Worker.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        rows = rows.search(data["q"]).filtered(**{name: data[name] for name in FILTERS})
    return form, rows


@login_required
def worker_list(request):
    form, rows = _filtered(request)
    page = Paginator(rows.select_related("region"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "title": _("Workers")}
    template = "workers/_rows.html" if request.htmx else "workers/list.html"
    return render(request, template, context)


@login_required
def worker_export(request):
    form, rows = _filtered(request)
    unmasked = request.user.may_see_personal_data
    count = rows.count()
    if count >= settings.HOMEWARD_DIRECT_EXPORT_ROWS:
        # A large export runs as a background job: a progress bar, then the download link.
        data = form.cleaned_data if form.is_valid() else {}
        job = export_later(
            request.user,
            request.area or "",
            search=search_filter(data.get("q", "")),
            filters={name: data[name] for name in FILTERS if name in data},
            unmasked=unmasked,
            rows=count,
        )
        return redirect("background:job", pk=job.pk)
    content = export_ledger(rows, area_name=area_name(request.area or ""), unmasked=unmasked)
    log_action(
        "workers.ledger.exported",
        request=request,
        detail={"rows": count, "unmasked": unmasked, "filters": request.GET.dict()},
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="ledger-{stamp}.xlsx"'
    return response


@login_required
def worker_detail(request, pk: int):
    worker = get_object_or_404(Worker.objects.select_related("region"), pk=pk)
    events = worker.status_events.select_related("recorded_by").order_by(
        "-occurred_on", "-recorded_at"
    )
    recommendations = jobs_for_worker(worker)
    context = {
        "worker": worker,
        "events": events,
        "title": worker.name,
        "revealed": False,
        "recommendations": recommendations,
        # Recommendations come from the whole province; those the staff pages do not show
        # (another county's) link to their public job page instead of answering 404.
        "public_only": {
            r.posting.pk
            for r in recommendations
            if not opens_on_staff_pages(r.posting, request.area)
        },
        "referred": set(worker.referrals.values_list("posting_id", flat=True)),
        "applications": worker.applications.select_related("posting", "posting__employer"),
        "account": _portal_account(worker),
        "insurance": insurance_rows(worker),
        "insurance_form": InsuranceForm(prefix="insurance"),
    }
    return render(request, "workers/detail.html", context)


@login_required
@writers_only
@require_POST
def worker_insurance(request, pk: int):
    """Record the person's social insurance from the profile's form (source: staff)."""
    worker = get_object_or_404(Worker.objects, pk=pk)
    form = InsuranceForm(request.POST, prefix="insurance")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("workers:detail", pk=pk)
    kinds = record_insurance(
        worker,
        form.answers(),
        as_of=form.cleaned_data["as_of"],
        source=SocialInsurance.Origin.STAFF,
        by=request.user,
        request=request,
    )
    if kinds:
        messages.success(request, _("The social insurance is recorded."))
    else:
        messages.info(request, _("Nothing changed in the social insurance."))
    return redirect("workers:detail", pk=pk)


def _portal_account(worker):
    return WorkerAccount.objects.filter(worker=worker).first()


@login_required
@writers_only
@require_POST
def worker_confirm(request, pk: int):
    """Confirm a record the person registered themselves on the portal."""
    worker = get_object_or_404(Worker.objects.all(), pk=pk)
    account = _portal_account(worker)
    if account is None:
        raise Http404
    confirm_self_registration(account, by=request.user, request=request)
    messages.success(request, _("The self-registered record is confirmed."))
    return redirect("workers:detail", pk=pk)


@login_required
@require_POST
def worker_reveal(request, pk: int):
    """Show the full ID and phone numbers to a role that may see them, and audit the view."""
    worker = get_object_or_404(Worker.objects.select_related("region"), pk=pk)
    if not request.user.may_see_personal_data:
        log_action(
            "workers.worker.personal_data_refused", request=request, obj=worker, result="refused"
        )
        raise PermissionDenied(_("Your role may not see full personal data."))
    log_action("workers.worker.personal_data_viewed", request=request, obj=worker)
    events = worker.status_events.order_by("-occurred_on", "-recorded_at")
    return render(
        request,
        "workers/detail.html",
        {"worker": worker, "events": events, "title": worker.name, "revealed": True},
    )


@login_required
@writers_only
def worker_create(request):
    form = WorkerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        worker, _outcome = register_worker(
            form.registry_data(),
            by=request.user,
            source=Source.STAFF,
            request=request,
            status_on=form.cleaned_data.get("status_on"),
        )
        _place_later(worker)
        messages.success(request, _("Registered %(name)s.") % {"name": worker.name})
        return redirect("workers:detail", pk=worker.pk)
    return render(request, "workers/form.html", {"form": form, "title": _("Register a worker")})


@login_required
@writers_only
def worker_edit(request, pk: int):
    worker = get_object_or_404(Worker.objects, pk=pk)
    form = WorkerForm(request.POST or None, instance=worker)
    if request.method == "POST" and form.is_valid():
        register_worker(
            form.registry_data(),
            by=request.user,
            source=Source.STAFF,
            request=request,
            status_on=form.cleaned_data.get("status_on"),
        )
        _place_later(worker)
        messages.success(request, _("Saved."))
        return redirect("workers:detail", pk=worker.pk)
    return render(
        request, "workers/form.html", {"form": form, "worker": worker, "title": worker.name}
    )
