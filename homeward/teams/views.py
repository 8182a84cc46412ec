"""Staff pages of service teams: the area's teams and coverage, a team (members, coverage per
member, assigning returnees), a member's caseload (who has not been contacted yet first), the
contact form, and the people behind every figure. Teams, members and assignments are read
through the scoped managers: another area's answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.crypto import hash_filter, mask_name
from homeward.workers.models import Worker

from . import coverage, services
from .forms import AssignForm, ContactForm, MemberForm, TeamForm
from .models import Assignment, Member, Team

PAGE_SIZE = 50


def _team(pk: int) -> Team:
    return get_object_or_404(Team.objects.select_related("region"), pk=pk)


def _member(pk: int, user=None) -> Member:
    """A member of a team of the viewer's area, or the viewer's own membership: a village clerk
    on a town's team opens their own caseload (its people are still only those the scoped
    managers show them)."""
    related = ("team", "team__region", "user")
    member = Member.objects.select_related(*related).filter(pk=pk).first()
    if member is None and user is not None:
        member = Member._base_manager.select_related(*related).filter(pk=pk, user=user).first()
    if member is None:
        raise Http404
    return member


def _linked(values, url) -> list[dict]:
    return [{"key": k, "label": label, "value": v, "url": url(k)} for k, label, v in values]


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@login_required
@require_safe
def team_list(request):
    teams = Team.objects.select_related("region")
    context = {
        "teams": teams,
        "figures": _linked(
            coverage.figures(), lambda k: reverse("teams:area-figure") + f"?key={k}"
        ),
        "mine": Member.objects.filter(user=request.user, active=True).select_related("team"),
        "title": _("Service teams"),
    }
    return render(request, "teams/list.html", context)


@login_required
@writers_only
def team_create(request):
    form = TeamForm(request.POST or None, area=request.area)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(by=request.user, request=request, **form.cleaned_data)
        except services.TeamError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("teams:detail", pk=team.pk)
    return render(request, "teams/form.html", {"form": form, "title": _("New service team")})


@login_required
@require_safe
def my_caseloads(request):
    """The signed-in user's caseloads (the staff home's queue opens here)."""
    mine = list(
        Member.objects.filter(user=request.user, active=True).select_related("team", "team__region")
    )
    if len(mine) == 1:
        return redirect("teams:member", pk=mine[0].pk)
    return render(request, "teams/mine.html", {"mine": mine, "title": _("My caseload")})


@login_required
@require_safe
def team_detail(request, pk: int):
    team = _team(pk)
    context = {
        "team": team,
        "figures": _linked(
            coverage.figures(team=team), lambda k: reverse("teams:figure", args=[team.pk, k])
        ),
        "members": coverage.per_member(team),
        "member_form": MemberForm(team=team, viewer=request.user),
        "assign_form": AssignForm(team=team),
        "title": team.name,
    }
    return render(request, "teams/detail.html", context)


@login_required
@writers_only
@require_POST
def member_add(request, pk: int):
    team = _team(pk)
    form = MemberForm(request.POST, team=team, viewer=request.user)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("teams:detail", pk=team.pk)
    try:
        services.add_member(team, form.cleaned_data["user"], by=request.user, request=request)
    except services.TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Member added."))
    return redirect("teams:detail", pk=team.pk)


@login_required
@writers_only
@require_POST
def member_remove(request, pk: int):
    member = _member(pk)
    try:
        services.remove_member(member, by=request.user, request=request)
    except services.TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Member taken off the team."))
    return redirect("teams:detail", pk=member.team_id)


@login_required
@writers_only
@require_POST
def assign(request, pk: int):
    team = _team(pk)
    form = AssignForm(request.POST, team=team)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("teams:detail", pk=team.pk)
    data = form.cleaned_data
    if data.get("village"):
        people = services.returnees_of(data["village"].code)
    else:
        people = Worker.objects.filter(**hash_filter(Worker, "id_number", data["id_number"]))
        if not people.exists():
            messages.error(request, _("No one with this ID number is in your area's registry."))
            return redirect("teams:detail", pk=team.pk)
    try:
        counts = services.assign_returnees(
            people, data["member"], by=request.user, move=data["move"], request=request
        )
    except services.TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Assigned %(assigned)s, moved %(moved)s, left as they were %(kept)s.") % counts,
        )
    return redirect("teams:detail", pk=team.pk)


@login_required
@require_safe
def member_caseload(request, pk: int):
    member = _member(pk, request.user)
    context = {
        "member": member,
        "team": member.team,
        "figures": _linked(
            coverage.figures(member=member, keys=coverage.CASELOAD_KEYS),
            lambda k: reverse("teams:member-figure", args=[member.pk, k]),
        ),
        "caseload": coverage.caseload(member),
        "is_mine": member.user_id == request.user.pk,
        "title": _("Caseload of %(name)s") % {"name": member.display_name},
    }
    return render(request, "teams/caseload.html", context)


@login_required
@writers_only
def contact(request, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.select_related("worker", "worker__region", "member__team"), pk=pk
    )
    form = ContactForm(request.POST or None, initial={"contacted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_contact(
                assignment, by=request.user, request=request, **form.cleaned_data
            )
        except services.TeamError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                _("Contact recorded: %(name)s.") % {"name": mask_name(assignment.worker.name)},
            )
            return redirect("teams:member", pk=assignment.member_id)
    context = {
        "assignment": assignment,
        "form": form,
        "contacts": assignment.contacts.select_related("member__user"),
        "is_mine": assignment.member.user_id == request.user.pk,
        "title": _("Contact with %(name)s") % {"name": mask_name(assignment.worker.name)},
    }
    return render(request, "teams/contact.html", context)


def _figure_page(request, key, *, team=None, member=None, allowed=coverage.KEYS):
    if key not in allowed:
        raise Http404
    label = dict(coverage.FIGURES)[key]
    people = coverage.rows(key, team=team, member=member)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    name = member.display_name if member else team.name if team else _("Service teams")
    context = {
        "team": team,
        "member": member,
        "label": label,
        "page": page,
        "title": f"{name} · {label}",
    }
    return render(request, "teams/figure.html", context)


@login_required
@require_safe
def team_figure(request, pk: int, key: str):
    return _figure_page(request, key, team=_team(pk))


@login_required
@require_safe
def member_figure(request, pk: int, key: str):
    member = _member(pk, request.user)
    return _figure_page(
        request, key, team=member.team, member=member, allowed=coverage.CASELOAD_KEYS
    )


@login_required
@require_safe
def area_figure(request):
    """The people behind a figure of the viewer's area (`?key=`); without one, the list."""
    key = request.GET.get("key", "")
    if not key:
        return redirect("teams:list")
    return _figure_page(request, key)
