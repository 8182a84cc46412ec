"""The respondent employer's pages of labour disputes on the employer portal (/e/disputes): the
cases against it, the documents served on it electronically (open, then confirm receipt: the
date deadlines run from), its defence (答辩书), its evidence and its own agents (a lawyer or its
staff, with the signed authorisation: `services.add_agent`, the same service staff use).

Portal requests have no area: cases are read through the ownership filter — a respondent party
of `request.employer` — on the base manager (another employer's case answers 404 and the attempt
is audited); writes run inside the area of the case's commission and through the services, which
check the party again.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.disputes import figures, services
from homeward.disputes.models import (
    EMPLOYER_AGENT_KINDS,
    Dispute,
    Evidence,
    Party,
    PartyRole,
    Service,
)
from homeward.scoping import area_scope

from .disputes_common import add_evidence as add_party_evidence
from .disputes_common import confirm as confirm_receipt
from .disputes_common import document_response
from .identity import employer_required


def _cases_against(employer):
    return Dispute._base_manager.filter(
        parties__role=PartyRole.RESPONDENT, parties__employer=employer
    ).distinct()


@require_safe
@employer_required
def dispute_list(request):
    disputes = _cases_against(request.employer).select_related("commission").order_by("-filed_on")
    waiting = set(
        Service._base_manager.filter(
            party__employer=request.employer,
            party__role=PartyRole.RESPONDENT,
            served_on__isnull=True,
        ).values_list("document__dispute_id", flat=True)
    )
    context = {"disputes": disputes, "waiting": waiting, "title": _("Labour disputes against us")}
    return render(request, "portal/employer/disputes.html", context)


def _ours(request, pk: int) -> Dispute:
    dispute = Dispute._base_manager.filter(pk=pk).select_related("commission").first()
    if dispute is None:
        raise Http404
    try:
        services.check_employer_of(dispute, request.employer, request=request)
    except services.DisputeError:
        raise Http404 from None
    return dispute


def _page(request, case, status=200):
    with area_scope(case.commission.region_id):
        items = figures.case_deadlines(case)
        context = {
            "dispute": case,
            "applicants": [p.name for p in case.parties.all() if p.role == PartyRole.APPLICANT],
            "claims": list(case.claims.all()),
            "next": figures.next_deadline(items),
            "services": list(
                Service._base_manager.filter(
                    document__dispute=case,
                    party__role=PartyRole.RESPONDENT,
                    party__employer=request.employer,
                )
                .select_related("document")
                .order_by("pk")
            ),
            "evidence": list(
                Evidence._base_manager.filter(
                    dispute=case,
                    party__role=PartyRole.RESPONDENT,
                    party__employer=request.employer,
                )
                .defer("content")
                .order_by("submitted_at", "pk")
            ),
            "agents": list(
                Party._base_manager.filter(
                    dispute=case,
                    role=PartyRole.AGENT,
                    principal__role=PartyRole.RESPONDENT,
                    principal__employer=request.employer,
                    withdrawn_at__isnull=True,
                ).order_by("pk")
            ),
            "agent_kinds": [(k.value, k.label) for k in EMPLOYER_AGENT_KINDS],
            "can_defend": case.stage in ("accepted", "hearing", "suspended")
            and case.copy_served_on is not None
            and case.defence_on is None,
            "title": case.case_number,
        }
    return render(request, "portal/employer/dispute.html", context, status=status)


@require_safe
@employer_required
def dispute_detail(request, pk: int):
    return _page(request, _ours(request, pk))


@require_safe
@employer_required
def document(request, pk: int):
    return document_response(request, pk, {"employer_user": request.employer_user})


@require_POST
@employer_required
def confirm(request, pk: int):
    return confirm_receipt(
        request, pk, {"employer_user": request.employer_user}, "portal:employer-dispute"
    )


@require_POST
@employer_required
def defence(request, pk: int):
    case = _ours(request, pk)
    try:
        with area_scope(case.commission.region_id):
            services.file_defence(
                case,
                text=request.POST.get("text", "")[:5000],
                employer_user=request.employer_user,
                request=request,
            )
    except services.DisputeError as error:
        messages.error(request, str(error))
        return _page(request, case)
    messages.success(request, _("Your defence has been sent to the commission."))
    return redirect("portal:employer-dispute", case.pk)


@require_POST
@employer_required
def evidence(request, pk: int):
    return add_party_evidence(
        request,
        _ours(request, pk),
        {"employer_user": request.employer_user},
        "portal:employer-dispute",
    )


@require_POST
@employer_required
def agent_add(request, pk: int):
    """The employer appoints its own agent (a lawyer or its staff) with the signed authorisation."""
    case = _ours(request, pk)
    try:
        with area_scope(case.commission.region_id):
            services.add_agent(
                case,
                services.check_employer_of(case, request.employer, request=request),
                request.FILES.get("file"),
                kind=request.POST.get("kind", ""),
                name=request.POST.get("name", "")[:100],
                phone=request.POST.get("phone", "")[:30],
                employer_user=request.employer_user,
                request=request,
            )
    except services.DisputeError as error:
        messages.error(request, str(error))
        return _page(request, case, status=400)
    messages.success(request, _("Your agent has been added to the case."))
    return redirect("portal:employer-dispute", case.pk)


def _our_agent(request, pk: int) -> tuple[Party, Dispute]:
    agent = (
        Party._base_manager.filter(pk=pk, role=PartyRole.AGENT).select_related("dispute").first()
    )
    if agent is None:
        raise Http404
    return agent, _ours(request, agent.dispute_id)


@require_POST
@employer_required
def agent_remove(request, pk: int):
    """The employer withdraws one of its own agents (the reason is required)."""
    agent, case = _our_agent(request, pk)
    try:
        with area_scope(case.commission.region_id):
            services.remove_agent(
                agent,
                reason=request.POST.get("reason", "")[:300],
                employer_user=request.employer_user,
                request=request,
            )
    except services.DisputeError as error:
        if agent.principal_id != services.check_employer_of(case, request.employer).pk:
            raise Http404 from None  # another party's agent: as if it did not exist
        messages.error(request, str(error))
        return _page(request, case, status=400)
    messages.success(request, _("The agent has been withdrawn."))
    return redirect("portal:employer-dispute", case.pk)


@require_POST
@employer_required
def agent_replace(request, pk: int):
    """The employer replaces one of its own agents by another in one step
    (`services.replace_agent`: both or neither; a refusal leaves the old agent acting)."""
    agent, case = _our_agent(request, pk)
    try:
        with area_scope(case.commission.region_id):
            services.replace_agent(
                agent,
                request.FILES.get("file"),
                kind=request.POST.get("kind", ""),
                name=request.POST.get("name", "")[:100],
                phone=request.POST.get("phone", "")[:30],
                reason=request.POST.get("reason", "")[:300],
                employer_user=request.employer_user,
                request=request,
            )
    except services.DisputeError as error:
        if agent.principal_id != services.check_employer_of(case, request.employer).pk:
            raise Http404 from None  # another party's agent: as if it did not exist
        messages.error(request, str(error))
        return _page(request, case, status=400)
    messages.success(request, _("The agent has been replaced."))
    return redirect("portal:employer-dispute", case.pk)
