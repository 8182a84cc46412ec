"""The wage-protection map (issue 14): the area's projects as points on its counties' boundaries
(vendored GeoJSON, ECharts from npm in the static files), coloured by the highest open warning,
sized by the amount at risk; a legend with counts per level that open their lists; the ranked list
of the same rows beside it; the projects without a position listed under the map."""

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from homeward.regions.codes import city_of, is_code
from homeward.scoping import area_of

from . import atlas
from .models import Project

LABELS = {
    "red": gettext_lazy("red"),
    "orange": gettext_lazy("orange"),
    "yellow": gettext_lazy("yellow"),
    "none": gettext_lazy("no open warning"),
}


def geojson_url(area: str) -> str | None:
    """The vendored county boundaries of the area's city, if the package has them."""
    if not is_code(area) or len(area) < 4:
        return None
    path = f"vendor/echarts-china-cities/{city_of(area)}.geojson"
    return static(path) if finders.find(path) else None


@login_required
@require_safe
def wage_map(request):
    today = timezone.localdate()
    ranked = atlas.rows(Project.objects.select_related("region", "contractor"), today)
    counts = atlas.legend(ranked)
    level = request.GET.get("level", "")
    shown = [r for r in ranked if r.level == level] if level in atlas.LEVELS else ranked
    area = str(area_of(request.user) or "")
    area = area if is_code(area) else ""
    labels = {k: str(v) for k, v in LABELS.items()}
    data = {
        "area": area,
        "geojson": geojson_url(area),
        "labels": labels,
        "points": [
            {
                "code": r.project.code,
                "name": r.project.name,
                "url": reverse("wages:project", args=[r.project.pk]),
                "level": r.level,
                "lat": float(r.project.latitude),
                "lon": float(r.project.longitude),
                "amount": f"{r.amount:.2f}",
            }
            for r in shown
            if r.placed
        ],
    }
    legend = [
        {"level": lv, "label": labels[lv], "count": counts[lv], "active": lv == level}
        for lv in atlas.LEVELS
    ]
    return render(
        request,
        "wages/map.html",
        {
            "rows": shown,
            "unplaced": [r for r in shown if not r.placed],
            "legend": legend,
            "level": level if level in atlas.LEVELS else "",
            "total": len(ranked),
            "data": data,
            "title": _("Wage-protection map"),
        },
    )
