"""Staff pages for employers: list, detail with their postings, create and edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from homeward.accounts.decorators import writers_only
from homeward.audit.services import log_action
from homeward.jobs.models import Posting
from homeward.regions.models import Level, Region
from homeward.scoping import covers, limit_to_area

from .forms import EmployerForm, places_in_area
from .models import Employer, Industry

PAGE_SIZE = 50


def filter_places(limit: int = 600):
    """Counties and towns of the current area, to filter lists by."""
    return Region.objects.filter(level__in=[Level.COUNTY, Level.TOWN])[:limit]


def in_chosen_place(queryset, request, code: str):
    """Limit a list to the chosen place, if it lies in the user's area (else it is ignored)."""
    if code and covers(request.area, code):
        return limit_to_area(queryset, code)
    return queryset


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


@login_required
@require_safe
def employer_detail(request, pk: int):
    employer = get_object_or_404(Employer.objects.select_related("region__parent"), pk=pk)
    postings = Posting.objects.filter(employer=employer).select_related("region")
    context = {"employer": employer, "postings": postings, "title": employer.name}
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
            with transaction.atomic():
                employer = form.save()
                action = "employers.employer.created" if adding else "employers.employer.changed"
                log_action(action, request=request, obj=employer, detail=_changes(form))
        except IntegrityError:  # the same code registered a moment ago elsewhere
            form.add_error("uscc", _("This credit code is already registered."))
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


def _changes(form) -> dict:
    # Names only: the audit detail must not carry the contact phone.
    return {"fields": sorted(form.changed_data)}
