"""What the worker's and the respondent employer's dispute pages share: a served document read
by its receiver, its receipt confirmed, evidence added to a case.

`party` is the portal's party as the disputes services name it — `{"worker": request.worker}`
or `{"employer_user": request.employer_user}` —, and `back` the name of the case page the
writes return to. A service another party received answers 404 (the attempt is audited by
`check_receiver`); writes run inside the area of the case's commission.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from homeward.disputes import services
from homeward.disputes.models import Service
from homeward.scoping import area_scope


def served(request, pk: int, party: dict) -> Service:
    """The served document `pk`, when `party` received it; else 404."""
    service = (
        Service._base_manager.filter(pk=pk)
        .select_related("document__dispute__commission", "party")
        .first()
    )
    if service is None:
        raise Http404
    try:
        services.check_receiver(service, request=request, **party)
    except services.DisputeError:
        raise Http404 from None
    return service


def document_response(request, pk: int, party: dict) -> HttpResponse:
    """The document as a download (PDF with ?format=pdf); its first opening is recorded."""
    service = served(request, pk, party)
    with area_scope(service.document.dispute.commission.region_id):
        services.open_document(service, request=request, **party)
        content, content_type, filename = services.document_file(
            service.document, request.GET.get("format") == "pdf"
        )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def confirm(request, pk: int, party: dict, back: str):
    """Confirm receipt of the served document `pk` (the day deadlines run from)."""
    service = served(request, pk, party)
    try:
        with area_scope(service.document.dispute.commission.region_id):
            services.confirm_receipt(
                service, device=request.headers.get("User-Agent", ""), request=request, **party
            )
    except services.DisputeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Receipt confirmed."))
    return redirect(back, service.document.dispute_id)


def add_evidence(request, case, party: dict, back: str):
    """The uploaded photo or PDF added to `case` as the party's evidence."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a photo or a PDF file."))
        return redirect(back, case.pk)
    try:
        with area_scope(case.commission.region_id):
            services.add_evidence(
                case,
                upload,
                description=request.POST.get("description", "")[:200],
                request=request,
                **party,
            )
    except services.DisputeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evidence added."))
    return redirect(back, case.pk)
