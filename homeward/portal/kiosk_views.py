"""The self-service job terminal (自助求职终端) at a service station: a kiosk mode of the worker
portal, /m/kiosk/<station>/…, served only by open stations that have a terminal.

Large type and big buttons, nothing typed where a tap will do. The first screen is one field:
the ID-card reader types the 18-character number and Enter into it. A code is then sent by SMS
to the phone on the person's registry record, through the portal's sign-in codes (their limits,
expiry and wrong-guess lock included), and typed on an on-screen digit pad. Signed in, the
person sees their recommended jobs, a job's details (printable), applies with one tap, sees the
stations near them, and signs out.

A kiosk sign-in is its own session, apart from the phone portal's (it opens no /m/ page): the
session holds the station, the person and when they last did something; a request after
`KIOSK_IDLE_MINUTES` (a setting, 2 by default) idle is refused and the session flushed, and the
page's idle timer (static/homeward/kiosk.js) signs out and returns to the first screen.

An unknown ID number and a known one without a phone are answered as a known one is ("a code was
sent to the phone on your record"), so the public kiosk URL tells nobody who is registered.
"""

from __future__ import annotations

import time
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from homeward import crypto
from homeward.audit.models import Result
from homeward.audit.services import client_address, log_action
from homeward.core.fields import IdNumberField
from homeward.jobs.models import Posting
from homeward.matching.cache import recommended_jobs
from homeward.matching.services import WORKER_FIELDS
from homeward.placements import services as placements
from homeward.placements.models import Application, Source
from homeward.regions.models import Region
from homeward.scoping import unscoped
from homeward.signin_codes import services as signin_codes
from homeward.signin_codes.models import SignInCode
from homeward.stations import services as stations
from homeward.stations.models import Station
from homeward.workers import self_service
from homeward.workers.models import Worker

KIOSK = "kiosk"  # {"station": pk, "worker": id, "seen": epoch seconds}
PENDING = "kiosk_pending"  # {"station", "phone" (encrypted, or ""), "worker", "at", "tries"}
LOOKUPS = "kiosk_lookups"
RECOMMENDED = 10
LOOKUPS_PER_SESSION = 5


class KioskIdForm(forms.Form):
    """One field, focused: the ID-card reader types the number and Enter into it."""

    id_number = IdNumberField(
        label=gettext_lazy("ID card number"),
        max_length=25,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "inputmode": "none",
                "data-kiosk-keep-focus": "",
            }
        ),
    )


class KioskCodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Code from the text message"),
        regex=r"^\s*\d{6}\s*$",
        max_length=8,
        error_messages={"invalid": gettext_lazy("The code has 6 digits.")},
        widget=forms.TextInput(
            attrs={"inputmode": "none", "autocomplete": "one-time-code", "id": "kiosk-code"}
        ),
    )


def idle_seconds() -> int:
    return settings.KIOSK_IDLE_MINUTES * 60


def _terminal(pk: int) -> Station:
    """An open station with a terminal (stations are public places: read across areas)."""
    return get_object_or_404(
        Station._base_manager.select_related("region"), pk=pk, active=True, has_terminal=True
    )


def _render(request, template, context):
    context.setdefault("station", request.station)
    context.setdefault("idle_seconds", idle_seconds())
    return render(request, template, context)


def kiosk_required(view):
    """The kiosk's signed-in person on `request.worker` (what matching reads, nothing personal);
    anyone else, or a session idle too long, goes back to the first screen."""

    @wraps(view)
    def wrapper(request, station: int, *args, **kwargs):
        request.station = _terminal(station)
        entry = request.session.get(KIOSK)
        if not isinstance(entry, dict) or entry.get("station") != request.station.pk:
            return redirect("portal:kiosk-start", station=request.station.pk)
        now = time.time()
        if now - float(entry.get("seen", 0)) > idle_seconds():
            log_action(
                "portal.kiosk.timed_out",
                request=request,
                obj=request.station,
                detail={"idle_seconds": int(now - float(entry.get("seen", 0)))},
            )
            request.session.flush()
            messages.info(request, _("You were signed out after a time without use."))
            return redirect("portal:kiosk-start", station=request.station.pk)
        worker = Worker._base_manager.only(*WORKER_FIELDS).filter(pk=entry.get("worker")).first()
        if worker is None:
            request.session.flush()
            return redirect("portal:kiosk-start", station=request.station.pk)
        entry["seen"] = now
        request.session[KIOSK] = entry
        request.session.set_expiry(idle_seconds() + 60)
        request.worker = worker
        return view(request, *args, **kwargs)

    return wrapper


def _signed_in(request) -> bool:
    entry = request.session.get(KIOSK)
    return (
        isinstance(entry, dict)
        and entry.get("station") == request.station.pk
        and time.time() - float(entry.get("seen", 0)) <= idle_seconds()
    )


def _too_many_lookups(request) -> bool:
    """Every ID number looked up counts: 5 a session, and the sign-in codes' hourly limit per
    address (an unknown number sends no code, so the codes' own count does not see it)."""
    tries = request.session.get(LOOKUPS, 0)
    key = f"kiosk-lookups:{client_address(request)}:{int(time.time() // 3600)}"
    cache.add(key, 0, timeout=3600)
    try:
        by_address = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        by_address = 1
    request.session[LOOKUPS] = tries + 1
    return tries >= LOOKUPS_PER_SESSION or by_address > signin_codes.limits()["per_ip_hour"]


# Signing in -----------------------------------------------------------------------------------


def start(request, station: int):
    """The first screen: one field the ID-card reader types into (number + Enter)."""
    request.station = _terminal(station)
    if request.method == "GET" and _signed_in(request):
        return redirect("portal:kiosk-jobs", station=request.station.pk)
    form = KioskIdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _too_many_lookups(request):
            log_action(
                "portal.kiosk.locked", request=request, obj=request.station, result=Result.REFUSED
            )
            form.add_error(None, _("Too many tries. Please ask the station's staff for help."))
        else:
            worker = self_service.find_record(form.cleaned_data["id_number"])
            phone = (worker.phone or "") if worker is not None else ""
            try:
                if phone:
                    signin_codes.request_code(
                        phone,
                        SignInCode.Audience.WORKER,
                        ip=client_address(request),
                        region=worker.region_id,
                        request=request,
                    )
            except signin_codes.CodeRefused as error:
                form.add_error("id_number", str(error))
            else:
                log_action(
                    "portal.kiosk.code_asked",
                    request=request,
                    obj=request.station,
                    detail={"known": bool(phone)},
                )
                request.session.cycle_key()
                request.session.pop(KIOSK, None)
                request.session[PENDING] = {
                    "station": request.station.pk,
                    "phone": crypto.encrypt(phone) if phone else "",
                    "worker": worker.pk if phone else None,
                    "at": time.time(),
                    "tries": 0,
                }
                return redirect("portal:kiosk-code", station=request.station.pk)
    return _render(
        request, "portal/kiosk/start.html", {"form": form, "title": _("Self-service job terminal")}
    )


def _pending(request) -> dict | None:
    entry = request.session.get(PENDING)
    ttl = signin_codes.limits()["ttl_seconds"]
    if (
        not isinstance(entry, dict)
        or entry.get("station") != request.station.pk
        or time.time() - float(entry.get("at", 0)) > ttl
    ):
        return None
    return entry


def code(request, station: int):
    """The code from the text message, typed on the on-screen digit pad."""
    request.station = _terminal(station)
    entry = _pending(request)
    if entry is None:
        request.session.pop(PENDING, None)
        messages.info(request, _("Please put your ID card on the reader again."))
        return redirect("portal:kiosk-start", station=request.station.pk)
    form = KioskCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        worker_id = _check(request, entry, form)
        if worker_id is not None:
            request.session.cycle_key()
            request.session.pop(PENDING, None)
            request.session.pop(LOOKUPS, None)
            request.session[KIOSK] = {
                "station": request.station.pk,
                "worker": worker_id,
                "seen": time.time(),
            }
            request.session.set_expiry(idle_seconds() + 60)
            worker = Worker._base_manager.only("id", "region_id").get(pk=worker_id)
            log_action(
                "portal.kiosk.signed_in",
                request=request,
                obj=request.station,
                region_code=worker.region_id,
                detail={"worker": worker_id, "station": request.station.pk},
            )
            return redirect("portal:kiosk-jobs", station=request.station.pk)
    return _render(request, "portal/kiosk/code.html", {"form": form, "title": _("Enter the code")})


def _check(request, entry: dict, form) -> int | None:
    """The person's id when the code is right; otherwise the form gets the reason."""
    typed = form.cleaned_data["code"]
    phone = ""
    if entry.get("phone"):
        try:
            phone = crypto.decrypt(entry["phone"])
        except ValueError:
            phone = ""
    if not phone:  # no record with a phone: answered as a wrong code is
        attempts = signin_codes.limits()["attempts_per_code"]
        tries = int(entry.get("tries", 0))
        entry["tries"] = tries + 1
        request.session[PENDING] = entry
        log_action(
            "portal.kiosk.signin_failed",
            request=request,
            obj=request.station,
            result=Result.FAILED,
        )
        left = attempts - entry["tries"]
        if tries >= attempts:
            refusal = _("The code has expired or was used. Ask for a new one.")
        elif left > 0:
            refusal = _("Wrong code. %(left)s tries left.") % {"left": left}
        else:
            refusal = _("Wrong code. Ask for a new one.")
        form.add_error("code", refusal)
        return None
    try:
        signin_codes.check_code(phone, SignInCode.Audience.WORKER, typed, request=request)
    except signin_codes.CodeRefused as error:
        log_action(
            "portal.kiosk.signin_failed",
            request=request,
            obj=request.station,
            result=Result.FAILED,
        )
        form.add_error("code", str(error))
        return None
    return entry.get("worker")  # the record whose ID number was read


@require_POST
def signout(request, station: int):
    request.station = _terminal(station)
    entry = request.session.get(KIOSK)
    if isinstance(entry, dict):
        log_action(
            "portal.kiosk.signed_out",
            request=request,
            obj=request.station,
            detail={"timer": request.POST.get("timer") == "1"},
        )
    request.session.flush()
    if request.POST.get("timer") == "1":
        messages.info(request, _("You were signed out after a time without use."))
    else:
        messages.success(request, _("You have signed out. Please take your ID card."))
    return redirect("portal:kiosk-start", station=request.station.pk)


# After signing in -------------------------------------------------------------------------------


def _applied(worker) -> set[int]:
    return set(
        Application._base_manager.filter(worker_id=worker.pk).values_list("posting_id", flat=True)
    )


@kiosk_required
def jobs(request):
    recommendations = recommended_jobs(request.worker, RECOMMENDED)
    taken = _applied(request.worker)
    for rec in recommendations:
        rec.applied = rec.posting.pk in taken
    return _render(
        request,
        "portal/kiosk/jobs.html",
        {"recommendations": recommendations, "tab": "jobs", "title": _("Jobs for you")},
    )


@kiosk_required
def job(request, pk: int):
    posting = get_object_or_404(
        Posting._base_manager.select_related("employer", "region", "region__parent"), pk=pk
    )
    if not posting.is_public:
        raise Http404
    application = Application._base_manager.filter(worker_id=request.worker.pk, posting=posting)
    return _render(
        request,
        "portal/kiosk/job.html",
        {
            "posting": posting,
            "application": application.first(),
            "on_offer": posting.is_on_offer(timezone.localdate()),
            "place": _place_name(posting.region_id),
            "printed_at": timezone.localtime(),
            "tab": "jobs",
            "title": posting.title,
        },
    )


def _place_name(code: str) -> str:
    with unscoped():
        region = Region.tree.filter(code=code).first()
        return region.full_name() if region else code


@require_POST
@kiosk_required
def apply(request, pk: int):
    posting = get_object_or_404(Posting._base_manager.select_related("employer"), pk=pk)
    if not posting.is_public:
        raise Http404
    try:
        _application, created = placements.apply(
            request.worker, posting, source=Source.KIOSK, request=request
        )
    except placements.ApplicationError as error:
        messages.error(request, str(error))
    else:
        if created:
            messages.success(
                request,
                _(
                    "Applied. %(employer)s can now see your name and phone number and will "
                    "contact you."
                )
                % {"employer": posting.employer.name},
            )
        else:
            messages.info(request, _("You have already applied to this job."))
    return redirect("portal:kiosk-job", station=request.station.pk, pk=pk)


@kiosk_required
def near(request):
    worker = request.worker
    rows = stations.near(worker.region_id, worker.work_region_id or None)
    return _render(
        request,
        "portal/kiosk/stations.html",
        {"rows": rows, "tab": "stations", "title": _("Service stations near me")},
    )
