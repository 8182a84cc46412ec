"""The worker's "my cooperative" page: the labour cooperatives they belong to (or belonged to),
the dispatches they were sent on and the pay recorded for each, and this year's total.

The person's own rows are read through ownership filters (`worker=`) on the base managers: the
portal has no area."""

from decimal import Decimal

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from homeward.cooperatives.models import Dispatch, DispatchMember, Membership

from .identity import worker_required


@require_safe
@worker_required
def my_cooperative(request):
    worker = request.worker
    memberships = Membership._base_manager.filter(worker=worker).select_related(
        "cooperative", "cooperative__region"
    )
    places = list(
        DispatchMember._base_manager.filter(worker=worker, cancelled=False)
        .exclude(dispatch__status=Dispatch.Status.CANCELLED)
        .select_related("dispatch", "dispatch__order", "dispatch__cooperative")
        .order_by("-starts_on", "-pk")[:20]
    )
    year = timezone.localdate().year
    paid_this_year = sum(
        (
            p.pay
            for p in places
            if p.pay is not None
            and p.dispatch.status == Dispatch.Status.CLOSED
            and p.ends_on.year == year
        ),
        Decimal("0.00"),
    )
    context = {
        "memberships": memberships.order_by("left_on", "-joined_on"),
        "places": places,
        "paid_this_year": paid_this_year,
        "title": _("My cooperative"),
        "portal_worker": worker,
        "tab": "me",
    }
    return render(request, "portal/cooperative.html", context)
