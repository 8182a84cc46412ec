"""Staff pages of job fairs: list, create and edit, a fair's page (booths to approve, caravan
stops, check-ins, intentions), the phone check-in page (camera and ID number), results per fair
and per season with the rows behind every figure, Excel, the job sheet and the QR poster."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.audit.services import log_action
from homeward.codes import idnumber
from homeward.core.excel import workbook_bytes
from homeward.crypto import hash_filter, mask_name
from homeward.employers.models import Employer
from homeward.jobs.models import Posting, PostingQuerySet
from homeward.jobs.sheet import Sheet, sheet_workbook
from homeward.placements.services import ApplicationError
from homeward.regions.codes import county_of
from homeward.regions.models import Region
from homeward.workers.models import Worker

from . import services
from .forms import (
    BoothForm,
    CheckInByIdForm,
    FairForm,
    IntentionForm,
    RefuseForm,
    StopForm,
)
from .models import Booth, CaravanStop, CheckIn, Fair, Intention, Kind
from .results import FIGURES, KEYS, postings_at, results, rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def _fair(pk: int) -> Fair:
    return get_object_or_404(Fair.objects.select_related("region"), pk=pk)


@login_required
@require_safe
def fair_list(request):
    fairs = Fair.objects.select_related("region")
    season = request.GET.get("season", "").strip()
    if season:
        fairs = fairs.filter(season=season)
    seasons = (
        Fair.objects.exclude(season="")
        .values_list("season", flat=True)
        .distinct()
        .order_by("-season")
    )
    page = Paginator(fairs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "season": season, "seasons": list(seasons), "title": _("Job fairs")}
    return render(request, "fairs/list.html", context)


@login_required
@writers_only
def fair_create(request):
    return _edit(request, Fair())


@login_required
@writers_only
def fair_edit(request, pk: int):
    return _edit(request, _fair(pk))


def _edit(request, fair: Fair):
    form = FairForm(request.POST or None, instance=fair, area=request.area)
    if request.method == "POST" and form.is_valid():
        try:
            fair = services.save_fair(form, by=request.user, request=request)
        except services.FairError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("fairs:detail", pk=fair.pk)
    title = _("New job fair") if fair.pk is None else fair.title
    return render(request, "fairs/form.html", {"form": form, "fair": fair, "title": title})


@login_required
@require_safe
def fair_detail(request, pk: int):
    fair = _fair(pk)
    booths = (
        Booth.objects.filter(fair=fair)
        .select_related("employer")
        .prefetch_related("postings")
        .order_by("status", "employer__name")
    )
    checkins = CheckIn.objects.filter(fair=fair).select_related("worker", "worker__region")
    intentions = Intention.objects.filter(fair=fair).select_related(
        "worker", "posting", "posting__employer", "application"
    )
    context = {
        "fair": fair,
        "booths": booths,
        "stops": CaravanStop.objects.filter(fair=fair).select_related("village"),
        "stop_form": StopForm(fair=fair) if fair.kind == Kind.CARAVAN else None,
        "checkins": checkins[:20],
        "intentions": intentions[:20],
        "results_figures": _figures(Fair.objects.filter(pk=fair.pk), fair=fair),
        "postings_here": postings_at(fair).select_related("employer"),
        "intention_form": IntentionForm(),
        "refuse_form": RefuseForm(),
        "title": fair.title,
    }
    return render(request, "fairs/detail.html", context)


@login_required
@writers_only
@require_POST
def stop_add(request, pk: int):
    fair = _fair(pk)
    form = StopForm(request.POST, fair=fair)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("fairs:detail", pk=fair.pk)
    try:
        services.add_stop(fair, by=request.user, request=request, **form.cleaned_data)
    except services.FairError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Stop added."))
    return redirect("fairs:detail", pk=fair.pk)


# Booths ---------------------------------------------------------------------------------------


@login_required
@writers_only
def booth_add(request, pk: int):
    """Staff sign up an employer of their area with the postings it brings."""
    fair = _fair(pk)
    employers = Employer.objects.order_by("name")[:500]
    chosen = request.POST.get("employer") or request.GET.get("employer")
    employer = Employer.objects.filter(pk=chosen).first() if str(chosen or "").isdigit() else None
    form = None
    if employer is not None:
        offered = PostingQuerySet(Posting).filter(employer=employer).on_offer(timezone.localdate())
        form = BoothForm(request.POST or None, postings=offered, initial={"employer": employer.pk})
        if request.method == "POST" and form.is_valid():
            try:
                services.sign_up_booth(
                    fair,
                    employer,
                    form.cleaned_data["postings"],
                    by=request.user,
                    request=request,
                )
            except services.FairError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Booth signed up; approve it below."))
                return redirect("fairs:detail", pk=fair.pk)
    context = {
        "fair": fair,
        "employers": employers,
        "employer": employer,
        "form": form,
        "title": _("Sign up a booth"),
    }
    return render(request, "fairs/booth_form.html", context)


def _booth(pk: int) -> Booth:
    return get_object_or_404(Booth.objects.select_related("fair", "employer"), pk=pk)


@login_required
@writers_only
@require_POST
def booth_approve(request, pk: int):
    booth = _booth(pk)
    try:
        services.approve_booth(booth, by=request.user, request=request)
    except services.FairError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Booth of %(employer)s approved.") % {"employer": booth.employer.name}
        )
    return redirect("fairs:detail", pk=booth.fair_id)


@login_required
@writers_only
@require_POST
def booth_refuse(request, pk: int):
    booth = _booth(pk)
    try:
        services.refuse_booth(
            booth, reason=request.POST.get("reason", ""), by=request.user, request=request
        )
    except services.FairError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Booth of %(employer)s refused.") % {"employer": booth.employer.name}
        )
    return redirect("fairs:detail", pk=booth.fair_id)


# Check-in -------------------------------------------------------------------------------------


@login_required
@writers_only
def checkin(request, pk: int):
    """The phone page at the door: the camera reads the person's code (fairs.js posts it
    here), or the ID number is typed. An htmx post gets the result fragment alone."""
    fragment = bool(request.headers.get("HX-Request") or request.POST.get("fragment"))
    if request.method == "POST" and "token" in request.POST and fragment:
        return _scan(request, pk)
    fair = _fair(pk)
    result = None
    form = CheckInByIdForm()
    if request.method == "POST":
        if "token" in request.POST:
            result = _scanned(request, pk)
        else:
            form = CheckInByIdForm(request.POST)
            result = _by_id(request, fair, form)
    count = result["count"] if result and "count" in result else None
    context = {
        "fair": fair,
        "result": result,
        "form": form,
        "count": CheckIn.objects.filter(fair=fair).count() if count is None else count,
        "title": _("Check-in"),
    }
    if fragment:
        return render(request, "fairs/_checkin_result.html", context)
    return render(request, "fairs/checkin.html", context)


def _ok(checkin, fair, registered=False) -> dict:
    worker = checkin.worker  # the service's own (no second read): only its name is shown
    count = CheckIn.objects.filter(fair=fair).count()
    return {
        "ok": True,
        "count": count,
        "text": _("Checked in: %(name)s. %(count)s checked in so far.")
        % {"name": mask_name(worker.name), "count": count},
        "registered": registered,
    }


def _scanned(request, pk: int) -> dict:
    try:
        checkin, count = services.check_in_at_door(
            pk, request.POST["token"], by=request.user, request=request
        )
    except Fair.DoesNotExist:
        raise Http404 from None
    except services.FairError as error:
        return {"ok": False, "text": str(error)}
    return {
        "ok": True,
        "count": count,
        "text": _("Checked in: %(name)s. %(count)s checked in so far.")
        % {"name": mask_name(checkin.worker.name), "count": count},
    }


def _scan(request, pk: int):
    """The camera's post: the result fragment of `_checkin_result.html`, the same markup."""
    result = _scanned(request, pk)
    count = result.get("count")
    if count is None:
        count = CheckIn.objects.filter(fair_id=pk).count()
    return render(request, "fairs/_checkin_result.html", {"result": result, "count": count})


def _by_id(request, fair, form):
    if not form.is_valid():
        return {"ok": False, "text": " ".join(e for errors in form.errors.values() for e in errors)}
    data = form.cleaned_data
    try:
        checkin, registered = services.check_in_by_id(
            fair,
            data["id_number"],
            name=data.get("name", ""),
            village=data.get("village", ""),
            by=request.user,
            request=request,
        )
    except services.FairError as error:
        result = {"ok": False, "text": str(error)}
        if error.field in ("name", "village"):
            result["unknown"] = True
            result["villages"] = _villages_of(data["id_number"])
            result["id_number"] = data["id_number"]
        return result
    return _ok(checkin, fair, registered)


def _villages_of(number: str):
    county = county_of(idnumber.parse(number).region_code)
    return (
        Region.tree.filter(level="village", code__startswith=county)
        .select_related("parent")
        .order_by("code")[:3000]
    )


# Attendees in full ----------------------------------------------------------------------------


@login_required
@require_POST
def attendees_reveal(request, pk: int):
    """The fair's attendees with full names, ID and phone numbers, for a role that may see them:
    the organising area's staff, wherever the people live. Audited, as workers' full view is."""
    fair = _fair(pk)
    if not request.user.may_see_personal_data:
        log_action(
            "fairs.attendees.personal_data_refused", request=request, obj=fair, result="refused"
        )
        raise PermissionDenied(_("Your role may not see full personal data."))
    checkins = CheckIn.objects.filter(fair=fair).select_related("worker", "worker__region")
    rows = list(checkins[: PAGE_SIZE * 10])
    log_action(
        "fairs.attendees.personal_data_viewed",
        request=request,
        obj=fair,
        detail={"people": len(rows)},
    )
    context = {"fair": fair, "rows": rows, "title": _("Checked in") + " · " + fair.title}
    return render(request, "fairs/attendees.html", context)


# Intentions -----------------------------------------------------------------------------------


@login_required
@writers_only
@require_POST
def intention_add(request, pk: int):
    fair = _fair(pk)
    form = IntentionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("fairs:detail", pk=fair.pk)
    worker = Worker._base_manager.filter(
        **hash_filter(Worker, "id_number", form.cleaned_data["id_number"])
    ).first()
    posting = postings_at(fair).filter(pk=form.cleaned_data["posting"]).first()
    if worker is None:
        messages.error(
            request, _("No one with this ID number is in the registry: check them in first.")
        )
    elif posting is None:
        messages.error(request, _("This job is not at an approved booth of this fair."))
    else:
        try:
            _intention, created = services.record_intention(
                fair, worker, posting, by=request.user, request=request
            )
        except (services.FairError, ApplicationError) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Intention recorded: %(name)s and “%(job)s”.")
                % {"name": mask_name(worker.name), "job": posting.title},
            )
    return redirect("fairs:detail", pk=fair.pk)


# Results --------------------------------------------------------------------------------------


def _season_fairs(request):
    season = request.GET.get("season", "").strip()
    if not season:
        raise Http404
    fairs = Fair.objects.filter(season=season)
    if not fairs.exists():
        raise Http404
    return season, fairs


@login_required
@require_safe
def fair_results(request, pk: int):
    fair = _fair(pk)
    return _results(request, Fair.objects.filter(pk=fair.pk), fair=fair, title=fair.title)


@login_required
@require_safe
def season_results(request):
    if not request.GET.get("season", "").strip():  # no season named: the list, to choose one
        return redirect("fairs:list")
    season, fairs = _season_fairs(request)
    return _results(request, fairs, season=season, title=season)


def _figure_url(key, fair=None, season=None) -> str:
    if fair is not None:
        return reverse("fairs:figure", args=[fair.pk, key])

    return reverse("fairs:season-figure") + "?" + urlencode({"season": season, "key": key})


def _figures(fairs, *, fair=None, season=None) -> list[dict]:
    return [
        {"key": key, "label": label, "value": value, "url": _figure_url(key, fair, season)}
        for key, label, value in results(fairs).figures()
    ]


def _results(request, fairs, *, fair=None, season=None, title=""):
    figures = _figures(fairs, fair=fair, season=season)
    per_fair = []
    if season is not None:
        for one in fairs.order_by("starts_on", "pk"):
            per_fair.append(
                {
                    "fair": one,
                    "figures": [
                        {"value": v, "url": _figure_url(k, one)}
                        for k, _label, v in results(Fair.objects.filter(pk=one.pk)).figures()
                    ],
                }
            )
    chart = {
        "labels": [str(f["label"]) for f in figures],
        "values": [f["value"] for f in figures],
        "urls": [f["url"] for f in figures],
    }
    if request.GET.get("format") == "xlsx":
        return _results_workbook(request, title, figures, per_fair, fair=fair)
    context = {
        "fair": fair,
        "season": season,
        "figures": figures,
        "per_fair": per_fair,
        "labels": [label for _key, label, _rows in FIGURES],
        "chart": chart,
        "title": _("Results: %(name)s") % {"name": title},
    }
    return render(request, "fairs/results.html", context)


def _results_workbook(request, title, figures, per_fair, *, fair=None):
    header = [_("Fair"), *[str(label) for _key, label, _rows in FIGURES]]
    body = [[title, *[f["value"] for f in figures]]]
    for row in per_fair:
        body.append([row["fair"].title, *[f["value"] for f in row["figures"]]])
    content = workbook_bytes(
        body,
        title=_("Results: %(name)s") % {"name": title},
        subtitle=_("As of %(day)s") % {"day": timezone.localdate().isoformat()},
        header=header,
        sheet_name="results",
    )
    log_action(
        "fairs.results.exported",
        request=request,
        obj=fair,
        detail={"title": title, "rows": len(body)},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{title}.xlsx")
    return response


@login_required
@require_safe
def fair_figure(request, pk: int, key: str):
    fair = _fair(pk)
    return _figure(request, Fair.objects.filter(pk=fair.pk), key, fair=fair, name=fair.title)


@login_required
@require_safe
def season_figure(request):
    if not request.GET.get("season", "").strip():  # no season named: the list, to choose one
        return redirect("fairs:list")
    season, fairs = _season_fairs(request)
    key = request.GET.get("key", "")
    return _figure(request, fairs, key, season=season, name=season)


def _figure(request, fairs, key, *, fair=None, season=None, name=""):
    if key not in KEYS:
        raise Http404
    label = next(label for k, label, _rows in FIGURES if k == key)
    kind = next(kind for k, _label, kind in FIGURES if k == key)
    page = Paginator(rows(fairs, key), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "fair": fair,
        "season": season,
        "key": key,
        "kind": kind,
        "label": label,
        "page": page,
        "title": f"{name} · {label}",
    }
    return render(request, "fairs/figure.html", context)


# The printed job sheet and the poster -----------------------------------------------------------


class FairSheet(Sheet):
    fair: Fair | None = None

    @property
    def title(self) -> str:
        return _("%(fair)s job information sheet") % {"fair": self.fair.title}


def _fair_sheet(fair: Fair) -> FairSheet:
    day = timezone.localdate()
    postings = list(postings_at(fair).on_offer(day).select_related("employer", "region__parent"))
    sheet = FairSheet(region=fair.region, area=fair.region, day=day, postings=postings)
    sheet.fair = fair
    return sheet


@login_required
@require_safe
def fair_sheet(request, pk: int):
    """The fair's job sheet (the job information sheet's layout and Excel file)."""
    fair = _fair(pk)
    sheet = _fair_sheet(fair)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "html"
    log_action(
        "jobs.sheet.exported", request=request, obj=fair, detail={"format": fmt, "fair": fair.pk}
    )
    if fmt == "html":
        return render(
            request, "fairs/sheet.html", {"sheet": sheet, "fair": fair, "title": sheet.title}
        )
    response = HttpResponse(sheet_workbook(sheet), content_type=XLSX)
    filename = f"{sheet.title}-{sheet.day:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_safe
def fair_poster(request, pk: int):
    """A poster to print: the fair, its dates and place, and a QR to its page on the portal."""
    fair = _fair(pk)
    link = request.build_absolute_uri(
        reverse("portal:fair-jobs" if fair.is_online else "portal:fair", args=[fair.pk])
    )
    svg = segno.make(link, error="m").svg_inline(scale=8, border=2)
    context = {
        "fair": fair,
        "svg": svg,
        "link": link,
        "results": results(Fair.objects.filter(pk=fair.pk)),
        "title": fair.title,
    }
    return render(request, "fairs/poster.html", context)
