"""Staff pages of HR service agencies: the area's agencies with their figures, an agency's page
(mandates, postings placed, fairs joined, placements, each added by a form), the lists behind
the figures; and the materials to hand out (the policy booklet, the towns' weekly digests)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from homeward.jobs.models import Posting
from homeward.regions.models import Region

from . import materials, services
from .figures import FIGURES, KEYS, figures, rows
from .forms import AgencyForm, FairChoiceForm, MandateForm, PlacementForm, PostingChoiceForm
from .models import Agency, Digest, DigestOpen

PAGE_SIZE = 50


def _agency(pk: int) -> Agency:
    return get_object_or_404(Agency.objects.select_related("region"), pk=pk)


def _figures(agencies, agency=None) -> list[dict]:
    return [
        {
            "key": key,
            "label": label,
            "value": value,
            "url": reverse("agencies:figure", args=[agency.pk, key])
            if agency is not None
            else reverse("agencies:area-figure") + "?" + urlencode({"key": key}),
        }
        for key, label, value in figures(agencies)
    ]


@login_required
@require_safe
def agency_list(request):
    agencies = Agency.objects.select_related("region")
    per_agency = [
        {"agency": a, "figures": _figures(Agency.objects.filter(pk=a.pk), a)}
        for a in agencies[:200]
    ]
    context = {
        "rows": per_agency,
        "figures": _figures(Agency.objects.all()),
        "labels": [label for _key, label, _kind in FIGURES],
        "title": _("HR service agencies"),
    }
    return render(request, "agencies/list.html", context)


@login_required
@writers_only
def agency_create(request):
    return _edit(request, Agency())


@login_required
@writers_only
def agency_edit(request, pk: int):
    return _edit(request, _agency(pk))


def _edit(request, agency: Agency):
    form = AgencyForm(request.POST or None, instance=agency, area=request.area)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.save_agency(form, by=request.user, request=request)
        except services.AgencyError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("agencies:detail", pk=agency.pk)
    title = _("New HR service agency") if agency.pk is None else agency.name
    return render(request, "agencies/form.html", {"form": form, "agency": agency, "title": title})


def _mandated_postings(agency: Agency):
    """Postings of the employers the agency recruits for today, not yet placed by an agency."""
    day = timezone.localdate()
    employers = agency.mandates.in_force_on(day).values_list("employer_id", flat=True)
    return (
        Posting.objects.on_offer(day)
        .filter(employer_id__in=list(employers), agency_link__isnull=True)
        .select_related("employer")
        .order_by("employer__name", "title")
    )


@login_required
@require_safe
def agency_detail(request, pk: int):
    agency = _agency(pk)
    one = Agency.objects.filter(pk=agency.pk)
    context = {
        "agency": agency,
        "figures": _figures(one, agency),
        "mandates": agency.mandates.select_related("employer").order_by("-ends_on"),
        "postings": rows(one, "postings")[:20],
        "fairs": rows(one, "fairs")[:20],
        "placements": rows(one, "placements")[:20],
        "mandate_form": MandateForm(),
        "posting_form": PostingChoiceForm(postings=_mandated_postings(agency)),
        "fair_form": FairChoiceForm(),
        "candidates": services.attributable(agency)
        .select_related("worker", "posting", "posting__employer")
        .order_by("-applied_at")[:50],
        "today": timezone.localdate(),
        "title": agency.name,
    }
    return render(request, "agencies/detail.html", context)


def _errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


def _done(request, call, text: str) -> None:
    try:
        call()
    except services.AgencyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, text)


@login_required
@writers_only
@require_POST
def mandate_add(request, pk: int):
    agency = _agency(pk)
    form = MandateForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        data = form.cleaned_data
        _done(
            request,
            lambda: services.grant_mandate(
                agency,
                data["employer"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                by=request.user,
                request=request,
            ),
            _("Mandate recorded."),
        )
    return redirect("agencies:detail", pk=agency.pk)


@login_required
@writers_only
@require_POST
def posting_add(request, pk: int):
    agency = _agency(pk)
    # Any posting of the area: the service refuses one without a mandate, with its reason.
    form = PostingChoiceForm(request.POST, postings=Posting.objects.all())
    if not form.is_valid():
        _errors(request, form)
    else:
        _done(
            request,
            lambda: services.place_posting(
                agency, form.cleaned_data["posting"], by=request.user, request=request
            ),
            _("Job recorded as placed by the agency."),
        )
    return redirect("agencies:detail", pk=agency.pk)


@login_required
@writers_only
@require_POST
def fair_add(request, pk: int):
    agency = _agency(pk)
    form = FairChoiceForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        _done(
            request,
            lambda: services.join_fair(
                agency, form.cleaned_data["fair"], by=request.user, request=request
            ),
            _("The agency is recorded at the fair."),
        )
    return redirect("agencies:detail", pk=agency.pk)


@login_required
@writers_only
@require_POST
def placement_add(request, pk: int):
    agency = _agency(pk)
    form = PlacementForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("agencies:detail", pk=agency.pk)
    application = services.attributable(agency).filter(pk=form.cleaned_data["application"]).first()
    if application is None:
        messages.error(
            request, _("This application is not to a job the agency placed, or already credited.")
        )
    else:
        _done(
            request,
            lambda: services.record_placement(
                agency, application, by=request.user, request=request
            ),
            _("Placement credited to the agency."),
        )
    return redirect("agencies:detail", pk=agency.pk)


@login_required
@require_safe
def agency_figure(request, pk: int, key: str):
    agency = _agency(pk)
    return _figure(request, Agency.objects.filter(pk=agency.pk), key, agency=agency)


@login_required
@require_safe
def area_figure(request):
    if not request.GET.get("key"):  # no figure named: the list, to choose one
        return redirect("agencies:list")
    return _figure(request, Agency.objects.all(), request.GET["key"])


def _figure(request, agencies, key: str, agency=None):
    if key not in KEYS:
        raise Http404
    label, kind = next((label, kind) for k, label, kind in FIGURES if k == key)
    page = Paginator(rows(agencies, key), PAGE_SIZE).get_page(request.GET.get("page"))
    name = agency.name if agency is not None else _("HR service agencies")
    context = {
        "agency": agency,
        "key": key,
        "kind": kind,
        "label": label,
        "page": page,
        "title": f"{name} · {label}",
    }
    return render(request, "agencies/figure.html", context)


# Materials ------------------------------------------------------------------------------------


@login_required
@require_safe
def booklet(request):
    """《就业创业政策宣传册》: the area's policy articles, for printing."""
    area = request.area
    place = Region.tree.filter(code=area).first() if area else None
    articles = list(materials.booklet_articles(area))
    log_action("agencies.booklet.printed", request=request, detail={"articles": len(articles)})
    context = {
        "articles": articles,
        "place": place,
        "title": _("Employment and business policy booklet"),
    }
    return render(request, "agencies/booklet.html", context)


@login_required
@require_safe
def digest_list(request):
    """The towns of the area (a village clerk: their village), each with this week's digest."""
    week = services.week_of(timezone.localdate())
    towns = Region.objects.filter(level="town").order_by("code")[:500]
    if not towns:
        towns = Region.objects.filter(level="village").order_by("code")[:500]
    made = {
        d.region_id: d for d in Digest.objects.filter(week=week, region__in=[t.code for t in towns])
    }
    rows_ = [{"town": t, "digest": made.get(t.code)} for t in towns]
    return render(
        request,
        "agencies/digests.html",
        {"rows": rows_, "week": week, "title": _("Weekly job digests")},
    )


def _town(code: str) -> Region:
    return get_object_or_404(Region.objects.filter(level__in=services.DIGEST_LEVELS), code=code)


@login_required
def digest(request, code: str):
    """A town's digest of this week: the text to copy, the poster, the openings of its link."""
    town = _town(code)
    week = services.week_of(timezone.localdate())
    if request.method == "POST":
        if not request.user.can_write:
            raise Http404
        postings = materials.digest_postings(town, timezone.localdate())
        try:
            services.make_digest(town, postings, week=week, by=request.user, request=request)
        except services.AgencyError as error:
            messages.error(request, str(error))
        return redirect("agencies:digest", code=town.code)
    found = Digest.objects.filter(region=town, week=week).first()
    context = {"town": town, "week": week, "digest": found, "title": _("Weekly job digest")}
    if found is not None:
        link = materials.digest_link(found)
        context |= {
            "link": link,
            "text": materials.digest_text(found, link),
            "opens": DigestOpen.objects.filter(digest=found).count(),
        }
    history = Digest.objects.filter(region=town).order_by("-week")[:12]
    context["history"] = [
        {"digest": d, "opens": d.opens.count(), "jobs": d.postings.count()} for d in history
    ]
    return render(request, "agencies/digest.html", context)


def _digest(code: str, pk: int) -> Digest:
    return get_object_or_404(Digest.objects.select_related("region"), region_id=code, pk=pk)


@login_required
@require_safe
def digest_poster(request, code: str, pk: int):
    """The digest's poster as a PNG image, made on the server, for WeChat groups."""
    found = _digest(code, pk)
    png = materials.poster_png(found, materials.digest_link(found))
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = content_disposition_header(
        True, f"digest-{found.region_id}-{found.week}.png"
    )
    return response


@login_required
@require_safe
def digest_opens(request, code: str, pk: int):
    """The openings of a digest's link: the list behind its count."""
    found = _digest(code, pk)
    page = Paginator(DigestOpen.objects.filter(digest=found), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"digest": found, "page": page, "title": _("Openings of the digest's link")}
    return render(request, "agencies/digest_opens.html", context)
