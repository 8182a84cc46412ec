"""The worker's public-welfare post page: their own appointments (the base manager filtered to
the signed-in person), the months' attendance and stipends."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from homeward.welfare.models import Appointment, Attendance, StipendLine

from .identity import worker_required


@require_safe
@worker_required
def my_post(request):
    appointments = list(
        Appointment._base_manager.filter(holder=request.worker)
        .select_related("post")
        .order_by("-starts_on")
    )
    ids = [a.pk for a in appointments]
    stipends = {
        (s.appointment_id, s.month): s
        for s in StipendLine._base_manager.filter(appointment_id__in=ids).select_related(
            "entitlement"
        )
    }
    rows = []
    for a in appointments:
        months = []
        for r in Attendance._base_manager.filter(appointment=a).order_by("-month"):
            line = stipends.get((a.pk, r.month))
            months.append({
                "month": r.month, "worked": r.days_worked, "required": r.days_required,
                "amount": line.amount if line else None,
                "state": line.entitlement.get_status_display() if line else "",
            })  # fmt: skip
        rows.append({"a": a, "months": months})
    context = {
        "rows": rows,
        "title": _("My public-welfare post"),
        "portal_worker": request.worker,
        "tab": "me",
    }
    return render(request, "portal/welfare.html", context)
