"""The outbox page for staff of the area (the embedded mode's SMS and the portal's inbox).

The delivery receipts providers post back to /outreach/receipts/ are the campaigns' (they feed
a campaign's funnel): `homeward.campaigns.receipt_views`.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import OutboxMessage

PAGE_SIZE = 50


@login_required
def outbox(request):
    rows = OutboxMessage.objects.select_related("region").order_by("-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # Sign-in codes are shown to area administrators only (the embedded mode has no real SMS, so
    # they read codes out to workers); anyone else reading one could sign in as that worker.
    context = {"page": page, "title": _("Outbox"), "reveal_codes": request.user.is_area_admin}
    return render(request, "outreach/outbox.html", context)
