"""The portal's follow-up pages: the worker answers "还在这里工作吗？" with one tap; the
employer confirms whether its hires still work there. Each reads its owner's follow-ups only
(`FollowUp._base_manager` filtered by the worker or the employer); another id answers 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.followups import services
from homeward.followups.forms import FollowUpForm
from homeward.followups.models import FollowUp, LeftReason, Result, Via

from .identity import employer_required, worker_required


def _answer(request, followup: FollowUp, via: str):
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether you still work there."))
        return
    data = form.cleaned_data
    try:
        services.record_followup(
            followup,
            result=data["result"],
            via=via,
            left_on=data["left_on"],
            reason=data["reason"],
            note=data["note"],
            request=request,
        )
    except services.FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you, recorded."))


def _rows(**owner):
    today = timezone.localdate()
    rows = FollowUp._base_manager.filter(**owner, due_on__lte=today).select_related(
        "employer", "application__posting", "worker"
    )
    return rows.filter(result="").order_by("due_on"), rows.exclude(result="").order_by("-due_on")[
        :20
    ]


@require_safe
@worker_required
def followups(request):
    due, done = _rows(worker=request.worker)
    context = {
        "due": due,
        "done": done,
        "reasons": LeftReason.choices,
        "today": timezone.localdate(),
        "employed": Result.EMPLOYED,
        "left": Result.LEFT,
        "tab": "applications",
        "title": _("Do you still work there?"),
        "portal_worker": request.worker,
    }
    return render(request, "portal/followups.html", context)


@require_POST
@worker_required
def followup_answer(request, pk: int):
    followup = get_object_or_404(FollowUp._base_manager.filter(worker=request.worker), pk=pk)
    _answer(request, followup, Via.WORKER)
    return redirect("portal:followups")


@require_safe
@employer_required
def employer_followups(request):
    due, done = _rows(employer=request.employer)
    context = {
        "due": due,
        "done": done,
        "reasons": LeftReason.choices,
        "today": timezone.localdate(),
        "employed": Result.EMPLOYED,
        "left": Result.LEFT,
        "title": _("Do your hires still work here?"),
    }
    return render(request, "portal/employer/followups.html", context)


@require_POST
@employer_required
def employer_followup(request, pk: int):
    followup = get_object_or_404(FollowUp._base_manager.filter(employer=request.employer), pk=pk)
    _answer(request, followup, Via.EMPLOYER)
    return redirect("portal:employer-followups")
