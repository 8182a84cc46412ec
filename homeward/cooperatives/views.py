"""Staff pages of labour cooperatives under /cooperatives/: the area's cooperatives with their
figures, a cooperative's page (members, collected jobs, dispatches, placements), adding members
from the registry, recording a job, dispatching members, closing a dispatch with each member's
pay, placing a member in a collected posting, the members list as Excel, and the rows behind
every figure. Every record is read through the scoped managers: another area's answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.audit.services import log_action
from homeward.core.excel import workbook_bytes
from homeward.crypto import mask_id_number, mask_name
from homeward.workers.models import Worker, search_key

from . import figures, services
from .forms import (
    CloseForm,
    CooperativeForm,
    DispatchForm,
    JoinForm,
    LeaveForm,
    MemberSearchForm,
    OrderForm,
    PlaceForm,
)
from .models import Cooperative, Dispatch, Membership, Order

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _coop(pk: int) -> Cooperative:
    return get_object_or_404(Cooperative.objects.select_related("region"), pk=pk)


def _linked(values, url) -> list[dict]:
    return [
        {"key": k, "label": label, "value": f"{v:.2f}" if k == "income_year" else v, "url": url(k)}
        for k, label, v in values
    ]


def _one_write(form, service, /, *args, **kwargs) -> tuple[bool, object]:
    """Call one service write for a form: (True, its result), or (False, None) with the refusal
    shown beside the field it names (or above the form) and nothing written."""
    try:
        return True, service(*args, **kwargs)
    except services.CooperativeError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return False, None


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@login_required
@require_safe
def cooperative_list(request):
    coops = list(Cooperative.objects.select_related("region"))
    table = figures.by_cooperative(c.pk for c in coops)
    for coop in coops:
        values = [(key, label, table[coop.pk][key]) for key, label in figures.FIGURES]
        coop.figures = _linked(
            values, lambda k, c=coop: reverse("cooperatives:figure", args=[c.pk, k])
        )
    context = {
        "cooperatives": coops,
        "figures": _linked(
            figures.figures(), lambda k: reverse("cooperatives:area-figure") + f"?key={k}"
        ),
        "title": _("Labour cooperatives"),
    }
    return render(request, "cooperatives/list.html", context)


@login_required
@writers_only
def cooperative_create(request):
    return _edit(request, None)


@login_required
@writers_only
def cooperative_edit(request, pk: int):
    return _edit(request, _coop(pk))


def _edit(request, coop):
    initial = {"founded_on": timezone.localdate(), "status": Cooperative.Status.ACTIVE}
    if coop is not None:
        initial = {
            "name": coop.name, "region": coop.region_id, "leader_name": coop.leader_name,
            "founded_on": coop.founded_on,
            "registration_number": coop.registration_number, "status": coop.status,
        }  # fmt: skip
    form = CooperativeForm(
        request.POST or None, initial=initial, area=request.area, editing=coop is not None
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if coop is not None and not data["contact_phone"]:
            data["contact_phone"] = coop.contact_phone
        saved, result = _one_write(
            form, services.save_cooperative, cooperative=coop, by=request.user, request=request,
            **data,
        )  # fmt: skip
        if saved:
            messages.success(request, _("Saved."))
            return redirect("cooperatives:detail", pk=result.pk)
    title = coop.name if coop else _("New labour cooperative")
    return render(
        request, "cooperatives/form.html", {"form": form, "cooperative": coop, "title": title}
    )


@login_required
@require_safe
def cooperative_detail(request, pk: int):
    coop = _coop(pk)
    members = list(
        Membership.objects.filter(cooperative=coop)
        .select_related("worker", "worker__region")
        .order_by("left_on", "-joined_on", "pk")
    )
    busy = services.dispatched_by([m.worker_id for m in members if m.is_active])
    for m in members:
        m.busy = m.worker_id in busy
    context = {
        "cooperative": coop,
        "figures": _linked(
            figures.figures(cooperative=coop),
            lambda k: reverse("cooperatives:figure", args=[coop.pk, k]),
        ),
        "members": members,
        "orders": Order.objects.filter(cooperative=coop).select_related("posting"),
        "dispatches": Dispatch.objects.filter(cooperative=coop)
        .select_related("order")
        .prefetch_related("people__worker"),
        "placements": coop.placements.select_related("membership__worker", "order", "application"),
        "search_form": MemberSearchForm(),
        "title": coop.name,
    }
    return render(request, "cooperatives/detail.html", context)


@login_required
@writers_only
def member_add(request, pk: int):
    """Find people of the cooperative's area in the registry (name or ID number) and add one."""
    coop = _coop(pk)
    found = []
    search = MemberSearchForm(request.GET or None)
    if search.is_valid():
        key = search_key(search.cleaned_data["q"])
        if key != search.cleaned_data["q"]:  # a full ID or mobile number: keep it out of URLs
            return redirect(
                reverse("cooperatives:member-add", args=[coop.pk]) + "?" + urlencode({"q": key})
            )
        found = list(
            Worker.objects.search(search.cleaned_data["q"])
            .filter(region__code__startswith=coop.region_id)
            .select_related("region")
            .order_by("name", "pk")[:20]
        )
    join = JoinForm(request.POST or None, initial={"joined_on": timezone.localdate()})
    if request.method == "POST":
        if not join.is_valid():
            _form_errors(request, join)
            return redirect("cooperatives:member-add", pk=coop.pk)
        worker = get_object_or_404(Worker.objects.all(), pk=join.cleaned_data["worker"])
        try:
            services.add_member(
                coop, worker, joined_on=join.cleaned_data["joined_on"], by=request.user,
                request=request,
            )  # fmt: skip
        except services.CooperativeError as error:
            messages.error(request, str(error))
            return redirect("cooperatives:member-add", pk=coop.pk)
        messages.success(request, _("%(name)s joined.") % {"name": mask_name(worker.name)})
        return redirect("cooperatives:detail", pk=coop.pk)
    context = {
        "cooperative": coop,
        # Not echoed back: the box may hold a full ID number (S12), the results show it masked.
        "search_form": MemberSearchForm(),
        "found": found,
        "searched": search.is_bound,
        "join_form": join,
        "title": _("Add members: %(name)s") % {"name": coop.name},
    }
    return render(request, "cooperatives/member_add.html", context)


@login_required
@writers_only
@require_POST
def member_leave(request, pk: int):
    membership = get_object_or_404(
        Membership.objects.select_related("cooperative", "worker"), pk=pk
    )
    form = LeaveForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.end_membership(
                membership, left_on=form.cleaned_data["left_on"], by=request.user, request=request
            )
        except services.CooperativeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Membership ended."))
    return redirect("cooperatives:detail", pk=membership.cooperative_id)


@login_required
@writers_only
def order_create(request, pk: int):
    coop = _coop(pk)
    form = OrderForm(request.POST or None, cooperative=coop)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("kind")
        recorded, _result = _one_write(
            form, services.record_order, coop, by=request.user, request=request, **data
        )
        if recorded:
            messages.success(request, _("Job recorded."))
            return redirect("cooperatives:detail", pk=coop.pk)
    context = {"cooperative": coop, "form": form, "title": _("Record a collected job")}
    return render(request, "cooperatives/order_form.html", context)


@login_required
@writers_only
def dispatch_create(request, pk: int):
    coop = _coop(pk)
    initial = {"starts_on": timezone.localdate(), "ends_on": timezone.localdate()}
    if request.GET.get("order"):
        initial["order"] = request.GET["order"]
    form = DispatchForm(request.POST or None, initial=initial, cooperative=coop)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent, _result = _one_write(
            form, services.dispatch_members, data["order"], data["members"],
            starts_on=data["starts_on"], ends_on=data["ends_on"], day_pay=data["day_pay"],
            by=request.user, request=request,
        )  # fmt: skip
        if sent:
            messages.success(request, _("Members sent."))
            return redirect("cooperatives:detail", pk=coop.pk)
    context = {"cooperative": coop, "form": form, "title": _("Dispatch members")}
    return render(request, "cooperatives/dispatch_form.html", context)


def _dispatch(pk: int) -> Dispatch:
    return get_object_or_404(
        Dispatch.objects.select_related("cooperative", "cooperative__region", "order"), pk=pk
    )


def _dispatch_page(request, dispatch, form=None):
    people = list(dispatch.people.select_related("worker").order_by("pk"))
    live = [p for p in people if not p.cancelled]
    form = form or CloseForm(people=live, days=dispatch.days, day_pay=dispatch.day_pay)
    context = {
        "dispatch": dispatch,
        "cooperative": dispatch.cooperative,
        "people": people,
        "form": form,
        "title": str(dispatch.order),
    }
    return render(request, "cooperatives/dispatch.html", context)


@login_required
@require_safe
def dispatch_detail(request, pk: int):
    """A dispatch: its members, and (while out) the form that closes it with each one's pay."""
    return _dispatch_page(request, _dispatch(pk))


@login_required
@writers_only
@require_POST
def dispatch_close(request, pk: int):
    dispatch = _dispatch(pk)
    live = list(dispatch.people.filter(cancelled=False).select_related("worker").order_by("pk"))
    form = CloseForm(request.POST, people=live, days=dispatch.days, day_pay=dispatch.day_pay)
    if form.is_valid():
        closed, _result = _one_write(
            form, services.close_dispatch, dispatch, form.pay(), by=request.user, request=request
        )
        if closed:
            messages.success(request, _("Dispatch closed and the pay recorded."))
            return redirect("cooperatives:dispatch", pk=dispatch.pk)
    return _dispatch_page(request, dispatch, form)


@login_required
@writers_only
@require_POST
def dispatch_cancel(request, pk: int):
    dispatch = _dispatch(pk)
    try:
        services.cancel_dispatch(dispatch, by=request.user, request=request)
    except services.CooperativeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dispatch cancelled."))
    return redirect("cooperatives:dispatch", pk=dispatch.pk)


@login_required
@writers_only
def place(request, pk: int):
    coop = _coop(pk)
    form = PlaceForm(
        request.POST or None, initial={"hired_on": timezone.localdate()}, cooperative=coop
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        placed, _result = _one_write(
            form, services.place_member, data["order"], data["membership"],
            hired_on=data["hired_on"], contract_months=data["contract_months"], by=request.user,
            request=request,
        )  # fmt: skip
        if placed:
            messages.success(request, _("Hire recorded."))
            return redirect("cooperatives:detail", pk=coop.pk)
    context = {"cooperative": coop, "form": form, "title": _("Place a member in a job")}
    return render(request, "cooperatives/place_form.html", context)


@login_required
@require_safe
def members_export(request, pk: int):
    """The members list as Excel, names and ID numbers masked; the download is audited."""
    coop = _coop(pk)
    members = Membership.objects.filter(cooperative=coop).select_related("worker", "worker__region")
    rows = [
        [
            mask_name(m.worker.name),
            mask_id_number(m.worker.id_number),
            m.worker.region.name,
            m.skills,
            m.joined_on.isoformat(),
            m.left_on.isoformat() if m.left_on else "",
        ]
        for m in members
    ]
    header = [
        pgettext("person", "Name"), _("ID number"), _("household village"), _("skills"), _("joined the cooperative on"),
        _("left the cooperative on"),
    ]  # fmt: skip
    content = workbook_bytes(
        rows, title=_("Members of %(name)s") % {"name": coop.name}, header=header,
        sheet_name=_("members"),
    )  # fmt: skip
    log_action(
        "cooperatives.members.exported", request=request, obj=coop, detail={"rows": len(rows)}
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cooperative-{coop.pk}-members.xlsx"'
    return response


def _figure_page(request, key, *, cooperative=None):
    if key not in figures.LABELS:
        raise Http404
    label = figures.LABELS[key]
    queryset = figures.rows(key, cooperative=cooperative)
    total = figures.value(key, queryset)
    page = Paginator(queryset.order_by("pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    name = cooperative.name if cooperative else _("Labour cooperatives")
    context = {
        "cooperative": cooperative,
        "key": key,
        "label": label,
        "total": total,
        "page": page,
        "title": f"{name} · {label}",
    }
    return render(request, "cooperatives/figure.html", context)


@login_required
@require_safe
def figure(request, pk: int, key: str):
    return _figure_page(request, key, cooperative=_coop(pk))


@login_required
@require_safe
def area_figure(request):
    key = request.GET.get("key", "")
    if not key:
        return redirect("cooperatives:list")
    return _figure_page(request, key)
