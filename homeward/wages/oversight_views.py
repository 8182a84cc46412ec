"""Staff pages of oversight: labour inspections (劳动保障监察) with their rectification orders,
the higher office's supervision notices (督办) with their replies, overdue ones marked, and the
risk ranking of the area's projects with the county grid. Thin: lookup → form → one service."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.employers.models import Employer
from homeward.regions.codes import county_of
from homeward.regions.models import Region

from . import services
from .forms import InspectionForm, RectificationForm, RectifiedForm, ReplyForm, SupervisionForm
from .models import (
    ArrearsClue,
    Inspection,
    Level,
    Project,
    RectificationOrder,
    Supervision,
    WageCase,
    WageWarning,
    WarningState,
)

PAGE_SIZE = 50


@login_required
@require_safe
def inspection_list(request):
    inspections = (
        Inspection.objects.select_related("employer", "project", "region")
        .annotate(
            open_orders=Count("orders", filter=Q(orders__complied_on__isnull=True)),
            overdue_orders=Count(
                "orders",
                filter=Q(orders__complied_on__isnull=True, orders__due_on__lt=timezone.localdate()),
            ),
        )
        .order_by("-inspected_on", "-pk")
    )
    page = Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "wages/inspections.html", {"page": page, "title": _("Labour inspections")}
    )


@login_required
@writers_only
def inspection_create(request):
    initial = {"inspected_on": timezone.localdate()}
    for name in ("case", "clue", "project"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    clue = _linked(ArrearsClue, initial.get("clue"))
    case = _linked(WageCase, initial.get("case"))
    project = (
        (case.warning.project if case else None)
        or (clue.project if clue else None)
        or _linked(Project, initial.pop("project", None))
    )
    if project is not None:
        initial.update(project_code=project.code, employer_code=project.contractor.uscc)
        initial["kind"] = "complaint"
    form = InspectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        employer = Employer._base_manager.filter(
            uscc="".join(data["employer_code"].split()).upper()
        ).first()
        project = (
            Project.objects.filter(code=data["project_code"].strip()).first()
            if data["project_code"].strip()
            else None
        )
        if employer is None:
            form.add_error("employer_code", _("No employer has this credit code."))
        if data["project_code"].strip() and project is None:
            form.add_error("project_code", _("No project of your area has this code."))
        if not form.errors:
            try:
                inspection = services.record_inspection(
                    employer=employer,
                    kind=data["kind"],
                    inspected_on=data["inspected_on"],
                    findings=data["findings"],
                    violations=data["violations"],
                    project=project,
                    case=_linked(WageCase, data["case"]),
                    clue=_linked(ArrearsClue, data["clue"]),
                    by=request.user,
                    request=request,
                )
            except services.WageError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Inspection recorded."))
                return redirect("wages:inspection", inspection.pk)
    return render(
        request, "wages/inspection_form.html", {"form": form, "title": _("Record an inspection")}
    )


def _linked(model, pk):
    return model.objects.filter(pk=pk).first() if pk else None


def _inspection(pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.select_related("employer", "project", "region", "case", "clue", "by"),
        pk=pk,
    )


@login_required
@require_safe
def inspection_detail(request, pk: int):
    return _inspection_page(request, _inspection(pk))


def _inspection_page(request, inspection, order_form=None, done_form=None):
    return render(
        request,
        "wages/inspection.html",
        {
            "inspection": inspection,
            "orders": inspection.orders.select_related("by"),
            "order_form": order_form or RectificationForm(),
            "done_form": done_form or RectifiedForm(initial={"complied_on": timezone.localdate()}),
            "title": _("Labour inspection"),
        },
    )


@login_required
@require_POST
@writers_only
def inspection_order(request, pk: int):
    inspection = _inspection(pk)
    form = RectificationForm(request.POST)
    if form.is_valid():
        try:
            services.order_rectification(
                inspection,
                requirements=form.cleaned_data["requirements"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
                request=request,
            )
        except services.WageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Rectification ordered."))
            return redirect("wages:inspection", inspection.pk)
    return _inspection_page(request, inspection, order_form=form)


@login_required
@require_POST
@writers_only
def inspection_rectified(request, pk: int):
    inspection = _inspection(pk)
    form = RectifiedForm(request.POST)
    if form.is_valid():
        order = get_object_or_404(
            RectificationOrder.objects.filter(inspection=inspection), pk=form.cleaned_data["order"]
        )
        try:
            services.record_rectified(
                order,
                result=form.cleaned_data["result"],
                complied_on=form.cleaned_data["complied_on"],
                by=request.user,
                request=request,
            )
        except services.WageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded."))
            return redirect("wages:inspection", inspection.pk)
    return _inspection_page(request, inspection, done_form=form)


@login_required
@require_POST
@writers_only
def inspection_close(request, pk: int):
    inspection = _inspection(pk)
    try:
        services.close_inspection(inspection, by=request.user, request=request)
    except services.WageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Inspection closed."))
    return redirect("wages:inspection", inspection.pk)


@login_required
@require_safe
def supervision_list(request):
    today = timezone.localdate()
    items = Supervision.objects.select_related("clue", "office", "clue__region")
    if request.GET.get("overdue") == "1":
        items = items.filter(replied_on__isnull=True, reply_by__lt=today)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "wages/supervisions.html",
        {
            "page": page,
            "today": today,
            "overdue_count": Supervision.objects.filter(
                replied_on__isnull=True, reply_by__lt=today
            ).count(),
            "title": _("Supervision notices (督办)"),
        },
    )


def _clue(pk: int) -> ArrearsClue:
    return get_object_or_404(ArrearsClue.objects.select_related("region"), pk=pk)


@login_required
@require_POST
@writers_only
def supervision_issue(request, pk: int):
    clue = _clue(pk)
    form = SupervisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write down the instructions."))
        return redirect("wages:clue", clue.pk)
    try:
        services.issue_supervision(
            clue,
            instructions=form.cleaned_data["instructions"],
            reply_by=form.cleaned_data["reply_by"],
            by=request.user,
            request=request,
        )
    except services.WageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Supervision notice issued."))
    return redirect("wages:clue", clue.pk)


@login_required
@require_POST
@writers_only
def supervision_reply(request, pk: int):
    clue = _clue(pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write down the reply."))
        return redirect("wages:clue", clue.pk)
    supervision = get_object_or_404(
        Supervision.objects.filter(clue=clue), pk=form.cleaned_data["supervision"]
    )
    try:
        services.reply_supervision(
            supervision, reply=form.cleaned_data["reply"], by=request.user, request=request
        )
    except services.WageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Reply recorded."))
    return redirect("wages:clue", clue.pk)


@login_required
@require_safe
def risk_ranking(request):
    """The area's building projects ranked by risk, with each score's top factors, and the
    counties' projects and open warnings by colour (a grid; an ECharts bar chart beside it)."""
    projects = list(
        Project.objects.filter(status="building").select_related("region", "contractor")
    )
    scores = services.risk_of(projects)
    ranked = sorted(projects, key=lambda p: (-scores[p.pk].value, p.code))
    counties = {}
    for p in Project.objects.values_list("region_id", flat=True):
        counties.setdefault(county_of(p), {"projects": 0, "red": 0, "orange": 0, "yellow": 0})
        counties[county_of(p)]["projects"] += 1
    for region, level, n in (
        WageWarning.objects.filter(state=WarningState.OPEN)
        .values_list("project__region_id", "level")
        .annotate(n=Count("pk"))
    ):
        row = counties.setdefault(
            county_of(region), {"projects": 0, "red": 0, "orange": 0, "yellow": 0}
        )
        row[level] += n
    names = dict(Region.tree.filter(code__in=list(counties)).values_list("code", "name"))
    grid = []
    for code, row in sorted(counties.items()):
        colour = next((lv for lv in (Level.RED, Level.ORANGE, Level.YELLOW) if row[lv]), "")
        grid.append({"code": code, "name": names.get(code, code), "colour": colour, **row})
    chart = {
        "counties": [g["name"] for g in grid],
        "red": [g["red"] for g in grid],
        "orange": [g["orange"] for g in grid],
        "yellow": [g["yellow"] for g in grid],
        "labels": [_("red"), _("orange"), _("yellow")],
    }
    page = Paginator([(p, scores[p.pk]) for p in ranked], PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "wages/risk.html",
        {
            "page": page,
            "grid": grid,
            "chart": json.dumps(chart, ensure_ascii=False),
            "title": _("Arrears risk"),
        },
    )
