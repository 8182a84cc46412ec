"""The employer's pages of trips out under /e/trips: the 点对点 trips bringing the people it
hired, their passengers (masked), and confirming each one's arrival.

Trips are read through the base manager with the ownership filter `employer=request.employer`
(another employer's trip answers 404); the confirmation is the trips service's, which checks
the employer again and runs in the trip's area.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.crypto import mask_name
from homeward.trips import services
from homeward.trips.models import SignUp, Trip

from .identity import employer_required


def _trips(employer):
    return Trip._base_manager.filter(kind=Trip.Kind.OUT, employer=employer).order_by(
        "-departs_on", "-pk"
    )


@require_safe
@employer_required
def trip_list(request):
    context = {"trips": list(_trips(request.employer)), "title": _("Trips bringing your hires")}
    return render(request, "portal/employer/trips.html", context)


@require_safe
@employer_required
def trip_detail(request, pk: int):
    trip = get_object_or_404(_trips(request.employer), pk=pk)
    signups = list(
        SignUp._base_manager.filter(trip=trip)
        .select_related("worker", "application__posting")
        .order_by("pk")
    )
    for s in signups:
        s.masked = mask_name(s.worker.name)
    context = {"trip": trip, "signups": signups, "title": trip.title}
    return render(request, "portal/employer/trip.html", context)


@require_POST
@employer_required
def arrived(request, pk: int):
    signup = get_object_or_404(
        SignUp._base_manager.select_related("trip", "worker").filter(
            trip__employer=request.employer, trip__kind=Trip.Kind.OUT
        ),
        pk=pk,
    )
    try:
        services.confirm_arrival(signup, employer_user=request.employer_user, request=request)
    except services.TripError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Arrival confirmed: %(name)s.") % {"name": mask_name(signup.worker.name)}
        )
    return redirect("portal:employer-trip", pk=signup.trip_id)
