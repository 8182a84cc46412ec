"""Staff pages of startup events: competitions (创业大赛) — criteria and weights, rounds, entries,
judges, each judge's score sheets, the ranking computed from the recorded scores with its rules
shown, closing a round (scores locked), the recorded decision who advances and the awards — and
expert teams' field visits (专家团基层行) with the founders served and the problems raised, the
area's figures per place each opening its list. Thin: scoped lookup (404 outside the area) →
form → one service call (`services`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.employers.forms import places_in_area
from homeward.regions.codes import is_code

from . import figures as venture_figures
from . import ranking, services
from .forms import (
    AdvanceForm,
    AwardForm,
    CompetitionForm,
    ConflictForm,
    ContestantForm,
    CriterionForm,
    ExpertForm,
    JudgeForm,
    ProblemForm,
    ProblemMoveForm,
    RoundForm,
    ScoreForm,
    ServedForm,
    TeamForm,
    VisitForm,
)
from .models import (
    Competition,
    Contestant,
    Criterion,
    Expert,
    ExpertTeam,
    FieldVisit,
    Judge,
    Problem,
    Round,
    Score,
    Served,
    Venture,
)


def _error(form, error):
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _done(request, to):
    messages.success(request, _("Recorded."))
    return redirect(to)


# Competitions ---------------------------------------------------------------------------------


@login_required
@require_safe
def competition_list(request):
    return _competitions_page(request)


def _competitions_page(request, form=None):
    """The area's competitions with their figures, and the new-competition form (`form`: one
    posted back with its errors)."""
    competitions = list(Competition.objects.select_related("region"))
    for competition in competitions:
        rows = services.competition_figures(competition)
        competition.figures = {
            "entries": len(rows["entries"]),
            "advanced": sum(len(a) for a in rows["advanced"].values()),
            "awarded": len(rows["awarded"]),
        }
    return render(
        request,
        "ventures/competitions.html",
        {"competitions": competitions, "form": form or CompetitionForm(),
         "title": _("Startup competitions")},
    )  # fmt: skip


@login_required
@writers_only
@require_POST
def competition_create(request):
    form = CompetitionForm(request.POST)
    if form.is_valid():
        competition = form.save(commit=False)
        competition.region_id = request.user.region_id
        try:
            services.create_competition(competition, by=request.user, request=request)
        except services.VentureError as error:
            _error(form, error)
        else:
            return _done(request, reverse("ventures:competition", args=[competition.pk]))
    return _competitions_page(request, form=form)


def _competition(pk):
    return get_object_or_404(Competition.objects.select_related("region"), pk=pk)


def _competition_page(request, competition, **forms):
    rows = services.competition_figures(competition)
    rounds = list(Round.objects.filter(competition=competition))
    for r in rounds:
        r.advanced_rows = rows["advanced"].get(r.pk, [])
    show = request.GET.get("show", "")
    shown_round = None
    if show.startswith("advanced-") and show[9:].isdigit():
        shown_round = next((r for r in rounds if r.pk == int(show[9:])), None)
    last = rounds[-1] if rounds else None
    award_form = forms.get("award_form") or AwardForm(
        initial={"awarded_on": timezone.localdate()},
        contestants=services.contestants_of(last) if last else Contestant.objects.none(),
    )
    entry_form = forms.get("entry_form") or ContestantForm()
    entry_form.fields["venture"].queryset = Venture.objects.exclude(
        contestants__competition=competition
    )
    return render(
        request,
        "ventures/competition.html",
        {
            "competition": competition,
            "criteria": Criterion.objects.filter(competition=competition),
            "rounds": rounds,
            "figures": rows,
            "show": show if show in ("entries", "awarded") else "",
            "shown_round": shown_round,
            "criterion_form": forms.get("criterion_form") or CriterionForm(),
            "round_form": forms.get("round_form") or RoundForm(),
            "entry_form": entry_form,
            "award_form": award_form,
            "title": competition.name,
        },
    )


@login_required
@require_safe
def competition_detail(request, pk: int):
    return _competition_page(request, _competition(pk))


def _competition_post(request, pk, form, name, call):
    competition = _competition(pk)
    if form.is_valid():
        try:
            call(competition, form.cleaned_data)
        except services.VentureError as error:
            _error(form, error)
        else:
            return _done(request, reverse("ventures:competition", args=[competition.pk]))
    return _competition_page(request, competition, **{name: form})


@login_required
@writers_only
@require_POST
def competition_criterion(request, pk: int):
    return _competition_post(request, pk, CriterionForm(request.POST), "criterion_form",
        lambda c, d: services.add_criterion(c, name=d["name"], weight=d["weight"],
            max_score=d["max_score"], by=request.user, request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def competition_round(request, pk: int):
    return _competition_post(request, pk, RoundForm(request.POST), "round_form",
        lambda c, d: services.add_round(c, stage=d["stage"], held_on=d["held_on"],
            by=request.user, request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def competition_entry(request, pk: int):
    return _competition_post(request, pk, ContestantForm(request.POST), "entry_form",
        lambda c, d: services.enter_contestant(c, venture=d["venture"], founder=d["person"],
            project=d["project"], by=request.user, request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def competition_award(request, pk: int):
    competition = _competition(pk)
    form = AwardForm(request.POST, contestants=competition.contestants.all())
    return _competition_post(request, pk, form, "award_form",
        lambda c, d: services.grant_award(c, d["contestant"], title=d["title"],
            awarded_on=d["awarded_on"], by=request.user, request=request))  # fmt: skip


# Rounds ---------------------------------------------------------------------------------------


def _round(pk):
    return get_object_or_404(Round.objects.select_related("competition__region"), pk=pk)


def _round_page(request, round_, **forms):
    contestants = services.contestants_of(round_)
    judges = list(Judge.objects.filter(round=round_).prefetch_related("conflicts"))
    sheets = {}
    for judge_id, contestant_id in Score.objects.filter(round=round_).values_list(
        "judge_id", "contestant_id"
    ):
        sheets.setdefault(contestant_id, set()).add(judge_id)
    for judge in judges:
        judge.conflict_names = [c.project for c in judge.conflicts.all()]
    table = services.standings(round_)
    names = {j.pk: j.name for j in judges}
    for standing in table:
        standing.dropped_names = [names.get(j, "") for j in standing.dropped]
        standing.incomplete_names = [names.get(j, "") for j in standing.incomplete]
        standing.sheets = len(sheets.get(standing.entry_id, ()))
    return render(
        request,
        "ventures/round.html",
        {
            "round": round_,
            "competition": round_.competition,
            "judges": judges,
            "standings": table,
            "rules": ranking.RULES,
            "advanced": round_.advanced.select_related("contestant__founder"),
            "judge_form": forms.get("judge_form") or JudgeForm(competition=round_.competition),
            "conflict_form": forms.get("conflict_form")
            or ConflictForm(round=round_, contestants=contestants),
            "score_form": forms.get("score_form")
            or ScoreForm(round=round_, contestants=contestants),
            "advance_form": forms.get("advance_form") or AdvanceForm(),
            "title": str(round_),
        },
    )


@login_required
@require_safe
def round_detail(request, pk: int):
    return _round_page(request, _round(pk))


def _round_post(request, round_, form, name, call):
    if form.is_valid():
        try:
            call(form)
        except services.VentureError as error:
            _error(form, error)
        else:
            return _done(request, reverse("ventures:round", args=[round_.pk]))
    return _round_page(request, round_, **{name: form})


@login_required
@writers_only
@require_POST
def round_judge(request, pk: int):
    round_ = _round(pk)
    return _round_post(request, round_, JudgeForm(request.POST, competition=round_.competition), "judge_form",
        lambda f: services.add_judge(round_, name=f.cleaned_data["name"],
            organisation=f.cleaned_data["organisation"], user=f.cleaned_data["user"],
            worker=f.cleaned_data["person"], by=request.user, request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def round_conflict(request, pk: int):
    round_ = _round(pk)
    form = ConflictForm(request.POST, round=round_, contestants=services.contestants_of(round_))
    return _round_post(request, round_, form, "conflict_form",
        lambda f: services.declare_conflict(f.cleaned_data["judge"],
            f.cleaned_data["contestant"], reason=f.cleaned_data["reason"], by=request.user,
            request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def round_score(request, pk: int):
    round_ = _round(pk)
    form = ScoreForm(request.POST, round=round_, contestants=services.contestants_of(round_))
    return _round_post(request, round_, form, "score_form",
        lambda f: services.record_scores(round_, f.cleaned_data["judge"],
            f.cleaned_data["contestant"], f.values(), by=request.user, request=request))  # fmt: skip


@login_required
@writers_only
@require_POST
def round_close(request, pk: int):
    round_ = _round(pk)
    try:
        services.close_round(round_, by=request.user, request=request)
    except services.VentureError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The round is closed: its scores are locked."))
    return redirect("ventures:round", pk=round_.pk)


@login_required
@writers_only
@require_POST
def round_advance(request, pk: int):
    round_ = _round(pk)
    return _round_post(request, round_, AdvanceForm(request.POST), "advance_form",
        lambda f: services.advance_top(round_, count=f.cleaned_data["count"], by=request.user,
            request=request))  # fmt: skip


# Expert teams' field visits -------------------------------------------------------------------


def _visit_url(key: str, place: str) -> str:
    url = reverse("ventures:field-visits") + f"?show={key}"
    return url + (f"&place={place}" if place else "") + "#list"


@login_required
@require_safe
def field_visits(request):
    return _field_visits_page(request)


def _field_visits_page(request, form=None):
    """The area's expert teams and the figures of their visits — visits, founders and ventures
    served, problems raised and solved — in total and per place below the area, each number
    opening its rows (`?show=…&place=…`)."""
    totals, by_place = venture_figures.visit_figures(request.area or "", _visit_url)
    show = request.GET.get("show", "")
    place = request.GET.get("place", "")
    if place and not is_code(place):
        place = ""
    rows = None
    if show in venture_figures.VISIT_LABELS:
        rows = list(venture_figures.visit_rows(show, place)[:500])
    return render(
        request,
        "ventures/field_visits.html",
        {
            "teams": ExpertTeam.objects.select_related("region").prefetch_related("experts"),
            "totals": totals,
            "by_place": by_place,
            "show": show if rows is not None else "",
            "shown_label": venture_figures.VISIT_LABELS.get(show, ""),
            "place": place,
            "rows": rows,
            "form": form or TeamForm(),
            "title": _("Expert teams' field visits"),
        },
    )


@login_required
@writers_only
@require_POST
def team_create(request):
    form = TeamForm(request.POST)
    if form.is_valid():
        team = form.save(commit=False)
        team.region_id = request.user.region_id
        try:
            services.create_team(team, by=request.user, request=request)
        except services.VentureError as error:
            _error(form, error)
        else:
            return _done(request, reverse("ventures:team", args=[team.pk]))
    return _field_visits_page(request, form=form)


def _team(pk):
    return get_object_or_404(ExpertTeam.objects.select_related("region"), pk=pk)


def _team_page(request, team, **forms):
    return render(
        request,
        "ventures/team.html",
        {
            "team": team,
            "experts": Expert.objects.filter(team=team),
            "visits": FieldVisit.objects.filter(team=team).select_related("region")
            .prefetch_related("experts", "served"),
            "expert_form": forms.get("expert_form") or ExpertForm(),
            "visit_form": forms.get("visit_form")
            or VisitForm(initial={"on": timezone.localdate()}, team=team, area=request.area),
            "places": places_in_area(),
            "title": team.name,
        },
    )  # fmt: skip


@login_required
@require_safe
def team_detail(request, pk: int):
    return _team_page(request, _team(pk))


@login_required
@writers_only
@require_POST
def team_expert(request, pk: int):
    team = _team(pk)
    form = ExpertForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_expert(team, name=d["name"], field=d["field"],
                                organisation=d["organisation"], by=request.user, request=request)  # fmt: skip
        except services.VentureError as error:
            _error(form, error)
        else:
            return _done(request, reverse("ventures:team", args=[team.pk]))
    return _team_page(request, team, expert_form=form)


@login_required
@writers_only
@require_POST
def team_visit(request, pk: int):
    team = _team(pk)
    form = VisitForm(request.POST, team=team, area=request.area)
    if form.is_valid():
        d = form.cleaned_data
        try:
            visit = services.record_visit(team, region=d["region"], on=d["on"], place=d["place"],
                                          experts=d["experts"], by=request.user, request=request)  # fmt: skip
        except services.VentureError as error:
            _error(form, error)
        else:
            return _done(request, reverse("ventures:visit", args=[visit.pk]))
    return _team_page(request, team, visit_form=form)


def _visit(pk):
    return get_object_or_404(FieldVisit.objects.select_related("team", "region"), pk=pk)


def _visit_page(request, visit, **forms):
    return render(
        request,
        "ventures/visit.html",
        {
            "visit": visit,
            "served": Served.objects.filter(visit=visit).select_related("founder", "venture"),
            "problems": Problem.objects.filter(served__visit=visit).select_related(
                "served__founder", "served__venture"
            ),
            "served_form": forms.get("served_form") or ServedForm(),
            "problem_form": forms.get("problem_form") or ProblemForm(visit=visit),
            "move_form": ProblemMoveForm(initial={"on": timezone.localdate()}),
            "title": str(visit),
        },
    )


@login_required
@require_safe
def visit_detail(request, pk: int):
    return _visit_page(request, _visit(pk))


@login_required
@writers_only
@require_POST
def visit_served(request, pk: int):
    visit = _visit(pk)
    form = ServedForm(request.POST)
    if form.is_valid():
        try:
            services.serve_at_visit(visit, venture=form.cleaned_data["venture"],
                                    founder=form.cleaned_data["person"], by=request.user,
                                    request=request)  # fmt: skip
        except services.VentureError as error:
            _error(form, error)
        else:
            return _done(request, reverse("ventures:visit", args=[visit.pk]))
    return _visit_page(request, visit, served_form=form)


@login_required
@writers_only
@require_POST
def visit_problem(request, pk: int):
    visit = _visit(pk)
    form = ProblemForm(request.POST, visit=visit)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.raise_problem(d["served"], field=d["field"], text=d["text"],
                                   by=request.user, request=request)  # fmt: skip
        except services.VentureError as error:
            _error(form, error)
        else:
            return _done(request, reverse("ventures:visit", args=[visit.pk]))
    return _visit_page(request, visit, problem_form=form)


@login_required
@writers_only
@require_POST
def problem_move(request, pk: int):
    problem = get_object_or_404(Problem.objects.select_related("served__visit"), pk=pk)
    form = ProblemMoveForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.move_problem(problem, status=d["status"], on=d["on"], note=d["note"],
                                  by=request.user, request=request)  # fmt: skip
        except services.VentureError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Recorded."))
    else:
        messages.error(request, _("Choose the new status."))
    return redirect("ventures:visit", pk=problem.served.visit_id)
