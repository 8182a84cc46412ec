"""The worker's pages of labour disputes (/m/disputes/…): file a wage dispute on the phone,
follow my cases, open the documents served on me and confirm receipt.

A worker reads only the cases they are a party to (an explicit ownership filter on the base
manager); another case answers 404 and its attempt is audited. Writes run inside the area of the
case's commission.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.disputes import figures, services
from homeward.disputes.forms import PortalFilingForm
from homeward.disputes.models import Dispute, Evidence, Service
from homeward.scoping import area_scope

from .disputes_common import add_evidence as add_party_evidence
from .disputes_common import confirm as confirm_receipt
from .disputes_common import document_response
from .identity import worker_required
from .views import _render


def _my_disputes(worker):
    return Dispute._base_manager.filter(parties__worker=worker).distinct()


@require_safe
@worker_required
def my_disputes(request):
    disputes = _my_disputes(request.worker).select_related("commission").order_by("-filed_on")
    return _render(
        request,
        "portal/disputes/list.html",
        {"disputes": disputes, "tab": "me", "title": _("My labour disputes")},
    )


@worker_required
def file_dispute(request):
    form = PortalFilingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        commission = data["commission"]
        try:
            with area_scope(commission.region_id):
                filing = services.file_dispute(
                    commission=commission,
                    worker=request.worker,
                    employer_name=data["employer_name"],
                    employer_uscc=data["employer_uscc"],
                    facts=data["facts"],
                    claims=form.claim_lines(),
                    source="portal",
                    known_on=data["known_on"],
                    request=request,
                )
        except services.DisputeError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            if filing.limitation_warning:
                messages.warning(request, filing.limitation_warning)
            messages.success(request, _("Your application has been sent to the commission."))
            return redirect("portal:dispute", filing.dispute.pk)
    return _render(
        request,
        "portal/disputes/file.html",
        {"form": form, "tab": "me", "title": _("Apply for wage arbitration")},
    )


def _mine(request, pk: int) -> Dispute:
    dispute = Dispute._base_manager.filter(pk=pk).select_related("commission").first()
    if dispute is None:
        raise Http404
    try:
        services.check_party_of(dispute, request.worker, request=request)
    except services.DisputeError:
        raise Http404 from None
    return dispute


@require_safe
@worker_required
def dispute(request, pk: int):
    case = _mine(request, pk)
    with area_scope(case.commission.region_id):
        items = figures.case_deadlines(case)
        services_ = list(
            Service._base_manager.filter(document__dispute=case, party__worker=request.worker)
            .select_related("document")
            .order_by("pk")
        )
        context = {
            "dispute": case,
            "claims": list(case.claims.all()),
            "next": figures.next_deadline(items),
            "services": services_,
            "evidence": list(
                Evidence._base_manager.filter(dispute=case)
                .select_related("party")
                .defer("content")
                .order_by("submitted_at", "pk")
            ),
            "tab": "me",
            "title": case.case_number,
        }
    return _render(request, "portal/disputes/detail.html", context)


@require_safe
@worker_required
def document(request, pk: int):
    return document_response(request, pk, {"worker": request.worker})


@require_POST
@worker_required
def confirm(request, pk: int):
    return confirm_receipt(request, pk, {"worker": request.worker}, "portal:dispute")


@require_POST
@worker_required
def evidence(request, pk: int):
    return add_party_evidence(
        request, _mine(request, pk), {"worker": request.worker}, "portal:dispute"
    )
