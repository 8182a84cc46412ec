"""The worker's subsidy pages (/m/subsidies): what they may claim and why, applying with a bank
card and evidence, their applications, and correcting the account after a failed payment.

Read through ownership filters on the base manager (the portal has no area); writes inside
`area_scope(worker.region_id)`."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.scoping import area_scope
from homeward.subsidies import services
from homeward.subsidies.models import Entitlement, Policy
from homeward.workers.models import Worker

from .identity import worker_required


def _worker(request):
    return Worker._base_manager.get(pk=request.worker.pk)


@worker_required
def subsidies(request):
    worker = _worker(request)
    mine = Entitlement._base_manager.filter(worker=worker).select_related("policy")
    claimed = {e.policy_id for e in mine}
    offers = []
    for policy in services.applicable_policies(worker.region_id):
        version = policy.published()
        if version is None or policy.beneficiary != "person":
            continue
        decision, _facts = services.evaluate_worker(version, worker)
        offers.append((policy, version, decision, policy.pk in claimed))
    return render(
        request,
        "portal/subsidies.html",
        {
            "portal_worker": request.worker,
            "offers": offers,
            "mine": mine,
            "tab": "me",
            "title": _("Subsidies"),
        },
    )


@worker_required
def subsidy_offer(request, pk: int):
    """One policy for the signed-in person — where a subsidy invitation's link lands: its
    conditions checked against their records, and the apply form when they are eligible."""
    worker = _worker(request)
    policy = get_object_or_404(Policy._base_manager.select_related("fund"), pk=pk)
    version = policy.published()
    if (
        version is None
        or policy.beneficiary != "person"
        or policy not in services.applicable_policies(worker.region_id)
    ):
        raise Http404
    decision, _facts = services.evaluate_worker(version, worker)
    claimed = Entitlement._base_manager.filter(worker=worker, policy=policy).exists()
    return render(
        request,
        "portal/subsidy_invited.html",
        {
            "portal_worker": request.worker,
            "policy": policy,
            "version": version,
            "decision": decision,
            "claimed": claimed,
            "tab": "me",
            "title": policy.name,
        },
    )


def landing_for(delivery) -> str | None:
    """Where the personal link of a campaign's message lands when the campaign invited people
    to apply for a subsidy (portal/link_views.py asks): that policy's page; else None."""
    policy = services.invited_policy(delivery.campaign_id)
    return reverse("portal:subsidy-offer", args=[policy.pk]) if policy else None


@require_POST
@worker_required
def subsidy_apply(request, pk: int):
    worker = _worker(request)
    policy = get_object_or_404(Policy._base_manager, pk=pk)
    with area_scope(worker.region_id):
        try:
            services.apply_for(
                policy,
                worker=worker,
                bank_name=request.POST.get("bank_name", "")[:60],
                bank_account=request.POST.get("bank_account", "")[:40],
                evidence=request.FILES.getlist("evidence")[:5],
                via=Entitlement.Via.PORTAL,
                request=request,
            )
        except services.SubsidyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your application is sent for review."))
    return redirect("portal:subsidies")


@require_POST
@worker_required
def subsidy_account(request, pk: int):
    worker = _worker(request)
    entitlement = get_object_or_404(Entitlement._base_manager.filter(worker=worker), pk=pk)
    with area_scope(worker.region_id):
        try:
            services.correct_account(
                entitlement,
                bank_name=request.POST.get("bank_name", "")[:60],
                bank_account=request.POST.get("bank_account", "")[:40],
                request=request,
            )
        except services.SubsidyError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Account corrected: the subsidy is paid in the next batch.")
            )
    return redirect("portal:subsidies")
