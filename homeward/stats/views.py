"""The statistics pages: an area's figures for a month, drilled down area by area to the people
behind each number, and the indicator dictionary. Thin: the numbers come from the summary table
(`reading.py`); a refresh is queued when the table is more than a minute old."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.regions.codes import ancestor_codes
from homeward.regions.models import Region
from homeward.scoping import area_of
from homeward.workers.models import Worker

from . import reading
from .compute import month_of, records_behind
from .indicators import BY_CODE, INDICATORS, RATIOS
from .models import Watermark
from .records import describe, listed
from .services import this_month
from .tasks import refresh_soon

STALE = dt.timedelta(minutes=1)


def _area(request) -> Region | None:
    """The area asked for (?area=code) inside the reader's own, else the reader's own; None for
    the whole country (superusers)."""
    code = request.GET.get("area") or area_of(request.user) or ""
    if not code:
        return None
    return get_object_or_404(Region.objects, code=code)


def _freshness() -> dt.datetime | None:
    mark = Watermark.objects.filter(name="stats").first()
    if mark is None or mark.seen_until is None or timezone.now() - mark.seen_until > STALE:
        refresh_soon()
    return mark.seen_until if mark else None


@login_required
def dashboard(request):
    region = _area(request)
    area = region.code if region else ""
    month = reading.parse_month(request.GET.get("month"), this_month())
    indicator = request.GET.get("indicator")
    if indicator not in BY_CODE:
        indicator = "labour_force"
    children = (
        Region.tree.filter(parent_id=area).order_by("code").values_list("code", "name")
        if region
        else Region.tree.filter(level="province").order_by("code").values_list("code", "name")
    )
    board = reading.dashboard(
        area,
        month,
        children=list(children),
        indicator=indicator,
        viewer_area=area_of(request.user) or "",
        years=_years(month),
    )
    context = {
        "title": _("Statistics"),
        "region": region,
        "ancestors": _ancestors(request, region),
        "month": month,
        "months": reading.last_months(this_month(), 24)[::-1],
        "rows": board["rows"],
        "indicator": BY_CODE[indicator],
        "indicators": INDICATORS,
        "breakdown": board["breakdown"],
        "trend": board["trend"],
        "updated": _freshness(),
        "ratios": board["ratios"],
        "charts": {
            "sankey": board["sankey"],
            "funnel": board["funnel"],
            "trends": board["trends"],
            "fairs": board["fairs"],
            "warnings": board["warnings"],
            "people_url": reverse("stats:people"),
            "dashboard_url": reverse("stats:dashboard"),
            "area": area,
        },
        "claims": board["claims"],
        "claim_codes": [BY_CODE[c] for c in reading.CLAIMS],
    }
    context["charts"]["map"] = _map(region, indicator, month, context["breakdown"])
    return render(request, "stats/dashboard.html", context)


def _years(month: dt.date) -> list[int]:
    return [month.year - 2, month.year - 1, month.year]


def _map(region, indicator: str, month: dt.date, breakdown) -> dict:
    """The sub-areas coloured by the chosen indicator: the city's counties on their boundaries
    (vendored GeoJSON), below a city a coloured grid (no package has town boundaries).
    Suppressed figures go as null with their "<5"."""
    if breakdown is None:
        return {}
    area = region.code if region else ""
    scale = BY_CODE[indicator].scale
    return {
        "geojson": reading.geojson_url(area) if region and region.level == "city" else None,
        "indicator": indicator,
        "name": str(BY_CODE[indicator].name),
        "month": month.strftime("%Y-%m"),
        "parts": [
            {
                "code": p.code,
                "name": p.name,
                "value": None if p.hidden else p.value / scale,
                "shown": p.shown if p.hidden else reading.shown_value(indicator, p.value),
            }
            for p in breakdown.parts
        ],
    }


def _ancestors(request, region):
    """The areas from the reader's own down to this one's parent, for the way back up."""
    if region is None:
        return []
    own = area_of(request.user) or ""
    codes = [c for c in ancestor_codes(region.code) if len(c) >= len(own)]
    names = dict(Region.tree.filter(code__in=codes).values_list("code", "name"))
    return [(c, names.get(c, c)) for c in codes]


@login_required
def people(request):
    """The people behind one figure: the records it is counted from, as people of the reader's
    area (the scoped Worker manager), 50 a page. A suppressed figure has no list."""
    region = _area(request)
    area = region.code if region else ""
    code = request.GET.get("indicator") or "labour_force"
    if code not in BY_CODE:
        raise Http404(_("No such indicator."))
    if reading.suppressed_for(area_of(request.user) or "", area):
        raise Http404(_("This figure is shown as a range only; its list is not open here."))
    month = reading.parse_month(request.GET.get("month"), this_month())
    year = request.GET.get("year")
    if year and year.isdigit() and 2000 <= int(year) <= this_month().year:
        months = [m for m in reading.last_months(month_of(dt.date(int(year), 12, 1)), 12)]
        months = [m for m in months if m <= this_month()]
        records, worker_field = records_behind(code, months[0], area)
        for other in months[1:]:
            records = records | records_behind(code, other, area)[0]
    else:
        year = None
        records, worker_field = records_behind(code, month, area)
    if worker_field is None:
        page = Paginator(listed(records).order_by("pk"), 50).get_page(request.GET.get("page"))
        return render(
            request,
            "stats/records.html",
            {
                "title": BY_CODE[code].name,
                "indicator": BY_CODE[code],
                "region": region,
                "month": month,
                "year": year,
                "page": page,
                "rows": [describe(row) for row in page.object_list],
            },
        )
    workers = (
        Worker.objects.filter(pk__in=records.values(worker_field))
        .select_related("region")
        .order_by("region_id", "name", "pk")
    )
    page = Paginator(workers, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "stats/people.html",
        {
            "title": BY_CODE[code].name,
            "indicator": BY_CODE[code],
            "region": region,
            "month": month,
            "year": year,
            "records": records.count(),
            "page": page,
        },
    )


@login_required
def dictionary(request):
    return render(
        request,
        "stats/indicators.html",
        {"title": _("Indicator dictionary"), "indicators": INDICATORS, "ratios": RATIOS},
    )
