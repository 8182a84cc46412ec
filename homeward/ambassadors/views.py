"""Staff pages of recruitment ambassadors under /ambassadors/: the area's ambassadors, appointing
and ending one (town staff), one ambassador with their link, QR and referrals, the bounties of
the area (due, waiting, excluded, approved) with approval and the Excel list for payment, and
recruiting officers with their fairs and hires. Every read goes through the scoped managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.audit.services import log_action
from homeward.core.excel import workbook_bytes
from homeward.crypto import mask_name, mask_phone
from homeward.employers.models import EmployerUser

from . import reports, rules, services
from .forms import AppointForm, ReferralForm
from .links import qr_svg, referral_link
from .models import Ambassador, Bounty, Referral

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ambassador(pk: int) -> Ambassador:
    return get_object_or_404(Ambassador.objects.select_related("region"), pk=pk)


@login_required
@require_safe
def ambassador_list(request):
    today = timezone.localdate()
    rows = list(Ambassador.objects.select_related("region").order_by("region_id", "-starts_on"))
    for amb in rows:
        amb.active = amb.is_active_on(today)
    context = {
        "ambassadors": rows,
        "may_appoint": request.user.level == "town" and request.user.can_write,
        "title": _("Recruitment ambassadors"),
    }
    return render(request, "ambassadors/list.html", context)


@login_required
def appoint(request):
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = None
        if data["id_number"]:
            worker = services.find_person(data["id_number"], data["name"])
            if worker is None:
                form.add_error(
                    "id_number", _("No person of the registry has this ID number and name.")
                )
        if not form.errors:
            try:
                ambassador = services.appoint_ambassador(
                    town=request.user.region_id or "",
                    name=data["name"],
                    phone=data["phone"],
                    worker=worker,
                    by=request.user,
                    request=request,
                )
            except services.AmbassadorError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Ambassador appointed."))
                return redirect("ambassadors:detail", pk=ambassador.pk)
    return render(
        request, "ambassadors/appoint.html", {"form": form, "title": _("Appoint an ambassador")}
    )


@login_required
def ambassador_detail(request, pk: int):
    ambassador = _ambassador(pk)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = services.find_person(data["id_number"], data["name"])
        if worker is None:
            form.add_error("id_number", _("No person of the registry has this ID number and name."))
        else:
            try:
                services.record_referral(
                    ambassador, worker, consent=data["consent"], by=request.user, request=request
                )
            except services.AmbassadorError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Referral recorded."))
                return redirect("ambassadors:detail", pk=ambassador.pk)
    link = referral_link(request, ambassador)
    context = {
        "ambassador": ambassador,
        "active": ambassador.is_active_on(timezone.localdate()),
        "link": link,
        "svg": qr_svg(link),
        "referrals": Referral.objects.filter(ambassador=ambassador).select_related(
            "worker", "employer", "application__posting__employer"
        ),
        "form": form,
        "title": ambassador.name,
    }
    return render(request, "ambassadors/detail.html", context)


@login_required
@require_POST
def end(request, pk: int):
    ambassador = _ambassador(pk)
    try:
        services.end_ambassador(ambassador, by=request.user, request=request)
    except services.AmbassadorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The ambassador's appointment has ended."))
    return redirect("ambassadors:detail", pk=ambassador.pk)


@login_required
@require_safe
def bounty_list(request):
    show = request.GET.get("show", rules.DUE)
    if show not in reports.SHOWS:
        raise Http404
    groups = reports.bounty_groups(today=timezone.localdate())
    context = {
        "show": show,
        "rows": groups[show],
        "counts": {k: len(v) for k, v in groups.items()},
        "amount": services.bounty_amount(request.user.region_id or ""),
        "title": _("Ambassador bounties"),
    }
    return render(request, "ambassadors/bounties.html", context)


@login_required
@require_POST
def bounty_approve(request, pk: int):
    referral = get_object_or_404(Referral.objects.select_related("ambassador"), pk=pk)
    try:
        application_id = int(request.POST.get("application", ""))
    except ValueError:
        messages.error(request, _("Choose the hire the bounty is for."))
        return redirect("ambassadors:bounties")
    try:
        services.approve_bounty(referral, application_id, by=request.user, request=request)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not approve this bounty."))
    except services.AmbassadorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Bounty approved."))
    return redirect(f"{reverse('ambassadors:bounties')}?show=approved")


@login_required
@require_safe
def bounty_export(request):
    rows = Bounty.objects.select_related("ambassador", "worker", "employer", "region").order_by(
        "approved_at", "pk"
    )
    body = [
        [
            b.region.name,
            b.ambassador.name,
            mask_phone(b.ambassador.phone),
            mask_name(b.worker.name),
            b.employer.name,
            b.falls_due_on.isoformat(),
            f"{b.amount:.2f}",
            timezone.localtime(b.approved_at).strftime("%Y-%m-%d"),
        ]
        for b in rows
    ]
    content = workbook_bytes(
        body,
        title=_("Approved ambassador bounties"),
        subtitle=_("As of %(day)s") % {"day": timezone.localdate().isoformat()},
        header=[
            _("town"),
            _("recruitment ambassador"),
            _("mobile phone"),
            _("person"),
            _("employer"),
            _("falls due on"),
            _("amount (yuan)"),
            _("approved on"),
        ],
        sheet_name="bounties",
    )
    log_action("ambassadors.bounties.exported", request=request, detail={"rows": len(body)})
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"bounties-{timezone.localdate():%Y%m%d}.xlsx"
    )
    return response


@login_required
@require_safe
def officer_list(request):
    context = {"officers": reports.officer_counts(), "title": _("Recruiting officers")}
    context["candidates"] = EmployerUser.objects.filter(
        is_active=True, recruiting_officer__isnull=True
    ).select_related("employer")[:200]
    return render(request, "ambassadors/officers.html", context)


@login_required
@require_POST
def officer_mark(request, pk: int):
    employer_user = get_object_or_404(EmployerUser.objects.all(), pk=pk)
    on = request.POST.get("on", "1") == "1"
    services.mark_officer(employer_user, on=on, by=request.user, request=request)
    messages.success(request, _("Saved."))
    return redirect("ambassadors:officers")


@login_required
@require_safe
def officer_rows(request, pk: int):
    """The list behind an officer's figure: their fairs or their hires."""
    employer_user = get_object_or_404(
        EmployerUser.objects.filter(recruiting_officer__isnull=False), pk=pk
    )
    which = request.GET.get("which", "hires")
    if which not in ("fairs", "hires"):
        raise Http404
    fairs, hires = reports.officer_records(employer_user)
    context = {
        "officer": employer_user,
        "which": which,
        "fairs": fairs,
        "hires": hires,
        "title": _("Recruiting officers"),
    }
    return render(request, "ambassadors/officer_rows.html", context)
