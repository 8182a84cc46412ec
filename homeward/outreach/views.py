"""The outbox page: what the embedded mode has "sent", for staff of the area."""

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
    return render(request, "outreach/outbox.html", {"page": page, "title": _("Outbox")})
