"""The region browser: an area, its children and how much each holds."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404, redirect, render

from homeward.accounts.models import User
from homeward.scoping import covers, limit_to_area

from .models import CODE_LENGTHS, Level, Region, child_level


def _counts_by_child(queryset, field: str, parent_code: str, level: str) -> dict[str, int]:
    """How many rows of `queryset` fall under each child of `parent_code`, in one query."""
    length = CODE_LENGTHS[level]
    rows = (
        limit_to_area(queryset, parent_code, field)
        .annotate(child=Substr(field, 1, length))
        .values("child")
        .annotate(n=Count("pk"))
    )
    return {row["child"]: row["n"] for row in rows}


@login_required
def browse_own(request):
    if request.user.region_id:
        return redirect("regions:detail", code=request.user.region_id)
    provinces = Region.objects.filter(level=Level.PROVINCE)
    return render(request, "regions/index.html", {"regions": provinces})


@login_required
def detail(request, code: str):
    region = get_object_or_404(Region.objects, code=code)
    below = child_level(region.level)
    children = []
    if below is not None:
        villages = _counts_by_child(
            Region.objects.filter(level=Level.VILLAGE), "code", region.code, below
        )
        staff = _counts_by_child(
            User.objects.visible_to(request.user).filter(is_active=True),
            "region_id",
            region.code,
            below,
        )
        for child in Region.objects.filter(parent=region):
            children.append(
                {
                    "region": child,
                    "villages": villages.get(child.code, 0),
                    "staff": staff.get(child.code, 0),
                }
            )
    ancestors = [{"region": r, "linked": covers(request.area, r.code)} for r in region.ancestors()]
    context = {
        "region": region,
        "ancestors": ancestors,
        "children": children,
        "child_level": below,
        "title": region.name,
    }
    return render(request, "regions/detail.html", context)
