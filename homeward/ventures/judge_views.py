"""A judge's own pages of a startup competition (创业大赛): a staff account named as a judge
(`Judge.user`) sees the rounds it judges, their entries (those it must recuse from marked and
refused) and fills in or corrects its own whole sheet per entry while the round is open — through
`services.record_scores(own=True)`, the function the staff form uses. Every lookup is the
viewer's area (scoped managers) and the viewer's own judge rows: another judge's sheet is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import services
from .forms import SheetForm
from .models import Judge, Score


def _own_judges(request):
    return Judge.objects.filter(user=request.user).select_related("round__competition__region")


def _own_judge(request, pk: int):
    return get_object_or_404(_own_judges(request), pk=pk)


def _entries(judge):
    """The round's entries for this judge: each with `why` (the reason to recuse, "" when the
    judge may score it) and `scored` (the judge's sheet is recorded)."""
    scored = set(
        Score.objects.filter(judge=judge).values_list("contestant_id", flat=True).distinct()
    )
    entries = list(services.contestants_of(judge.round))
    for entry in entries:
        entry.why = services.conflicted(judge, entry)
        entry.scored = entry.pk in scored
    return entries


@login_required
@require_safe
def judging(request):
    """The rounds the viewer judges, open ones first, with their sheets done and to do."""
    judges = list(_own_judges(request).order_by("round__closed_at", "-round__held_on", "pk"))
    for judge in judges:
        entries = _entries(judge)
        judge.to_score = [e for e in entries if not e.why]
        judge.done = sum(e.scored for e in judge.to_score)
        judge.recused = len(entries) - len(judge.to_score)
    return render(
        request, "ventures/judging.html", {"judges": judges, "title": _("My score sheets")}
    )


@login_required
@require_safe
def judging_round(request, pk: int):
    judge = _own_judge(request, pk)
    return render(
        request,
        "ventures/judging_round.html",
        {"judge": judge, "round": judge.round, "competition": judge.round.competition,
         "entries": _entries(judge), "title": str(judge.round)},
    )  # fmt: skip


def _sheet_page(request, judge, entry, form, *, status=200, why=""):
    return render(
        request,
        "ventures/judging_sheet.html",
        {"judge": judge, "round": judge.round, "competition": judge.round.competition,
         "entry": entry, "form": form, "why": why, "title": entry.project},
        status=status,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def judging_sheet(request, pk: int, entry: int):
    """The judge's own sheet for one entry: shown filled in with what it recorded; a post goes
    to `record_scores(own=True)`, whose refusals (recused, out of range, incomplete, the round
    closed) come back beside the form (400) with nothing written."""
    judge = _own_judge(request, pk)
    round_ = judge.round
    contestant = get_object_or_404(services.contestants_of(round_), pk=entry)
    if request.method == "POST":
        form = SheetForm(request.POST, round=round_)
        if form.is_valid():
            try:
                services.record_scores(round_, judge, contestant, form.values(), by=request.user,
                                       request=request, own=True)  # fmt: skip
            except services.VentureError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your score sheet is recorded."))
                return redirect("ventures:judging-round", pk=judge.pk)
        return _sheet_page(request, judge, contestant, form, status=400)
    why = services.conflicted(judge, contestant)
    if why:
        return _sheet_page(request, judge, contestant, None, status=403, why=why)
    recorded = Score.objects.filter(judge=judge, contestant=contestant)
    form = SheetForm(round=round_, initial={f"c{s.criterion_id}": s.value for s in recorded})
    return _sheet_page(request, judge, contestant, form)
