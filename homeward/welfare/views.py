"""Staff pages of public-welfare posts (/welfare/): the area's posts and figures, a post with
its holders and the village's apply form, an application with the step forms of its level, an
appointment with its attendance and stipends, the month's attendance grid, the month's payment,
the exit checks, and the lists behind every figure. Everything is read through the scoped
managers: another area's record answers 404. The public notice of a village is public."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.crypto import hash_filter, mask_name
from homeward.regions.models import Region
from homeward.workers.models import Worker

from . import checks, figures, rules, services
from .forms import ApplyForm, EndForm, MonthForm, ObjectionForm, PostForm, ReasonForm, ResolveForm
from .models import Application, Appointment, Attendance, Objection, Post, StipendLine

A = Application.Status
waiting_for = figures.waiting_for


def _errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


def _month(request) -> date:
    form = MonthForm(request.GET or request.POST)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["month"]
    return rules.previous_month(rules.first_of_month(timezone.localdate()))


@login_required
@require_safe
def index(request):
    area = request.area or ""
    by_kind = [
        {"key": k, "label": label, "value": n, "url": reverse("welfare:holders") + f"?kind={k}"}
        for k, label, n in figures.holders_by_kind()
    ]
    by_area = [
        {"key": c, "label": name, "value": n, "url": reverse("welfare:holders") + f"?area={c}"}
        for c, name, n in figures.holders_by_area(area)
    ]
    totals = figures.stipend_totals()
    money = [
        {"key": "submitted", "label": _("Stipends submitted (yuan)"), "value": f"{totals['submitted']:.2f}",
         "url": reverse("welfare:stipends")},
        {"key": "paid", "label": _("Stipends paid (yuan)"), "value": f"{totals['paid']:.2f}",
         "url": reverse("welfare:stipends") + "?state=paid"},
        {"key": "holders", "label": _("Holders on a post"), "value": figures.holders().count(),
         "url": reverse("welfare:holders")},
    ]  # fmt: skip
    context = {
        "posts": Post.objects.select_related("region"),
        "by_kind": by_kind,
        "by_area": by_area,
        "money": money,
        "waiting": waiting_for(request.user).count(),
        "title": _("Public-welfare posts"),
    }
    return render(request, "welfare/index.html", context)


@login_required
@writers_only
def post_create(request, pk: int | None = None):
    post = get_object_or_404(Post.objects, pk=pk) if pk else None
    form = PostForm(request.POST or None, instance=post, area=request.area)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            post = services.save_post(by=request.user, request=request, post=post, **data)
        except services.WelfareError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("welfare:post", pk=post.pk)
    title = _("Change the post") if post else _("New public-welfare post")
    return render(request, "welfare/form.html", {"form": form, "title": title, "post": post})


def _post_page(request, post, *, apply_form=None, status: int = 200):
    """The post's page; after a refused application, with the clerk's typed form and its errors."""
    if apply_form is None and request.user.level == "village" and post.is_open:
        apply_form = ApplyForm()
    context = {
        "post": post,
        "holders": post.appointments.filter(status="active").select_related("holder"),
        "applications": post.applications.exclude(status=A.APPOINTED).select_related("worker"),
        "apply_form": apply_form,
        "title": post.title,
    }
    return render(request, "welfare/post.html", context, status=status)


@login_required
@require_safe
def post_detail(request, pk: int):
    return _post_page(request, get_object_or_404(Post.objects.select_related("region"), pk=pk))


@login_required
@writers_only
@require_POST
def post_apply(request, pk: int):
    post = get_object_or_404(Post.objects.select_related("region"), pk=pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        worker = Worker.objects.filter(
            **hash_filter(Worker, "id_number", data["id_number"])
        ).first()
        if worker is None:
            form.add_error("id_number", _("No one with this ID number is in your area's registry."))
        else:
            try:
                application = services.apply_for_post(
                    post, worker, is_disabled=data["is_disabled"], bank_name=data["bank_name"],
                    bank_account=data["bank_account"], by=request.user, request=request,
                )  # fmt: skip
            except services.WelfareError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Application sent to the town for review."))
                return redirect("welfare:application", pk=application.pk)
    # Refused: the page again with what was typed, each error beside its field (nothing written).
    return _post_page(request, post, apply_form=form, status=400)


@login_required
@require_safe
def application_list(request):
    rows = Application.objects.select_related("post", "worker", "region")
    waiting = request.GET.get("waiting") == "mine"
    if waiting:
        rows = waiting_for(request.user)
    status = request.GET.get("status", "")
    if status in A.values:
        rows = rows.filter(status=status)
    context = {
        "rows": rows[:500],
        "waiting": waiting,
        "title": _("Applications for public-welfare posts"),
    }
    return render(request, "welfare/applications.html", context)


@login_required
@require_safe
def application_detail(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related("post", "worker", "region"), pk=pk
    )
    level = "county" if request.user.is_superuser else request.user.level
    context = {
        "application": application,
        "name": mask_name(application.worker.name),
        "objections": application.objections.all(),
        "level": level,
        "reason_form": ReasonForm(),
        "objection_form": ObjectionForm(),
        "resolve_form": ResolveForm(),
        "today": timezone.localdate(),
        "title": _("Application for %(post)s") % {"post": application.post.title},
    }
    return render(request, "welfare/application.html", context)


STEPS = ("review", "review-refuse", "approve", "approve-refuse", "start")


def _take_step(application, request, step: str, reason: str):
    by = request.user
    if step == "start":
        return services.start_appointment(application, by=by, request=request)
    passed = not step.endswith("-refuse")
    if step.startswith("review"):
        return services.review_application(
            application, passed=passed, reason=reason, by=by, request=request
        )
    return services.approve_application(
        application, passed=passed, reason=reason, by=by, request=request
    )


@login_required
@writers_only
@require_POST
def application_step(request, pk: int, step: str):
    application = get_object_or_404(Application.objects, pk=pk)
    if step == "object":
        form = ObjectionForm(request.POST)
        if not form.is_valid():
            _errors(request, form)
            return redirect("welfare:application", pk=pk)
        call = lambda: services.record_objection(  # noqa: E731
            application, text=form.cleaned_data["text"], by=request.user, request=request
        )
    elif step in STEPS:
        form = ReasonForm(request.POST)
        form.is_valid()
        reason = form.cleaned_data.get("reason", "")
        call = lambda: _take_step(application, request, step, reason)  # noqa: E731
    else:
        raise Http404
    try:
        call()
    except services.WelfareError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("welfare:application", pk=pk)


@login_required
@writers_only
@require_POST
def objection_resolve(request, pk: int):
    objection = get_object_or_404(Objection.objects.select_related("application"), pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            services.resolve_objection(
                objection, upheld=form.cleaned_data["upheld"], note=form.cleaned_data["note"],
                by=request.user, request=request,
            )  # fmt: skip
        except services.WelfareError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
    return redirect("welfare:application", pk=objection.application_id)


@login_required
@require_safe
def appointment_detail(request, pk: int):
    appointment = get_object_or_404(
        Appointment.objects.select_related("post", "holder", "region"), pk=pk
    )
    context = {
        "appointment": appointment,
        "name": mask_name(appointment.holder.name),
        "attendance": appointment.attendance.all(),
        "stipends": appointment.stipends.select_related("entitlement"),
        "end_form": EndForm(initial={"on": timezone.localdate()}),
        "title": _("Appointment to %(post)s") % {"post": appointment.post.title},
    }
    return render(request, "welfare/appointment.html", context)


@login_required
@writers_only
@require_POST
def appointment_end(request, pk: int):
    appointment = get_object_or_404(Appointment.objects, pk=pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            services.end_appointment(
                appointment, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"],
                by=request.user, request=request,
            )  # fmt: skip
        except services.WelfareError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The appointment has ended."))
    return redirect("welfare:appointment", pk=pk)


def _int(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() else (None if not value else -1)


@login_required
def attendance(request):
    """The month's grid: each holder of the viewer's area on the post that month, a row each."""
    month = rules.first_of_month(_month(request))
    appointments = [
        a
        for a in Appointment.objects.select_related("post", "holder").order_by("region_id", "pk")
        if services.on_post_in(a, month)
    ]
    if request.method == "POST":
        if not request.user.can_write:
            raise PermissionDenied
        rows = [
            services.AttendanceRow(
                a,
                _int(request.POST.get(f"worked-{a.pk}")),
                _int(request.POST.get(f"required-{a.pk}")),
            )
            for a in appointments
        ]
        try:
            saved = services.record_attendance(month, rows, by=request.user, request=request)
        except services.WelfareError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attendance saved: %(n)s rows.") % {"n": saved})
            return redirect(reverse("welfare:attendance") + f"?month={month:%Y-%m}")
    recorded = {
        r.appointment_id: r
        for r in Attendance.objects.filter(month=month, appointment__in=appointments)
    }
    paid = set(
        StipendLine.objects.filter(month=month, appointment__in=appointments).values_list(
            "appointment_id", flat=True
        )
    )
    rows = [
        {"a": a, "name": mask_name(a.holder.name), "row": recorded.get(a.pk), "paid": a.pk in paid,
         "worked": request.POST.get(f"worked-{a.pk}", getattr(recorded.get(a.pk), "days_worked", "")),
         "required": request.POST.get(f"required-{a.pk}", getattr(recorded.get(a.pk), "days_required", 22))}
        for a in appointments
    ]  # fmt: skip
    context = {
        "rows": rows,
        "month": month,
        "may_pay": request.user.is_superuser or request.user.level == "county",
        "title": _("Monthly attendance"),
    }
    return render(request, "welfare/attendance.html", context)


@login_required
@writers_only
@require_POST
def pay(request):
    form = MonthForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("welfare:attendance")
    month = form.cleaned_data["month"]
    county = request.user.region_id or ""
    try:
        batch, made = services.pay_month(county, month, by=request.user, request=request)
    except services.WelfareError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(n)s stipends submitted as payment batch #%(batch)s.")
            % {"n": made, "batch": batch.pk},
        )
    return redirect(reverse("welfare:attendance") + f"?month={month:%Y-%m}")


@login_required
@require_safe
def exit_checks(request):
    flags = checks.exit_checks()
    rows = [{"flag": f, "name": mask_name(f.appointment.holder.name)} for f in flags]
    return render(request, "welfare/checks.html", {"rows": rows, "title": _("Exit checks")})


@login_required
@require_safe
def holders(request):
    rows = figures.holders().select_related("post", "holder", "region")
    kind = request.GET.get("kind", "")
    if kind in Post.Kind.values:
        rows = rows.filter(post__kind=kind)
    area = request.GET.get("area", "")
    if area.isdigit():
        rows = rows.filter(region__code__startswith=area)
    shown = [{"a": a, "name": mask_name(a.holder.name)} for a in rows[:500]]
    return render(
        request,
        "welfare/holders.html",
        {"rows": shown, "title": _("Holders of public-welfare posts")},
    )


@login_required
@require_safe
def stipends(request):
    state = request.GET.get("state", "")
    rows = figures.stipends(state)
    shown = [{"s": s, "name": mask_name(s.appointment.holder.name)} for s in rows[:500]]
    return render(
        request, "welfare/stipends.html", {"rows": shown, "state": state, "title": _("Stipends")}
    )


@require_safe
def public_notice(request, code: str):
    """The public page of a village's (or town's) posts and the people on notice for them: a
    name half masked, the post and the notice's days; nothing else about the person."""
    from homeward.scoping import area_scope

    region = get_object_or_404(Region.tree, code=code, level__in=("village", "town"))
    with area_scope(code):
        posts = list(Post.objects.filter(region_id=code, is_open=True))
        notices = list(
            Application.objects.filter(region_id=code, status=A.NOTICE).select_related(
                "post", "worker"
            )
        )
    rows = [{"post": n.post, "name": mask_name(n.worker.name), "a": n} for n in notices]
    context = {
        "region": region,
        "posts": posts,
        "rows": rows,
        "title": _("Public-welfare posts of %(place)s") % {"place": region.name},
    }
    return render(request, "welfare/public_notice.html", context)
