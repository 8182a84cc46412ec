"""The worker's stations page: the service stations near their household village and the place
they work (the out-of-city station of their home area where they work first), nearest first when
they share their position. Stations are public places; the page reads only the person's codes."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from homeward.stations import services

from .identity import worker_required


@require_safe
@worker_required
def my_stations(request):
    worker = request.worker
    lat, lng = services.point_from(request.GET.get("lat"), request.GET.get("lng"))
    rows = services.near(worker.region_id, worker.work_region_id or None, lat=lat, lng=lng)
    context = {
        "rows": rows,
        "located": lat is not None,
        "title": _("Service stations near me"),
        "portal_worker": worker,
        "tab": "me",
    }
    return render(request, "portal/stations.html", context)
