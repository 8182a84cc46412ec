"""Staff pages of returnee ventures: the area's ventures with their figures (each opening its
list), a venture's page (founder, business, jobs created, support received, park, liaison
officers and their contacts), parks, liaison officers, showcases with their results counted
from the votes, and founders' alliances with their members and events. Thin: scoped lookup (404 outside the area) → form → one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.employers.forms import places_in_area

from . import figures as venture_figures
from . import services
from .forms import (
    AllianceEventForm,
    AllianceForm,
    AssignForm,
    ContactForm,
    EmployeeForm,
    EntryForm,
    LeftForm,
    LiaisonForm,
    MemberForm,
    ParkForm,
    ShowcaseForm,
    SolvedForm,
    SupportForm,
    TenancyForm,
    VentureForm,
)
from .models import (
    Alliance,
    AllianceEvent,
    Assignment,
    Contact,
    Contestant,
    Entry,
    Liaison,
    Membership,
    Park,
    Served,
    Showcase,
    Tenancy,
    Venture,
    Vote,
)
from .tally import REASONS


def _figure_url(key: str) -> str:
    if key in ("jobs", "low_income"):
        return reverse("ventures:jobs") + ("?low_income=1" if key == "low_income" else "")
    if key == "solved":
        return reverse("ventures:liaisons") + "?solved=1"
    if key == "founders":
        key = "ventures"
    return reverse("ventures:list") + f"?show={key}"


def _error(form, error):
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
@require_safe
def venture_list(request):
    show = request.GET.get("show", "ventures")
    if show not in venture_figures.VENTURE_ROWS:
        show = "ventures"
    rows = list(venture_figures.ventures(show)[:500])
    jobs = services.jobs_by_venture(rows)
    for venture in rows:
        venture.jobs = len(jobs[venture.pk])
    return render(
        request,
        "ventures/list.html",
        {
            "ventures": rows,
            "show": show,
            "shown_label": venture_figures.LABELS[show],
            "figures": venture_figures.figures(_figure_url),
            "title": _("Returnee ventures"),
        },
    )


@login_required
@require_safe
def jobs_list(request):
    low_income = bool(request.GET.get("low_income"))
    return render(
        request,
        "ventures/jobs.html",
        {
            "rows": venture_figures.jobs(low_income=low_income),
            "low_income": low_income,
            "title": _("Jobs created by returnee ventures"),
        },
    )


@login_required
@writers_only
def venture_create(request):
    form = VentureForm(request.POST or None, area=request.area)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            venture = services.register_venture(
                founder=data["person"], name=data["name"], kind=data["kind"],
                credit_code=data["credit_code"], industry=data["industry"], region=data["region"],
                started_on=data["started_on"], description=data["description"],
                by=request.user, request=request,
            )  # fmt: skip
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("The venture is registered."))
            return redirect("ventures:detail", pk=venture.pk)
    return render(
        request,
        "ventures/form.html",
        {"form": form, "places": places_in_area(), "title": _("New venture")},
    )


def _venture(pk: int) -> Venture:
    return get_object_or_404(Venture.objects.select_related("founder", "employer", "region"), pk=pk)


def _detail(request, venture, **forms):
    today = timezone.localdate()
    context = {
        "venture": venture,
        "jobs": services.jobs_of(venture),
        "support": services.support_of(venture),
        "tenancies": Tenancy._base_manager.filter(venture=venture).select_related("park"),
        "assignments": Assignment.objects.filter(venture=venture).select_related("liaison"),
        "contacts": Contact.objects.filter(assigned__venture=venture).select_related(
            "assigned__liaison"
        ),
        "employee_form": forms.get("employee_form") or EmployeeForm(initial={"started_on": today}),
        "support_form": forms.get("support_form") or SupportForm(initial={"on": today}),
        "tenancy_form": forms.get("tenancy_form")
        or TenancyForm(initial={"on": today}, area=request.area),
        "assign_form": forms.get("assign_form")
        or AssignForm(initial={"on": today}, area=request.area),
        "contact_form": forms.get("contact_form") or ContactForm(initial={"on": today}),
        "title": venture.name,
    }
    context["contests"] = (
        Contestant.objects.filter(venture=venture)
        .select_related("competition")
        .prefetch_related("awards")
    )
    context["visits_served"] = Served.objects.filter(venture=venture).select_related("visit__team")
    context["low_income_jobs"] = sum(1 for j in context["jobs"] if j.low_income)
    return render(request, "ventures/detail.html", context)


@login_required
@require_safe
def venture_detail(request, pk: int):
    return _detail(request, _venture(pk))


def _post(request, pk, form_class, name, call):
    """A POST of the venture page: the form, the one service call, or the page with the error."""
    venture = _venture(pk)
    extra = {"area": request.area} if form_class in (TenancyForm, AssignForm) else {}
    form = form_class(request.POST, **extra)
    if form.is_valid():
        try:
            call(venture, form.cleaned_data)
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("ventures:detail", pk=venture.pk)
    return _detail(request, venture, **{name: form})


@login_required
@writers_only
@require_POST
def venture_employee(request, pk: int):
    return _post(request, pk, EmployeeForm, "employee_form", lambda v, d: services.record_employee(
        v, d["person"], started_on=d["started_on"], by=request.user, request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def venture_support(request, pk: int):
    return _post(request, pk, SupportForm, "support_form", lambda v, d: services.record_support(
        v, kind=d["kind"], on=d["on"], note=d["note"], by=request.user, request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def venture_park(request, pk: int):
    return _post(request, pk, TenancyForm, "tenancy_form", lambda v, d: services.move_into_park(
        v, d["park"], on=d["on"], by=request.user, request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def venture_liaison(request, pk: int):
    return _post(request, pk, AssignForm, "assign_form", lambda v, d: services.assign_liaison(
        v, d["liaison"], on=d["on"], by=request.user, request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def assignment_contact(request, pk: int):
    assignment = get_object_or_404(Assignment.objects.select_related("venture"), pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.record_contact(
                assignment, on=d["on"], way=d["way"], note=d["note"], problem=d["problem"],
                solved_on=d["solved_on"], by=request.user, request=request,
            )  # fmt: skip
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("ventures:detail", pk=assignment.venture_id)
    return _detail(request, _venture(assignment.venture_id), contact_form=form)


@login_required
@writers_only
@require_POST
def contact_solved(request, pk: int):
    contact = get_object_or_404(Contact.objects.select_related("assigned__venture"), pk=pk)
    form = SolvedForm(request.POST)
    if form.is_valid():
        try:
            services.mark_solved(contact, on=form.cleaned_data["on"], by=request.user,
                                 request=request)  # fmt: skip
        except services.VentureError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Recorded."))
    else:
        messages.error(request, _("Give the day it was solved."))
    return redirect("ventures:detail", pk=contact.assigned.venture_id)


# Parks ----------------------------------------------------------------------------------------


@login_required
@require_safe
def park_list(request):
    parks = list(Park.objects.select_related("region"))
    open_tenancies = Tenancy.objects.filter(moved_out_on__isnull=True)
    counts = {}
    for park_id in open_tenancies.values_list("park_id", flat=True):
        counts[park_id] = counts.get(park_id, 0) + 1
    for park in parks:
        park.tenants = counts.get(park.pk, 0)
    return render(request, "ventures/parks.html", {"parks": parks, "title": _("Startup parks")})


@login_required
@writers_only
def park_create(request):
    form = ParkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        park = form.save(commit=False)
        park.region_id = request.user.region_id
        try:
            services.save_park(park, by=request.user, request=request)
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("ventures:park", pk=park.pk)
    return render(request, "ventures/form.html", {"form": form, "title": _("New park")})


@login_required
@require_safe
def park_detail(request, pk: int):
    park = get_object_or_404(Park.objects.select_related("region"), pk=pk)
    tenancies = Tenancy.objects.filter(park=park).select_related("venture", "venture__founder")
    return render(
        request,
        "ventures/park.html",
        {
            "park": park,
            "tenants": [t for t in tenancies if t.moved_out_on is None],
            "former": [t for t in tenancies if t.moved_out_on is not None],
            "title": park.name,
        },
    )


# Liaison officers -----------------------------------------------------------------------------


@login_required
@require_safe
def liaison_list(request):
    liaisons = list(Liaison.objects.all())
    assigned = {}
    for liaison_id in Assignment.objects.values_list("liaison_id", flat=True):
        assigned[liaison_id] = assigned.get(liaison_id, 0) + 1
    for liaison in liaisons:
        liaison.ventures = assigned.get(liaison.pk, 0)
    context = {"liaisons": liaisons, "title": _("Liaison officers")}
    if request.GET.get("solved"):
        context["solved"] = venture_figures.solved()
    return render(request, "ventures/liaisons.html", context)


@login_required
@writers_only
def liaison_create(request):
    form = LiaisonForm(request.POST or None, area=request.area)
    if request.method == "POST" and form.is_valid():
        liaison = form.save(commit=False)
        liaison.region_id = request.user.region_id
        try:
            services.save_liaison(liaison, by=request.user, request=request)
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("ventures:liaison", pk=liaison.pk)
    return render(request, "ventures/form.html", {"form": form, "title": _("New liaison officer")})


@login_required
@require_safe
def liaison_detail(request, pk: int):
    liaison = get_object_or_404(Liaison.objects.all(), pk=pk)
    return render(
        request,
        "ventures/liaison.html",
        {
            "liaison": liaison,
            "assignments": Assignment.objects.filter(liaison=liaison).select_related("venture"),
            "contacts": Contact.objects.filter(assigned__liaison=liaison).select_related(
                "assigned__venture"
            ),
            "title": str(liaison),
        },
    )


# Showcases ------------------------------------------------------------------------------------


@login_required
@require_safe
def showcase_list(request):
    return render(
        request,
        "ventures/showcases.html",
        {"showcases": Showcase.objects.select_related("region"), "title": _("Founders' showcases")},
    )


@login_required
@writers_only
def showcase_create(request):
    form = ShowcaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        showcase = form.save(commit=False)
        showcase.region_id = request.user.region_id
        try:
            services.create_showcase(showcase, by=request.user, request=request)
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("ventures:showcase", pk=showcase.pk)
    return render(request, "ventures/form.html", {"form": form, "title": _("New showcase")})


def _showcase(pk):
    return get_object_or_404(Showcase.objects.select_related("region"), pk=pk)


def _showcase_page(request, showcase, entry_form=None):
    entries = {e.pk: e for e in Entry.objects.filter(showcase=showcase).select_related("venture")}
    results = services.results(showcase)
    for result in results:
        result.entry = entries[result.entry_id]
    form = entry_form or EntryForm()
    form.fields["venture"].queryset = Venture.objects.exclude(entries__showcase=showcase)
    return render(
        request,
        "ventures/showcase.html",
        {
            "showcase": showcase,
            "results": results,
            "votes": sum(r.votes for r in results),
            "flagged": sum(r.flagged for r in results),
            "entry_form": form,
            "open": showcase.is_open_on(timezone.localdate()),
            "title": showcase.title,
        },
    )


@login_required
@require_safe
def showcase_detail(request, pk: int):
    return _showcase_page(request, _showcase(pk))


@login_required
@writers_only
@require_POST
def showcase_entry(request, pk: int):
    showcase = _showcase(pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            services.add_entry(
                showcase, form.cleaned_data["venture"], blurb=form.cleaned_data["blurb"],
                by=request.user, request=request,
            )  # fmt: skip
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("ventures:showcase", pk=showcase.pk)
    return _showcase_page(request, showcase, entry_form=form)


@login_required
@require_safe
def showcase_votes(request, pk: int):
    """Every vote of a showcase (or of one entry, only the flagged ones or only the valid ones):
    the voter and their phone masked, the time, the flags with their reasons — the results can be checked vote by vote."""
    showcase = _showcase(pk)
    votes = Vote.objects.filter(showcase=showcase).select_related("worker", "entry__venture")
    entry = request.GET.get("entry", "")
    if entry:
        if not entry.isdigit():
            raise Http404
        votes = votes.filter(entry_id=int(entry))
    flagged = bool(request.GET.get("flagged"))
    valid = not flagged and bool(request.GET.get("valid"))
    rows = [v for v in votes if v.flags] if flagged else list(votes)
    if valid:
        rows = [v for v in rows if not v.flags]
    for vote in rows:
        vote.reasons = "；".join(REASONS.get(f, f) for f in vote.flags)
    return render(
        request,
        "ventures/votes.html",
        {
            "showcase": showcase,
            "votes": rows,
            "flagged": flagged,
            "valid": valid,
            "title": showcase.title,
        },  # fmt: skip
    )


# Founders' alliances --------------------------------------------------------------------------

ALLIANCE_LISTS = ("members", "events", "attendees")


@login_required
@require_safe
def alliance_list(request):
    """The area's alliances with their figures — members now, events this year and the members
    who came to them — each number opening its list on the alliance's page."""
    year = timezone.localdate().year
    alliances = list(Alliance.objects.select_related("region"))
    for alliance in alliances:
        alliance.figures = {
            key: len(rows) for key, rows in services.alliance_figures(alliance, year=year).items()
        }
    return render(
        request,
        "ventures/alliances.html",
        {
            "alliances": alliances,
            "year": year,
            "form": AllianceForm(),
            "title": _("Founders' alliances"),
        },  # fmt: skip
    )


@login_required
@writers_only
@require_POST
def alliance_create(request):
    form = AllianceForm(request.POST)
    if form.is_valid():
        alliance = form.save(commit=False)
        alliance.region_id = request.user.region_id
        try:
            services.create_alliance(alliance, by=request.user, request=request)
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("ventures:alliance", pk=alliance.pk)
    return render(request, "ventures/form.html", {"form": form, "title": _("New alliance")})


def _alliance(pk):
    return get_object_or_404(Alliance.objects.select_related("region"), pk=pk)


def _alliance_page(request, alliance, member_form=None, event_form=None, status=200):
    year = timezone.localdate().year
    show = request.GET.get("show", "")
    figures = services.alliance_figures(alliance, year=year)
    memberships = Membership.objects.filter(alliance=alliance).select_related("founder", "venture")
    events = AllianceEvent.objects.filter(alliance=alliance).prefetch_related("attendees__founder")
    member_form = member_form or MemberForm()
    member_form.fields["venture"].queryset = Venture.objects.exclude(
        memberships__alliance=alliance, memberships__left_on__isnull=True
    )
    return render(
        request,
        "ventures/alliance.html",
        {
            "alliance": alliance,
            "year": year,
            "figures": figures,
            "show": show if show in ALLIANCE_LISTS else "",
            "memberships": memberships,
            "events": events,
            "member_form": member_form,
            "event_form": event_form or AllianceEventForm(alliance=alliance),
            "left_form": LeftForm(initial={"on": timezone.localdate()}),
            "title": alliance.name,
        },  # fmt: skip
        status=status,
    )


@login_required
@require_safe
def alliance_detail(request, pk: int):
    return _alliance_page(request, _alliance(pk))


@login_required
@writers_only
@require_POST
def alliance_member(request, pk: int):
    alliance = _alliance(pk)
    form = MemberForm(request.POST)
    form.fields["venture"].queryset = Venture.objects.all()
    if form.is_valid():
        try:
            services.add_member(
                alliance, founder=form.cleaned_data["person"],
                venture=form.cleaned_data["venture"], joined_on=form.cleaned_data["joined_on"],
                by=request.user, request=request,
            )  # fmt: skip
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("ventures:alliance", pk=alliance.pk)
    return _alliance_page(request, alliance, member_form=form)


@login_required
@writers_only
@require_POST
def membership_left(request, pk: int):
    member = get_object_or_404(Membership.objects.select_related("alliance"), pk=pk)
    form = LeftForm(request.POST)
    if form.is_valid():
        try:
            services.member_left(member, on=form.cleaned_data["on"], by=request.user,
                                 request=request)  # fmt: skip
        except services.VentureError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Recorded."))
    else:
        messages.error(request, _("Give the day the member left."))
    return redirect("ventures:alliance", pk=member.alliance_id)


@login_required
@writers_only
@require_POST
def alliance_event(request, pk: int):
    alliance = _alliance(pk)
    form = AllianceEventForm(request.POST, alliance=alliance)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_event(
                alliance, kind=data["kind"], title=data["title"], on=data["on"],
                place=data["place"], attendees=data["attendees"], by=request.user,
                request=request,
            )  # fmt: skip
        except services.VentureError as error:
            _error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("ventures:alliance", pk=alliance.pk)
    return _alliance_page(request, alliance, event_form=form)
