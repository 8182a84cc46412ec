"""Staff pages of service stations: the list of the area, a station's page (its staff, its
services this month, recording a service), create and edit by area administrators, and the
15-minute employment service circle of the month with the rows behind every figure."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.scoping import PlacedArea

from . import services
from .forms import ServiceForm, StationAccountForm, StationForm
from .models import Kind, ServiceKind, Station

PAGE_SIZE = 50


def _station(pk: int) -> Station:
    return get_object_or_404(Station.objects.select_related("region", "place"), pk=pk)


def _month(request) -> datetime.date:
    text = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _is_admin(request) -> bool:
    return request.user.is_area_admin and not isinstance(request.area, PlacedArea)


@login_required
@require_safe
def station_list(request):
    stations = Station.objects.select_related("region", "place")
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        stations = stations.filter(kind=kind)
    page = Paginator(stations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/list.html",
        {
            "page": page,
            "kinds": Kind.choices,
            "kind": kind,
            "may_create": _is_admin(request),
        },
    )


@login_required
@writers_only
def station_create(request):
    return _edit(request, Station())


@login_required
@writers_only
def station_edit(request, pk):
    return _edit(request, _station(pk))


def _edit(request, station):
    """Area administrators create and change stations; anyone else sees the form read-only
    (and a post from them is refused and audited)."""
    admin = _is_admin(request)
    if request.method == "POST" and not admin:
        log_action(
            "stations.write.refused",
            request=request,
            obj=station if station.pk else None,
            result=Result.REFUSED,
        )
        raise PermissionDenied
    form = StationForm(request.POST or None, instance=station, area=request.area, user=request.user)
    if not admin:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        station = services.save_station(form, by=request.user, request=request)
        messages.success(request, _("Station saved."))
        return redirect("stations:detail", pk=station.pk)
    return render(request, "stations/form.html", {"form": form, "station": station, "admin": admin})


@login_required
@require_safe
def station_detail(request, pk):
    station = _station(pk)
    month = _month(request)
    return render(
        request,
        "stations/detail.html",
        {
            "station": station,
            "staff": station.staff.order_by("username"),
            "month": month,
            "figures": services.circle(month, station),
            "form": ServiceForm(station=station),
            "may_edit": _is_admin(request),
        },
    )


@login_required
@require_POST
@writers_only
def service_add(request, pk):
    station = _station(pk)
    form = ServiceForm(request.POST, station=station)
    if form.is_valid():
        try:
            services.record_service(
                station,
                kind=form.cleaned_data["kind"],
                on=form.cleaned_data["on"],
                person=form.cleaned_data["id_number"],
                note=form.cleaned_data["note"],
                by=request.user,
                request=request,
            )
        except services.StationError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Service recorded."))
            return redirect("stations:detail", pk=station.pk)
    month = timezone.localdate().replace(day=1)
    return render(
        request,
        "stations/detail.html",
        {
            "station": station,
            "staff": station.staff.order_by("username"),
            "month": month,
            "figures": services.circle(month, station),
            "form": form,
            "may_edit": _is_admin(request),
        },
    )


@login_required
@require_safe
def activity(request):
    month = _month(request)
    return render(
        request,
        "stations/activity.html",
        {"month": month, "figures": services.circle(month)},
    )


@login_required
@require_safe
def activity_rows(request):
    kind = request.GET.get("kind") or ServiceKind.NEEDS_SURVEY
    if kind not in ServiceKind.values:
        raise Http404
    month = _month(request)
    station = None
    if request.GET.get("station"):
        try:
            station = _station(int(request.GET["station"]))
        except ValueError:
            raise Http404 from None
    rows = services.circle_rows(month, kind, station)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/rows.html",
        {
            "month": month,
            "kind": ServiceKind(kind),
            "station": station,
            "page": page,
            "total": rows.count(),
        },
    )


@login_required
@never_cache
def station_accounts(request, pk):
    """The staff accounts of an out-of-city station: the area's administrators create one (its
    password made for it and shown once, changed at the first sign-in) or switch one off;
    everyone else of the area sees the list."""
    station = _station(pk)
    if station.kind != Kind.OUT_OF_CITY:
        raise Http404
    admin = _is_admin(request)
    form, created = StationAccountForm(), None
    if request.method == "POST":
        if not admin:
            log_action(
                "stations.write.refused", request=request, obj=station, result=Result.REFUSED
            )
            raise PermissionDenied
        if request.POST.get("action") == "deactivate":
            try:
                user_pk = int(request.POST.get("user", ""))
            except ValueError:
                raise Http404 from None
            user = get_object_or_404(services.station_accounts(station), pk=user_pk)
            services.deactivate_out_of_city_staff(station, user, by=request.user, request=request)
            messages.success(
                request, _("The account %(user)s is switched off.") % {"user": user.username}
            )
            return redirect("stations:accounts", pk=station.pk)
        form = StationAccountForm(request.POST)
        if form.is_valid():
            password = services.one_time_password()
            data = form.cleaned_data
            try:
                user = services.add_out_of_city_staff(
                    station,
                    username=data["username"],
                    family_name=data["family_name"],
                    given_name=data["given_name"],
                    password=password,
                    one_time=True,
                    by=request.user,
                    request=request,
                )
            except services.StationError as error:
                form.add_error(error.field, str(error))
            else:
                created, form = (user, password), StationAccountForm()
    return render(
        request,
        "stations/accounts.html",
        {
            "station": station,
            "accounts": services.station_accounts(station),
            "form": form,
            "admin": admin,
            "created": created,
            "title": _("Station staff accounts"),
        },
    )
