"""Staff pages of subsidies: policies and their versions (tried on the registry), the review
queue, an entitlement's page (facts, reasons, decisions), the public notice, payment batches."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.crypto import mask_name
from homeward.scoping import area_of, covers
from homeward.workers.models import Worker

from . import eligibility, forms, services, tasks
from .models import (
    Candidate,
    Entitlement,
    Evidence,
    Fund,
    Payment,
    PaymentBatch,
    Policy,
    PolicyVersion,
    SampleDraw,
)

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
        "candidate_policies": Candidate.objects.values("version__policy", "version__policy__name")
        .annotate(n=Count("pk"))
        .order_by("version__policy__name"),
        "batches": PaymentBatch.objects.select_related("fund")[:20],
        "invitations": services.invitations_of(limit=20),
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
        {
            "title": policy.name,
            "policy": policy,
            "versions": versions,
            "trial": trial,
            "may_edit": services.may_edit_policies(request.user),
            "candidates": Candidate.objects.filter(version__policy=policy).count(),
            "invitations": services.invitations_of(policy),
        },
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
        "evidence": entitlement.evidence.all().defer("content"),
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
            "may_cancel": request.user.can_write
            and (request.user.is_superuser or request.user.level in ("county", "city")),
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


# ---------------------------------------------------------------- writing a policy version


def _version_initial(policy) -> dict:
    last = PolicyVersion.objects.filter(policy=policy).order_by("-number").first()
    if last is None:
        return {"amount_kind": "fixed", "once": "person", "max_claims": 1, "approval_levels": 3}
    return {
        **{name: getattr(last, name) for name in forms.VERSION_COPIED},
        "level_amounts": forms.level_amounts_text(last.level_amounts),
        "conditions": eligibility.conditions_text(last.conditions),
        "compliance": eligibility.conditions_text(last.compliance),
        "note": "",
    }


@login_required
@writers_only
def version_create(request, pk: int):
    """A new version of a policy, written in the page; saved as a draft and tried on the
    registry at once (the policy page shows how many would be eligible and who changes)."""
    policy = get_object_or_404(Policy.objects.select_related("fund"), pk=pk)
    pointed = None
    if not services.may_edit_policies(request.user):
        if request.method == "POST":  # refused (and audited) by the service
            try:
                services.save_version(policy, {}, by=request.user, request=request)
            except services.SubsidyError as error:
                messages.error(request, str(error))
        return render(
            request,
            "subsidies/version_form.html",
            {"title": _("New version"), "policy": policy, "form": None},
        )
    if request.method == "POST":
        form = forms.VersionForm(request.POST)
        if form.is_valid():
            try:
                version = services.save_version(
                    policy, dict(form.cleaned_data), by=request.user, request=request
                )
            except services.SubsidyError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
                pointed = error.pointed
            else:
                messages.success(
                    request, _("Saved as a draft: here is what it would decide on the registry.")
                )
                return redirect(reverse("subsidies:policy", args=[pk]) + f"?try={version.pk}")
    else:
        form = forms.VersionForm(initial=_version_initial(policy))
    return render(
        request,
        "subsidies/version_form.html",
        {"title": _("New version"), "policy": policy, "form": form, "pointed": pointed},
    )


# ---------------------------------------------------------------- applying on a person's behalf


def _policy_in_reach(user, pk) -> Policy:
    """A policy that applies in the user's area (a city's policy applies in its villages)."""
    for policy in _policies_for(user):
        if str(policy.pk) == str(pk):
            return policy
    raise Http404


@login_required
@writers_only
def apply_behalf(request):
    """Staff enter an application for a person of their area (the one who entered it may not
    approve it). The person is chosen among the scan's candidates, or by ?worker=."""
    data = request.POST if request.method == "POST" else request.GET
    policy_pk, worker_pk = data.get("policy") or "", data.get("worker") or ""
    policy = _policy_in_reach(request.user, policy_pk) if policy_pk.isdigit() else None
    worker = (
        get_object_or_404(Worker.objects.all(), pk=int(worker_pk)) if worker_pk.isdigit() else None
    )
    version = policy.published() if policy else None
    decision = None
    if worker is not None and version is not None:
        decision, _facts = services.evaluate_worker(version, worker)
    form = forms.BehalfForm(request.POST or None)
    if request.method == "POST" and policy and worker is not None and form.is_valid():
        try:
            entitlement = services.apply_for(
                policy,
                worker=worker,
                bank_name=form.cleaned_data["bank_name"],
                bank_account=form.cleaned_data["bank_account"],
                evidence=request.FILES.getlist("evidence")[:5],
                by=request.user,
                via=Entitlement.Via.STAFF,
                request=request,
            )
        except services.SubsidyError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The application is entered and waits for review."))
            return redirect("subsidies:entitlement", entitlement.pk)
    candidates = Candidate.objects.select_related("worker", "version__policy")
    if policy:
        candidates = candidates.filter(version__policy=policy)
    return render(
        request,
        "subsidies/apply.html",
        {
            "title": _("Apply on a person's behalf"),
            "policy": policy,
            "worker": worker,
            "decision": decision,
            "form": form,
            "candidates": candidates[:200],
        },
    )


@login_required
@writers_only
@require_POST
def invite(request):
    """Invite the listed candidates of a policy: a push campaign with a link."""
    policy = _policy_in_reach(request.user, request.POST.get("policy") or "0")
    channel = request.POST.get("channel", "sms")
    if channel not in ("sms", "inapp"):
        channel = "sms"
    try:
        campaign, queued, skipped = services.invite_candidates(
            policy, by=request.user, channel=channel, request=request
        )
    except services.SubsidyError as error:
        messages.error(request, str(error))
        return redirect("subsidies:index")
    messages.success(
        request,
        _("Invitation campaign started: %(queued)d to send, %(skipped)d skipped.")
        % {"queued": queued, "skipped": skipped},
    )
    return redirect("campaigns:detail", campaign.pk)


@login_required
@require_safe
def invitation(request, pk: int):
    """The people an invitation invited (of the viewer's area), or those behind one of its
    figures (?show=sent|skipped|opened|applied)."""
    rows = services.invitations_of(pk=pk)
    if not rows:  # none, or not of the viewer's area
        raise Http404
    row = rows[0]
    invitation = row.invitation
    show = request.GET.get("show", "")
    show = show if show in services.INVITED_SHOWN else ""
    return render(
        request,
        "subsidies/invitation.html",
        {
            "title": invitation.campaign.name,
            "invitation": invitation,
            "row": row,
            "show": show,
            "people": services.invited_people(invitation, show)[:500],
        },
    )


# ---------------------------------------------------------------- sampled control (抽查)


@login_required
@require_safe
def samples(request):
    draws = SampleDraw.objects.select_related("drawn_by").order_by("-drawn_at")[:20]
    rows = []
    for draw in draws:
        drawn = Entitlement.objects.filter(pk__in=draw.drawn).select_related(
            "policy", "worker", "employer"
        )
        rows.append((draw, list(drawn)))
    return render(
        request,
        "subsidies/samples.html",
        {"title": _("Sampled control"), "draws": rows},
    )


@login_required
@writers_only
@require_POST
def sample_draw(request):
    share = request.POST.get("share", "5")
    share = int(share) if share.isdigit() and 1 <= int(share) <= 100 else 5
    try:
        draw = services.draw_sample(
            area_of(request.user) or "", by=request.user, share_percent=share, request=request
        )
    except services.SubsidyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Drawn %(drawn)d of %(pool)d (seed %(seed)s).")
            % {"drawn": len(draw.drawn), "pool": len(draw.pool), "seed": draw.seed},
        )
    return redirect("subsidies:samples")


@login_required
@writers_only
@require_POST
def sample_check(request, pk: int):
    entitlement = _entitlement(pk)
    try:
        services.check_sampled(
            entitlement,
            passed=request.POST.get("passed") == "1",
            reason=request.POST.get("reason", "")[:300],
            by=request.user,
            request=request,
        )
    except services.SubsidyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded."))
    return redirect("subsidies:samples")


# ---------------------------------------------------------------- evidence, cancelling


@login_required
@require_safe
def evidence(request, pk: int):
    """One piece of evidence shown in the page (an image, or a PDF embedded): audited."""
    item = get_object_or_404(Evidence.objects.select_related("entitlement"), pk=pk)
    services.view_evidence(item, by=request.user, request=request)
    is_pdf = item.content_type == "application/pdf"
    data = "" if is_pdf else base64.b64encode(bytes(item.content)).decode()
    response = render(
        request,
        "subsidies/evidence.html",
        {"title": item.filename, "item": item, "data": data},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def evidence_file(request, pk: int):
    """A PDF piece of evidence, opened in the browser's viewer: audited each time."""
    item = get_object_or_404(Evidence.objects.all(), pk=pk, content_type="application/pdf")
    services.view_evidence(item, by=request.user, request=request)
    response = HttpResponse(bytes(item.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="evidence-{item.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@writers_only
@require_POST
def payment_cancel(request, pk: int):
    payment = get_object_or_404(Payment.objects.all(), pk=pk)
    try:
        services.cancel_payment(
            payment, reason=request.POST.get("reason", "")[:300], by=request.user, request=request
        )
    except services.SubsidyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The payment instruction is cancelled."))
    return redirect("subsidies:batch", payment.batch_id)
