"""Staff pages of trips: the list with the area's figures, a trip's page (passengers, sign-up
by ID number, boarding, answers on board, arrival), the printable passenger list, and the rows
behind every figure. Trips are read through the scoped manager: another area's trip is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.crypto import hash_filter, mask_name
from homeward.workers.models import Worker

from . import services
from .forms import AnswerForm, SignUpForm, TripForm
from .models import SignUp, Trip
from .results import FIGURES, KEYS, figures, figures_of, rows

PAGE_SIZE = 50


def _trip(pk: int) -> Trip:
    return get_object_or_404(Trip.objects.select_related("region", "fair", "employer"), pk=pk)


def _signup(pk: int) -> SignUp:
    return get_object_or_404(SignUp.objects.select_related("trip", "worker"), pk=pk)


def _linked(values, url) -> list[dict]:
    return [{"key": k, "label": label, "value": v, "url": url(k)} for k, label, v in values]


@login_required
@require_safe
def trip_list(request):
    trips = Trip.objects.select_related("region", "fair", "employer")
    kind = request.GET.get("kind", "")
    if kind in Trip.Kind.values:
        trips = trips.filter(kind=kind)
    page = Paginator(trips, PAGE_SIZE).get_page(request.GET.get("page"))
    area_figures = _linked(
        figures(Trip.objects.all()), lambda k: reverse("trips:area-figure") + f"?key={k}"
    )
    context = {
        "page": page,
        "kind": kind,
        "kinds": Trip.Kind.choices,
        "figures": area_figures,
        "title": _("Trips"),
    }
    return render(request, "trips/list.html", context)


@login_required
@writers_only
def trip_create(request):
    return _edit(request, Trip(kind=request.GET.get("kind") or Trip.Kind.HOME))


@login_required
@writers_only
def trip_edit(request, pk: int):
    return _edit(request, _trip(pk))


def _edit(request, trip: Trip):
    form = TripForm(request.POST or None, instance=trip, area=request.area)
    if request.method == "POST" and form.is_valid():
        try:
            trip = services.save_trip(form, by=request.user, request=request)
        except services.TripError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("trips:detail", pk=trip.pk)
    title = _("New trip") if trip.pk is None else trip.title
    return render(request, "trips/form.html", {"form": form, "trip": trip, "title": title})


@login_required
@require_safe
def trip_detail(request, pk: int):
    trip = _trip(pk)
    signups = SignUp.objects.filter(trip=trip).select_related("worker", "worker__region", "answer")
    context = {
        "trip": trip,
        "signups": signups,
        "seats_left": services.seats_left(trip),
        "figures": _linked(figures_of(trip), lambda k: reverse("trips:figure", args=[trip.pk, k])),
        "signup_form": SignUpForm(),
        "answer_form": AnswerForm(),
        "title": trip.title,
    }
    return render(request, "trips/detail.html", context)


@login_required
@writers_only
@require_POST
def signup_add(request, pk: int):
    trip = _trip(pk)
    form = SignUpForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("trips:detail", pk=trip.pk)
    worker = Worker._base_manager.filter(
        **hash_filter(Worker, "id_number", form.cleaned_data["id_number"])
    ).first()
    if worker is None:
        messages.error(
            request, _("No one with this ID number is in the registry: register them first.")
        )
        return redirect("trips:detail", pk=trip.pk)
    try:
        services.sign_up(trip, worker, by=request.user, request=request)
    except services.TripError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Signed up: %(name)s.") % {"name": mask_name(worker.name)})
    return redirect("trips:detail", pk=trip.pk)


@login_required
@writers_only
@require_POST
def signup_board(request, pk: int):
    signup = _signup(pk)
    try:
        services.mark_boarded(signup, by=request.user, request=request)
    except services.TripError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Boarded: %(name)s.") % {"name": mask_name(signup.worker.name)})
    return redirect("trips:detail", pk=signup.trip_id)


@login_required
@writers_only
@require_POST
def signup_answer(request, pk: int):
    signup = _signup(pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("trips:detail", pk=signup.trip_id)
    try:
        services.record_answer(signup, by=request.user, request=request, **form.cleaned_data)
    except services.TripError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Answers recorded: %(name)s.") % {"name": mask_name(signup.worker.name)}
        )
    return redirect("trips:detail", pk=signup.trip_id)


@login_required
@writers_only
@require_POST
def signup_arrived(request, pk: int):
    signup = _signup(pk)
    try:
        services.confirm_arrival(signup, by=request.user, request=request)
    except services.TripError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Arrival confirmed: %(name)s.") % {"name": mask_name(signup.worker.name)}
        )
    return redirect("trips:detail", pk=signup.trip_id)


@login_required
@require_safe
def passenger_list(request, pk: int):
    """The list to print for the bus: masked names, ID numbers and phones, a box to tick."""
    trip = _trip(pk)
    signups = SignUp.objects.filter(trip=trip).select_related("worker", "worker__region")
    context = {
        "trip": trip,
        "signups": signups,
        "title": _("Passenger list: %(trip)s") % {"trip": trip.title},
    }
    return render(request, "trips/passengers.html", context)


def _figure_page(request, trips, key, *, trip=None):
    if key not in KEYS:
        raise Http404
    label = dict(FIGURES)[key]
    page = Paginator(rows(trips, key), PAGE_SIZE).get_page(request.GET.get("page"))
    name = trip.title if trip is not None else _("Trips")
    context = {"trip": trip, "key": key, "label": label, "page": page, "title": f"{name} · {label}"}
    return render(request, "trips/figure.html", context)


@login_required
@require_safe
def trip_figure(request, pk: int, key: str):
    trip = _trip(pk)
    return _figure_page(request, Trip.objects.filter(pk=trip.pk), key, trip=trip)


@login_required
@require_safe
def area_figure(request):
    """The rows behind a figure of the viewer's trips (`?key=`); without one, the list."""
    key = request.GET.get("key", "")
    if not key:
        return redirect("trips:list")
    return _figure_page(request, Trip.objects.all(), key)
