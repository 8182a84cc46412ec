"""Staff pages of subsidies: policies and their versions (tried on the registry), the review
queue, an entitlement's page (facts, reasons, decisions), the public notice, payment batches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.crypto import mask_name
from homeward.scoping import area_of, covers

from . import services, tasks
from .models import Candidate, Entitlement, Fund, PaymentBatch, Policy, PolicyVersion

S = Entitlement.Status


def _policies_for(user):
    area = area_of(user) or "x"
    return [
        p
        for p in Policy._base_manager.select_related("fund").order_by("code")
        if covers(p.region_id, area) or covers(area, p.region_id)
    ]


@login_required
@require_safe
def index(request):
    level = request.user.level
    queue = Entitlement.objects.filter(status=S.SUBMITTED).select_related(
        "policy", "version", "worker", "employer"
    )
    mine = [
        e
        for e in queue.order_by("created_at")[:200]
        if e.step_level == level or (e.step_level == "county" and level == "city")
    ]
    counts = {s: Entitlement.objects.filter(status=s).count() for s in S.values}
    funds = [
        (f, services.budget_of(f))
        for f in Fund._base_manager.order_by("code")
        if covers(f.region_id, area_of(request.user) or "x")
        or covers(area_of(request.user) or "x", f.region_id)
    ]
    context = {
        "title": _("Subsidies"),
        "policies": [
            (p, covers(area_of(request.user) or "x", p.region_id))
            for p in _policies_for(request.user)
        ],
        "queue": mine,
        "counts": [(S(s).label, s, n) for s, n in counts.items()],
        "funds": funds,
        "candidates": Candidate.objects.select_related("worker", "version__policy")[:100],
        "batches": PaymentBatch.objects.select_related("fund")[:20],
        "status": request.GET.get("status", ""),
        "rows": Entitlement.objects.filter(status=request.GET["status"]).select_related(
            "policy", "worker", "employer"
        )[:200]
        if request.GET.get("status") in S.values
        else None,
    }
    return render(request, "subsidies/index.html", context)


@login_required
@require_safe
def policy_detail(request, pk: int):
    policy = get_object_or_404(Policy.objects.select_related("fund"), pk=pk)
    versions = PolicyVersion.objects.filter(policy=policy).order_by("-number")
    trial = None
    tried = request.GET.get("try")
    if tried and tried.isdigit():
        version = get_object_or_404(versions, pk=int(tried))
        trial = (version, services.try_version(version))
    return render(
        request,
        "subsidies/policy.html",
        {"title": policy.name, "policy": policy, "versions": versions, "trial": trial},
    )


@login_required
@writers_only
@require_POST
def version_publish(request, pk: int):
    version = get_object_or_404(PolicyVersion.objects.select_related("policy"), pk=pk)
    try:
        services.publish_version(version, by=request.user, request=request)
    except services.SubsidyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The version is published."))
    return redirect("subsidies:policy", version.policy_id)


def _entitlement(pk):
    return get_object_or_404(
        Entitlement.objects.select_related("policy__fund", "version", "worker", "employer"), pk=pk
    )


@login_required
@require_safe
def entitlement_detail(request, pk: int):
    entitlement = _entitlement(pk)
    facts = sorted(entitlement.facts.items())
    context = {
        "title": str(entitlement),
        "e": entitlement,
        "facts": facts,
        "decisions": entitlement.decisions.select_related("by"),
        "payments": entitlement.payments.all(),
        "codes": services.REFUSAL_CODES.items(),
        "may_decide": entitlement.status == S.SUBMITTED
        and request.user.can_write
        and entitlement.entered_by_id != request.user.pk,
        "compliance": services.compliance_of(entitlement)
        if entitlement.version.compliance
        else None,
    }
    return render(request, "subsidies/entitlement.html", context)


@login_required
@writers_only
@require_POST
def decide(request, pk: int):
    entitlement = _entitlement(pk)
    verdict = request.POST.get("verdict", "")
    try:
        if verdict == "objection-upheld" or verdict == "objection-dismissed":
            services.resolve_objection(
                entitlement,
                upheld=verdict == "objection-upheld",
                reason=request.POST.get("reason", ""),
                by=request.user,
                request=request,
            )
        elif verdict == "object":
            services.object_to(
                entitlement, reason=request.POST.get("reason", ""), by=request.user, request=request
            )
        elif verdict in ("approved", "returned", "refused"):
            services.decide(
                entitlement,
                verdict,
                by=request.user,
                reason=request.POST.get("reason", ""),
                code=request.POST.get("code", ""),
                request=request,
            )
        else:
            messages.error(request, _("Choose what to do."))
            return redirect("subsidies:entitlement", pk)
    except services.SubsidyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded."))
    return redirect("subsidies:entitlement", pk)


@login_required
@require_safe
def notice(request):
    rows = Entitlement.objects.filter(status__in=[S.NOTICE, S.OBJECTED]).select_related(
        "policy", "worker", "employer", "region"
    )
    shown = [(mask_name(e.beneficiary_name), e) for e in rows[:500]]
    return render(request, "subsidies/notice.html", {"title": _("Public notice"), "rows": shown})


@login_required
@writers_only
@require_POST
def scan(request):
    area = area_of(request.user) or ""
    job = tasks.scan_later(request.user, area)
    return redirect("background:job", job.pk)


@login_required
@writers_only
@require_POST
def batch_create(request):
    fund = get_object_or_404(Fund._base_manager, pk=request.POST.get("fund") or 0)
    county = request.user.region_id or ""
    if not request.user.is_superuser and request.user.level not in ("county",):
        messages.error(request, _("Payment batches are built by county staff."))
        return redirect("subsidies:index")
    try:
        batch = services.build_batch(
            fund, county, request.POST.get("period", "")[:7], by=request.user, request=request
        )
    except services.SubsidyError as error:
        messages.error(request, str(error))
        return redirect("subsidies:index")
    if batch is None:
        messages.warning(
            request, _("Every payable entitlement failed the compliance check; none paid.")
        )
        return redirect("subsidies:index")
    return redirect("subsidies:batch", batch.pk)


def _batch(pk):
    return get_object_or_404(PaymentBatch.objects.select_related("fund"), pk=pk)


@login_required
@require_safe
def batch_detail(request, pk: int):
    batch = _batch(pk)
    payments = batch.payments.select_related("entitlement")
    return render(
        request,
        "subsidies/batch.html",
        {
            "title": str(batch),
            "batch": batch,
            "payments": payments,
            "rec": services.reconcile(batch),
            "report": None,
            "may_take": services.may_take_bank_file(request.user),
        },
    )


@login_required
@writers_only
@require_POST
def batch_download(request, pk: int):
    batch = _batch(pk)
    fmt = "xlsx" if request.POST.get("format") == "xlsx" else "csv"
    try:
        content, name = services.take_bank_file(batch, by=request.user, fmt=fmt, request=request)
    except services.SubsidyError as error:
        messages.error(request, str(error))
        return redirect("subsidies:batch", pk)
    kind = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@writers_only
@require_POST
def batch_return(request, pk: int):
    batch = _batch(pk)
    upload = request.FILES.get("file")
    if upload is None or upload.size > 5 * 1024 * 1024:
        messages.error(request, _("Choose the bank's return file (CSV, at most 5 MB)."))
        return redirect("subsidies:batch", pk)
    try:
        report = services.import_return(batch, upload.read(), by=request.user, request=request)
    except PermissionDenied:
        raise
    payments = batch.payments.select_related("entitlement")
    return render(
        request,
        "subsidies/batch.html",
        {
            "title": str(batch),
            "batch": batch,
            "payments": payments,
            "rec": services.reconcile(batch),
            "report": report,
            "may_take": services.may_take_bank_file(request.user),
        },
    )
