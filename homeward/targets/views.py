"""Staff pages of targets and checklists. Thin: scoped lookup (404 outside the area) → form → one
service call. Targets: the area's list with progress against time, a target's page with its
history, and the records behind every number. Checklists: the items of the viewer's area and
the duties of its units, a duty's page (updates with their files, notices of supervision and
replies), the file itself (audited), and the viewer's in-app messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.scoping import area_of, covers

from . import figures, reports, services
from .forms import ReplyForm, SupervisionForm, TargetForm, UpdateForm
from .models import Attachment, ChecklistItem, Duty, StaffMessage, Supervision, Target

PAGE_SIZE = 50


def _target(pk: int) -> Target:
    return get_object_or_404(Target.objects.select_related("region"), pk=pk)


def _duty(pk: int) -> Duty:
    return get_object_or_404(Duty.objects.select_related("item", "region"), pk=pk)


@login_required
@require_safe
def target_list(request):
    today = timezone.localdate()
    rows = reports.target_rows(Target.objects.select_related("region"), today)
    return render(
        request,
        "targets/list.html",
        {"rows": rows, "today": today, "title": _("Targets")},
    )


@login_required
@writers_only
def target_create(request):
    return _edit(request, Target())


@login_required
@writers_only
def target_edit(request, pk: int):
    return _edit(request, _target(pk))


def _edit(request, target: Target):
    form = TargetForm(request.POST or None, instance=target, area=area_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            target = services.save_target(form, by=request.user, request=request)
        except services.TargetError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("targets:detail", pk=target.pk)
    title = _("New target") if target.pk is None else target.title
    return render(request, "targets/form.html", {"form": form, "target": target, "title": title})


@login_required
@require_safe
def target_detail(request, pk: int):
    target = _target(pk)
    today = timezone.localdate()
    history = reports.history(target)
    context = {
        "target": target,
        "row": reports.target_row(target, today),
        "rule": figures.rule_of(target),
        "history": history,
        "chart": reports.chart_of(history),
        "title": target.title,
    }
    return render(request, "targets/detail.html", context)


@login_required
@require_safe
def target_records(request, pk: int):
    """The records behind a target's number, counted up to today or to `?on=` (a snapshot's)."""
    target = _target(pk)
    today = timezone.localdate()
    on = parse_date(request.GET.get("on") or "") or today
    on = min(on, today)
    context = {"target": target, "on": on, "value": figures.value_on(target, on),
               "title": target.title}  # fmt: skip
    if target.source == Target.Source.INDICATOR:
        context["months"] = reports.month_links(target, on)
    else:
        records = figures.records(target, on)
        page = Paginator(records.order_by("pk"), PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["lines"] = reports.describe(target, page.object_list)
    return render(request, "targets/records.html", context)


# Checklists -------------------------------------------------------------------------------------


@login_required
@require_safe
def checklist(request):
    today = timezone.localdate()
    items = ChecklistItem.objects.select_related("region").prefetch_related("duties")
    duties = Duty.objects.select_related("item", "region").order_by("item__due_on", "item_id")
    show = request.GET.get("show", "")
    context = {
        "items": reports.item_rows(items, today),
        "duties": reports.duty_rows(duties, today, show),
        "show": show,
        "today": today,
        "title": _("Work checklists"),
    }
    return render(request, "targets/checklist.html", context)


@login_required
@require_safe
def item_detail(request, pk: int):
    item = get_object_or_404(ChecklistItem.objects.select_related("region"), pk=pk)
    today = timezone.localdate()
    duties = Duty.objects.filter(item=item).select_related("item", "region")
    context = {
        "item": item,
        "duties": reports.duty_rows(duties, today, ""),
        "title": f"{item.number}. {item.checklist}",
    }
    return render(request, "targets/item.html", context)


def _may_supervise(user, duty: Duty) -> bool:
    return user.can_write and covers(area_of(user) or "", duty.item.region_id)


@login_required
@require_safe
def duty_detail(request, pk: int):
    duty = _duty(pk)
    return _duty_page(request, duty, UpdateForm(), SupervisionForm(), None)


def _duty_page(request, duty, update_form, supervision_form, reply_error):
    today = timezone.localdate()
    context = {
        "duty": duty,
        "item": duty.item,
        "state": reports.duty_state(duty, today),
        "updates": reports.updates_of(duty),
        "notices": Supervision.objects.filter(duty=duty).select_related("issued_by", "replied_by"),
        "update_form": update_form,
        "supervision_form": supervision_form,
        "reply_form": ReplyForm(),
        "reply_error": reply_error,
        "may_supervise": _may_supervise(request.user, duty),
        "title": duty.unit,
    }
    return render(request, "targets/duty.html", context)


@login_required
@writers_only
@require_POST
def duty_update(request, pk: int):
    duty = _duty(pk)
    form = UpdateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.record_update(
                duty,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
                marks_done=form.cleaned_data["marks_done"],
                by=request.user,
                request=request,
            )
        except services.TargetError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("targets:duty", pk=duty.pk)
    return _duty_page(request, duty, form, SupervisionForm(), None)


@login_required
@writers_only
@require_POST
def duty_supervise(request, pk: int):
    duty = _duty(pk)
    form = SupervisionForm(request.POST)
    if form.is_valid():
        try:
            services.issue_supervision(
                duty,
                text=form.cleaned_data["text"],
                reply_by=form.cleaned_data["reply_by"],
                by=request.user,
                request=request,
            )
        except services.TargetError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Notice of supervision issued."))
            return redirect("targets:duty", pk=duty.pk)
    return _duty_page(request, duty, UpdateForm(), form, None)


@login_required
@writers_only
@require_POST
def supervision_reply(request, pk: int):
    notice = get_object_or_404(Supervision.objects.select_related("duty__item"), pk=pk)
    form = ReplyForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.reply_supervision(
                notice, text=form.cleaned_data["reply"], by=request.user, request=request
            )
        except services.TargetError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Reply sent."))
            return redirect("targets:duty", pk=notice.duty_id)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    return _duty_page(request, _duty(notice.duty_id), UpdateForm(), SupervisionForm(), error)


@login_required
@require_safe
def attachment(request, pk: int):
    """The file as it was handed in; every opening audited."""
    found = get_object_or_404(Attachment.objects.select_related("update__duty"), pk=pk)
    services.log_attachment_read(found, by=request.user, request=request)
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="attachment-{found.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def inbox(request):
    """The signed-in user's own in-app messages (the weekly digest)."""
    mine = StaffMessage._base_manager.filter(recipient=request.user)
    page = Paginator(mine, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "targets/messages.html",
        {"page": page, "title": _("My messages"), "checklist_url": reverse("targets:checklist")},
    )
