"""The monthly report pages: an area's report tables for a month (and their Excel file), a
town's report with its steps and the step forms, and reporting completeness. Thin: lookups
(scoped: another area's region or report is a 404), a form, a service call."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from homeward.audit.services import log_action
from homeward.regions.models import Region
from homeward.scoping import area_of
from homeward.stats.compute import parse_month
from homeward.stats.reading import last_months, previous_month

from . import reading, rules, services, sheets
from .models import Submission


def _month(text: str | None) -> dt.date:
    """The month asked for, else last month (the one being reported); never a future one."""
    last = previous_month(timezone.localdate().replace(day=1))
    month = parse_month(text)
    return month if month and month <= last else last


def _months() -> list[dt.date]:
    return last_months(previous_month(timezone.localdate().replace(day=1)), 24)[::-1]


def _region(request, code: str | None) -> Region:
    """The area asked for, inside the reader's own (Region.objects is scoped): else 404."""
    code = code or area_of(request.user) or ""
    if not code:
        raise Http404(_("Choose an area."))
    return get_object_or_404(Region.objects, code=code)


def _level(user) -> str | None:
    return services.level_of_office(getattr(user, "region_id", None))


@login_required
def index(request):
    """An area's month: its report tables, its towns' report states, its completeness."""
    region = _region(request, request.GET.get("area"))
    month = _month(request.GET.get("month"))
    return _table_page(request, region, month)


@login_required
def area_month(request, code: str, month: str):
    region = _region(request, code)
    return _table_page(request, region, _month(month))


def _table_page(request, region, month):
    table = reading.table(area_of(request.user) or "", region, month)
    own = table.submissions.get(region.code)
    level = _level(request.user)
    may_submit = (
        request.user.can_write
        and level == rules.TOWN
        and request.user.region_id == region.code
        and rules.may_submit(month, timezone.localdate())
        and (own is None or own.state == rules.RETURNED)
    )
    context = {
        "title": pgettext("reports", "Monthly report tables"),
        "region": region,
        "month": month,
        "months": _months(),
        "grids": reading.grids(table.rows, table.shown),
        "table": table,
        "own": own,
        "may_submit": may_submit,
        "completeness": reading.completeness(region, month)[0],
    }
    return render(request, "reports/area.html", context)


def _signatures(unit: str, on: dt.date, **names) -> sheets.Signatures:
    return sheets.Signatures(unit=unit, filled_on=on, **names)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def area_xlsx(request, code: str, month: str):
    """The area's report tables for the month as Excel: the figures the page (and the
    dashboard) shows."""
    region = _region(request, code)
    month_ = _month(month)
    table = reading.table(area_of(request.user) or "", region, month_)
    content = sheets.workbook_bytes(
        month_,
        table.rows,
        table.shown,
        _signatures(region.name, timezone.localdate(), filled_by=request.user.get_full_name()),
    )
    log_action(
        "reports.table.downloaded",
        request=request,
        region_code=region.code,
        detail={"month": month_.strftime("%Y-%m")},
    )
    return _xlsx(content, f"report-{region.code}-{month_:%Y-%m}.xlsx")


def _approvers(submission) -> str:
    steps = [s for s in submission.steps.all() if s.kind == rules.APPROVE and s.by]
    latest: dict[str, str] = {}
    for s in steps:
        latest[s.level] = s.by.get_full_name() or s.by.get_username()
    return "、".join(latest[lv] for lv in (rules.COUNTY, rules.CITY) if lv in latest)


@login_required
def submission(request, pk: int):
    found = get_object_or_404(Submission.objects.select_related("region"), pk=pk)
    rows, shown = reading.submission_rows(found)
    level = _level(request.user)
    steps_open = []
    if (
        request.user.can_write
        and level
        and services._office_of(found.region_id, level) == (request.user.region_id)
    ):
        steps_open = [s for s in rules.steps_open(found.state, level) if s != rules.SUBMIT]
    context = {
        "title": pgettext("reports", "Monthly report"),
        "submission": found,
        "grids": reading.grids(rows, shown),
        "steps": found.steps.select_related("by"),
        "steps_open": steps_open,
        "needs_reason": rules.NEEDS_REASON,
        "due_on": rules.due_on(found.month),
    }
    return render(request, "reports/submission.html", context)


@login_required
def submission_xlsx(request, pk: int):
    found = get_object_or_404(Submission.objects.select_related("region"), pk=pk)
    rows, shown = reading.submission_rows(found)
    signs = _signatures(
        found.region.name,
        timezone.localtime(found.submitted_at).date(),
        head=found.head,
        reviewer=_approvers(found),
        filled_by=found.filled_by,
    )
    log_action("reports.submission.downloaded", request=request, obj=found)
    return _xlsx(
        sheets.workbook_bytes(found.month, rows, shown, signs),
        f"report-{found.region_id}-{found.month:%Y-%m}-submitted.xlsx",
    )


@login_required
@require_POST
def submit(request, code: str, month: str):
    region = _region(request, code)
    month_ = _month(month)
    try:
        found = services.submit_month(
            region.code,
            month_,
            by=request.user,
            head=request.POST.get("head", ""),
            filled_by=request.POST.get("filled_by", ""),
            request=request,
        )
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect(reverse("reports:area-month", args=[region.code, f"{month_:%Y-%m}"]))
    messages.success(request, _("The month's report was submitted to the county."))
    return redirect(reverse("reports:submission", args=[found.pk]))


STEPS = {
    rules.APPROVE: services.approve,
    rules.SEND_BACK: services.send_back,
    rules.REOPEN: services.reopen,
}


@login_required
@require_POST
def step(request, pk: int, step: str):
    found = get_object_or_404(Submission.objects, pk=pk)
    if step not in STEPS:
        raise Http404(_("No such step."))
    kwargs = {"by": request.user, "request": request}
    if step in rules.NEEDS_REASON:
        kwargs["reason"] = request.POST.get("reason", "")
    try:
        STEPS[step](found, **kwargs)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Done: the report is now “%s”.")
            % reading.state_label(Submission.objects.get(pk=found.pk)),
        )
    return redirect(reverse("reports:submission", args=[found.pk]))


@login_required
def completeness(request):
    """Reporting completeness of an area's month: expected / received / on time, for the area
    and each area below it down to the counties, with the towns behind every number."""
    region = _region(request, request.GET.get("area"))
    month = _month(request.GET.get("month"))
    context = {
        "title": pgettext("reports", "Reporting completeness"),
        "region": region,
        "month": month,
        "months": _months(),
        "units": reading.completeness(region, month),
        "due_on": rules.due_on(month),
        "show": request.GET.get("show", ""),
    }
    return render(request, "reports/completeness.html", context)


@login_required
def queue(request):
    """Reports waiting for my office's approval, and my town's reports due."""
    context = {
        "title": pgettext("reports", "My report queue"),
        "waiting": reading.waiting_for(request.user),
        "due": reading.due_for(request.user, timezone.localdate()),
    }
    return render(request, "reports/queue.html", context)
