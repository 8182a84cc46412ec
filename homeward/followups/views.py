"""Staff pages of retention follow-ups: the queue of the area's follow-ups (due, overdue,
upcoming, done), one follow-up recorded, retention at a milestone with the people behind it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import reports, services
from .forms import FollowUpForm
from .models import FollowUp, Via

PAGE_SIZE = 50


@login_required
@require_safe
def followup_list(request):
    show = request.GET.get("show", "due")
    if show not in reports.SHOWS:
        raise Http404
    today = timezone.localdate()
    rows = reports.queue(show, today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {name: reports.queue(name, today).count() for name in reports.SHOWS}
    context = {"page": page, "show": show, "counts": counts, "title": _("Retention follow-ups")}
    return render(request, "followups/list.html", context)


@login_required
def followup_detail(request, pk: int):
    followup = get_object_or_404(
        FollowUp.objects.select_related(
            "worker", "worker__region", "employer", "application__posting"
        ),
        pk=pk,
    )
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        if not request.user.can_write:
            services.check_writer(request.user, "followups.write.refused", request=request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_followup(
                    followup,
                    result=data["result"],
                    via=Via.STAFF,
                    left_on=data["left_on"],
                    reason=data["reason"],
                    note=data["note"],
                    by=request.user,
                    request=request,
                )
            except services.FollowUpError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Follow-up recorded."))
                return redirect("followups:detail", pk=followup.pk)
    others = FollowUp.objects.filter(application_id=followup.application_id).order_by("months")
    context = {
        "followup": followup,
        "others": others,
        "form": form,
        "today": timezone.localdate(),
        "title": _("Follow-up"),
    }
    return render(request, "followups/detail.html", context)


def _months(request) -> int:
    try:
        months = int(request.GET.get("months", "3"))
    except ValueError:
        raise Http404 from None
    if months not in services.milestones():
        raise Http404
    return months


@login_required
@require_safe
def retention(request):
    months = _months(request)
    today = timezone.localdate()
    tables = []
    for by, label in (
        ("area", _("By place")),
        ("employer", _("By employer")),
        ("campaign", _("By push campaign")),
        ("source", _("By source")),
        ("ambassador", _("By recruitment ambassador")),
        ("fair", _("By job fair")),
    ):
        whole, rows = reports.retention(months, by, area=request.area or "", today=today)
        tables.append({"by": by, "label": label, "whole": whole, "rows": rows})
    context = {
        "months": months,
        "milestones": services.milestones(),
        "tables": tables,
        "title": _("Retention"),
    }
    return render(request, "followups/retention.html", context)


@login_required
@require_safe
def retention_people(request):
    months = _months(request)
    by, key, which = (request.GET.get(n, "") for n in ("by", "key", "which"))
    if not (by or key or which):  # no figure named: the rates, where each figure is a link
        return redirect("followups:retention")
    if by not in reports.GROUPINGS or which not in reports.WHICH or not key:
        raise Http404
    rows = reports.people(months, by, key[:20], which, today=timezone.localdate())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "months": months,
        "which": which,
        "query": request.GET.urlencode(),
        "title": _("Retention"),
    }
    return render(request, "followups/people.html", context)
