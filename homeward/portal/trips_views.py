"""The worker's pages of trips under /m/trips: the upcoming trips home of their area with one
tap to sign up, and the trips they are on.

Trips are read through the base manager, limited to trips home whose organising area holds the
person's household village (their town, county, city …); the person's own sign-ups through the
ownership filter `worker=request.worker`. Signing up is the trips service's (`by=None`: the
person themselves), which locks the trip and refuses a full trip or a second sign-up.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.regions.codes import ancestor_codes
from homeward.trips import services
from homeward.trips.models import SignUp, Trip

from .identity import worker_required


def _trips_of(worker):
    areas = [*ancestor_codes(worker.region_id), worker.region_id]
    return Trip._base_manager.filter(
        kind=Trip.Kind.HOME, region_id__in=areas, departs_on__gte=timezone.localdate()
    ).select_related("fair")


@require_safe
@worker_required
def trip_list(request):
    trips = list(_trips_of(request.worker).order_by("departs_on", "pk"))
    mine = list(
        SignUp._base_manager.filter(worker=request.worker)
        .select_related("trip")
        .order_by("-trip__departs_on")
    )
    on = {s.trip_id for s in mine}
    for trip in trips:
        trip.signed_up = trip.pk in on
        trip.left = services.seats_left(trip)
    context = {
        "trips": trips,
        "mine": mine,
        "portal_worker": request.worker,
        "tab": "home",
        "title": _("Trips home"),
    }
    return render(request, "portal/trips/list.html", context)


@require_POST
@worker_required
def trip_sign_up(request, pk: int):
    trip = get_object_or_404(_trips_of(request.worker), pk=pk)
    try:
        services.sign_up(trip, request.worker, request=request)
    except services.TripError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("You are on the trip of %(day)s. Staff will call you before it leaves.")
            % {"day": trip.departs_on.strftime("%m-%d")},
        )
    return redirect("portal:trips")
