"""The front page of the site, the staff home with its work queues, the error pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.content.models import Article  # policy articles and guides
from homeward.regions.models import Region
from homeward.stations import services as stations  # the service stations near a visitor

from . import home_views
from .redirects import safe_next

LANDING_ARTICLES = 5


def published_articles(limit: int = LANDING_ARTICLES) -> list:
    """The newest published policy articles and service guides for a visitor: those of the area
    the platform serves (HOMEWARD_SERVICE_AREA) and above it, or of every area when it serves
    several; a guide several cities publish under one title is listed once."""
    shown, seen = [], set()
    for article in Article.published_for(settings.HOMEWARD_SERVICE_AREA or None)[: limit * 10]:
        if (article.kind, article.title) not in seen:
            seen.add((article.kind, article.title))
            shown.append(article)
        if len(shown) == limit:
            break
    return shown


def landing(request):
    """The public front page: the way to the worker and employer portals and to staff sign-in.

    A worker who opens the site in WeChat lands here, on a phone."""
    served = settings.HOMEWARD_SERVICE_AREA
    lat, lng = stations.point_from(request.GET.get("lat"), request.GET.get("lng"))
    counties = stations.station_counties(served)
    area = request.GET.get("area", "")
    area = area if area in dict(counties) else ""
    context = {
        "articles": published_articles(),
        "stations": stations.public_stations(area=area, lat=lat, lng=lng, served=served),
        "counties": counties,
        "area": area,
        "located": lat is not None,
        "title": _("Migrant worker services"),
    }
    return render(request, "core/landing.html", context)


@login_required
def home(request):
    user = request.user
    region = Region.tree.filter(code=user.region_id).first() if user.region_id else None
    numbers = home_views.area_numbers(request.area)
    context = {
        "region": region,
        "region_path": region.full_name() if region else "",
        "queues": home_views.work_queues(user, request.area),
        "numbers": numbers,
        "chart": {
            "labels": [n.label for n in numbers["statuses"]],
            "values": [n.value for n in numbers["statuses"]],
            "urls": [n.url for n in numbers["statuses"]],
        },
        "title": _("Staff home"),
    }
    return render(request, "core/home.html", context)


def healthz(request):
    return JsonResponse({"status": "ok"})


@require_POST
def set_language(request):
    """The footer's language switch: Django's `set_language`, with `next` checked by the one
    helper every `next` reader uses (S10) instead of a check of its own."""
    response = redirect(safe_next(request, "/"))
    language = request.POST.get("language", "")
    if language and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
