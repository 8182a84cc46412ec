"""Staff pages for employers: list, detail with their postings, create and edit, and the
employer's portal users (invited by staff, deactivated by staff), its labour-contract reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.jobs.models import Posting

from . import contracts, services
from .forms import (
    PAGE_SIZE,
    ContractReportForm,
    EmployerForm,
    InviteForm,
    filter_places,
    in_chosen_place,
    places_in_area,
)
from .models import ContractReport, Employer, EmployerUser, Industry


@login_required
@require_safe
def employer_list(request):
    q = request.GET.get("q", "").strip()
    industry = request.GET.get("industry", "")
    place = request.GET.get("region", "")
    employers = Employer.objects.search(q).select_related("region")
    if industry in Industry.values:
        employers = employers.filter(industry=industry)
    employers = in_chosen_place(employers, request, place)
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "industry": industry,
        "place": place,
        "industries": Industry.choices,
        "places": filter_places(),
        "title": _("Employers"),
    }
    return render(request, "employers/list.html", context)


def _employer(pk: int) -> Employer:
    return get_object_or_404(Employer.objects.select_related("region__parent"), pk=pk)


@login_required
@require_safe
def employer_detail(request, pk: int):
    return _detail(request, _employer(pk))


def _detail(request, employer: Employer, invite_form=None):
    postings = Posting.objects.filter(employer=employer).select_related("region")
    context = {
        "employer": employer,
        "postings": postings,
        "portal_users": EmployerUser.objects.filter(employer=employer).order_by(
            "-is_active", "name"
        ),
        "invite_form": invite_form or InviteForm(),
        "title": employer.name,
    }
    return render(request, "employers/detail.html", context)


@login_required
@writers_only
def employer_create(request):
    return _edit(request, Employer())


@login_required
@writers_only
def employer_edit(request, pk: int):
    return _edit(request, get_object_or_404(Employer.objects, pk=pk))


def _edit(request, employer: Employer):
    adding = employer.pk is None
    form = EmployerForm(request.POST or None, instance=employer, area=request.area)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.save_employer(form, by=request.user, request=request)
        except services.EmployerError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The employer is saved."))
            return redirect("employers:detail", pk=employer.pk)
    context = {
        "form": form,
        "employer": employer,
        "places": places_in_area(),
        "title": _("New employer") if adding else employer.name,
    }
    return render(request, "employers/form.html", context)


# The employer's portal users.


@login_required
@writers_only
@require_POST
def employer_user_invite(request, pk: int):
    """Create a portal user for the employer and text them where to sign in."""
    employer = _employer(pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _detail(request, employer, invite_form=form)
    try:
        invitation = services.invite_employer_user(
            employer,
            name=form.cleaned_data["name"],
            phone=form.cleaned_data["phone"],
            signin_url=_signin_url(request),
            by=request.user,
            request=request,
        )
    except services.EmployerError as error:
        form.add_error(error.field, str(error))
        return _detail(request, employer, invite_form=form)
    name = invitation.user.name
    if invitation.texted:
        messages.success(
            request,
            _("%(name)s is invited; a text message tells them where to sign in.") % {"name": name},
        )
    else:
        messages.warning(
            request,
            _(
                "%(name)s is invited, but the text message could not be sent: tell them to sign in at %(url)s."
            )
            % {"name": name, "url": _signin_url(request)},
        )
    return redirect("employers:detail", pk=employer.pk)


def _signin_url(request) -> str:
    return request.build_absolute_uri(reverse("portal:employer-signin"))


@login_required
@writers_only
@require_POST
def employer_user_deactivate(request, pk: int):
    """The person no longer signs in for the employer; their next portal request signs them out."""
    user = get_object_or_404(EmployerUser.objects.select_related("employer"), pk=pk)
    if services.deactivate_employer_user(user, by=request.user, request=request):
        messages.success(request, _("%(name)s can no longer sign in.") % {"name": user.name})
    return redirect("employers:detail", pk=user.employer_id)


# The employer's labour-contract reports (headcount and contracts signed, by month).


@login_required
def employer_contracts(request, pk: int):
    """The employer's monthly reports, every version, and the staff form that records one."""
    employer = _employer(pk)
    form = ContractReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contracts.report_contracts(
                employer,
                period=data["period"],
                headcount=data["headcount"],
                contracts_signed=data["contracts_signed"],
                reason=data["reason"],
                source=ContractReport.Origin.STAFF,
                by=request.user,
                request=request,
            )
        except services.EmployerError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The report is recorded."))
            return redirect("employers:contracts", pk=employer.pk)
    context = {
        "employer": employer,
        "reports": ContractReport.objects.filter(employer=employer).select_related("reported_by"),
        "form": form,
        "title": _("Labour-contract reports"),
    }
    return render(request, "employers/contracts.html", context)
