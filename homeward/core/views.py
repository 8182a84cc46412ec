from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from homeward.regions.models import Region


@login_required
def home(request):
    user = request.user
    region = Region.tree.filter(code=user.region_id).first() if user.region_id else None
    return render(
        request,
        "core/home.html",
        {"region": region, "region_path": region.full_name() if region else ""},
    )


def healthz(request):
    return JsonResponse({"status": "ok"})
