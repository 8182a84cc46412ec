"""The worker's pages of returnee ventures under /m/ventures: the showcases of their home area
with the public vote, and their own venture (as its founder) with the jobs it created and the
support it received.

Showcases are read through the base manager, limited to those whose area holds the person's
household village; the person's own venture through the ownership filter `founder=`. Voting is
the ventures service's (`cast_vote`, the person themselves): one vote per verified phone per day,
while the showcase is open.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.regions.codes import ancestor_codes
from homeward.ventures import services
from homeward.ventures.models import Entry, Showcase, Venture

from .identity import worker_required


def _showcases_of(worker):
    areas = [*ancestor_codes(worker.region_id), worker.region_id]
    return Showcase._base_manager.filter(region_id__in=areas).select_related("region")


@require_safe
@worker_required
def venture_home(request):
    today = timezone.localdate()
    showcases = list(_showcases_of(request.worker).filter(closes_on__gte=today))
    voted = services.todays_votes(request.worker)
    for showcase in showcases:
        showcase.voted = showcase.pk in voted
        showcase.open = showcase.is_open_on(today)
    mine = list(
        Venture._base_manager.filter(founder=request.worker).select_related("employer", "region")
    )
    for venture in mine:
        venture.jobs = services.jobs_of(venture)
        venture.received = [r for r in services.support_of(venture)]
    context = {"showcases": showcases, "mine": mine, "title": _("Returnee ventures")}
    return render(request, "portal/ventures/home.html", context)


@require_safe
@worker_required
def showcase(request, pk: int):
    shown = get_object_or_404(_showcases_of(request.worker), pk=pk)
    entries = {
        e.pk: e for e in Entry._base_manager.filter(showcase=shown).select_related("venture")
    }
    results = services.results(shown)
    for result in results:
        result.entry = entries[result.entry_id]
    mine = services.todays_votes(request.worker).get(shown.pk)
    context = {
        "showcase": shown,
        "results": results,
        "my_vote": mine,
        "open": shown.is_open_on(timezone.localdate()),
        "title": shown.title,
    }
    return render(request, "portal/ventures/showcase.html", context)


@require_POST
@worker_required
def vote(request, pk: int):
    shown = get_object_or_404(_showcases_of(request.worker), pk=pk)
    entry_id = request.POST.get("entry", "")
    entry = get_object_or_404(
        Entry._base_manager.filter(showcase=shown).select_related("showcase"),
        pk=int(entry_id) if entry_id.isdigit() else 0,
    )
    try:
        services.cast_vote(entry, request.worker, request=request)
    except services.VentureError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your vote is counted. Thank you."))
    return redirect("portal:venture-showcase", pk=shown.pk)
