"""Staff pages of labour disputes: the case list, filing at the window, the case page with its
timeline, deadlines and steps, documents, the deadlines board, the figures, the holiday years.

Every record is looked up through the scoped managers (404 outside the viewer's area); every
write is one service call.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.crypto import hash_filter
from homeward.regions.codes import province_of
from homeward.regions.models import Region
from homeward.workers.models import Worker

from . import figures, services
from .forms import STEP_FORMS, AverageWageForm, FilingForm, HolidayYearForm, ServeForm
from .models import (
    Arbitrator,
    AverageWage,
    Commission,
    Dispute,
    Document,
    Evidence,
    HolidayYear,
    LegalAid,
    Party,
    Stage,
)

PAGE_SIZE = 50


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@require_safe
def dispute_list(request):
    disputes = Dispute.objects.select_related("commission", "worker").order_by("-filed_on", "-pk")
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        disputes = disputes.filter(stage=stage)
    commission = request.GET.get("commission", "")
    if commission.isdigit():
        disputes = disputes.filter(commission_id=int(commission))
    q = request.GET.get("q", "").strip()
    if q:
        disputes = disputes.filter(
            Q(employer_name__icontains=q) | Q(number=int(q) if q.isdigit() else -1)
        )
    metric = request.GET.get("metric", "")
    figure = None
    if metric in figures.METRICS:
        month = request.GET.get("month", "")
        group = {k: request.GET[k] for k in ("commission", "county") if request.GET.get(k)}
        rows = figures.matching(
            disputes, metric, _year(request), int(month) if month.isdigit() else None, **group
        )
        figure = figures.METRICS[metric]
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        page = Paginator(disputes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "stage": stage,
        "stages": Stage.choices,
        "commission": commission,
        "commissions": Commission.objects.all(),
        "q": q,
        "figure": figure,
        "title": _("Labour disputes"),
    }
    return render(request, "disputes/list.html", context)


@login_required
@writers_only
def dispute_create(request):
    form = FilingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = Worker.objects.filter(
            **hash_filter(Worker, "id_number", data["id_number"])
        ).first()
        if worker is None:
            form.add_error("id_number", _("No registered worker in your area has this ID number."))
        else:
            try:
                filing = services.file_dispute(
                    commission=data["commission"],
                    worker=worker,
                    employer_name=data["employer_name"],
                    employer_uscc=data["employer_uscc"],
                    facts=data["facts"],
                    claims=form.claim_lines(),
                    source="wage_case" if data["transferred_from"] else "window",
                    transferred_from=data["transferred_from"],
                    known_on=data["known_on"],
                    interrupted_on=data["interrupted_on"],
                    interruption=data["interruption"],
                    by=request.user,
                    request=request,
                )
            except services.DisputeError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                if filing.limitation_warning:
                    messages.warning(request, filing.limitation_warning)
                messages.success(request, _("Dispute filed."))
                return redirect("disputes:detail", filing.dispute.pk)
    return render(request, "disputes/form.html", {"form": form, "title": _("File a dispute")})


@login_required
@writers_only
def clue_transfer(request, pk: int):
    """A wage-arrears clue of the viewer's area transferred to arbitration with its facts
    (`services.transfer_clue`): the commission chosen among those covering the clue's area."""
    from homeward.regions.codes import covers
    from homeward.wages.models import ArrearsClue

    clue = get_object_or_404(ArrearsClue.objects.select_related("worker", "employer"), pk=pk)
    commissions = [
        c for c in Commission.objects.order_by("pk") if covers(c.region_id, clue.region_id)
    ]
    error = ""
    if request.method == "POST":
        chosen = request.POST.get("commission", "")
        commission = next((c for c in commissions if str(c.pk) == chosen), None)
        if commission is None:
            error = _("Choose the commission that takes the case.")
        else:
            try:
                filing = services.transfer_clue(
                    clue, commission=commission, by=request.user, request=request
                )
            except services.DisputeError as refused:
                error = str(refused)
            else:
                messages.success(request, _("The clue has been transferred to arbitration."))
                return redirect("disputes:detail", filing.dispute.pk)
    context = {
        "clue": clue,
        "commissions": commissions,
        "error": error,
        "title": _("Transfer the clue to arbitration"),
    }
    return render(request, "disputes/clue_transfer.html", context, status=400 if error else 200)


def _dispute(pk: int) -> Dispute:
    return get_object_or_404(figures.with_related(Dispute.objects.all()), pk=pk)


def _timeline(dispute: Dispute) -> list[tuple[date, str]]:
    events = [(dispute.filed_on, _("filed"))]
    for m in dispute.mediations.all():
        events.append(
            (m.started_on, f"{_('mediation')}：{m.get_mediator_kind_display()} {m.mediator_name}")
        )
        if m.closed_on:
            events.append((m.closed_on, f"{_('mediation')}：{m.get_outcome_display()}"))
    for field, label in (
        ("received_on", _("arbitration application received on")),
        ("complete_on", _("application complete on")),
        ("accepted_on", _("accepted on")),
        ("refused_on", _("refused on")),
        ("copy_served_on", _("copy served to the respondent on")),
        ("defence_on", _("defence received on")),
        ("tribunal_on", _("tribunal formed on")),
        ("hearing_on", _("hearing on")),
        ("awarded_on", _("awarded on")),
    ):
        if getattr(dispute, field):
            events.append((getattr(dispute, field), label))
    if dispute.interrupted_on:
        label = _("limitation interrupted on")
        events.append((dispute.interrupted_on, f"{label}：{dispute.interruption}"))
    if dispute.withdrawn_on:
        label = _("application withdrawn on")
        events.append((dispute.withdrawn_on, f"{label}：{dispute.withdrawal_reason}"))
    for s in dispute.suspensions.all():
        events.append((s.started_on, f"{_('suspended on')}：{s.reason}"))
        if s.ended_on:
            events.append((s.ended_on, _("resumed on")))
    return sorted(events, key=lambda e: e[0])


STEPS_BY_STAGE = {
    Stage.FILED: ["mediate", "apply", "join", "agent", "agent_remove", "agent_replace", "withdraw"],
    Stage.MEDIATING: ["agree", "fail", "join", "agent", "agent_remove", "agent_replace"],
    Stage.MEDIATED: ["review", "review_extend", "review_decide"],
    Stage.INCOMPLETE: ["complete", "join", "agent", "agent_remove", "agent_replace", "withdraw"],
    Stage.APPLIED: [
        "accept",
        "refuse",
        "join",
        "agent",
        "agent_remove",
        "agent_replace",
        "withdraw",
    ],
    Stage.ACCEPTED: [
        "tribunal",
        "hearing",
        "defence",
        "suspend",
        "restart",
        "extend",
        "award",
        "join",
        "representatives",
        "agent",
        "agent_remove",
        "agent_replace",
        "ordinary",
        "withdraw",
    ],
    Stage.HEARING: [
        "tribunal",
        "hearing",
        "defence",
        "suspend",
        "restart",
        "extend",
        "award",
        "join",
        "representatives",
        "agent",
        "agent_remove",
        "agent_replace",
        "ordinary",
        "withdraw",
    ],
    Stage.SUSPENDED: ["resume", "extend", "withdraw"],
}


def _step_applies(name: str, dispute: Dispute) -> bool:
    pending_review = any(r.outcome == "pending" for r in dispute.reviews.all())
    if name == "representatives":
        return dispute.is_collective
    if name in ("agent_remove", "agent_replace"):
        return any(p.role == "agent" and p.is_acting for p in dispute.parties.all())
    if name == "ordinary":
        return dispute.procedure == "simple"
    if name == "review":
        return not any(r.outcome != "rejected" for r in dispute.reviews.all()) and any(
            m.outcome == "agreed" and m.mediator_kind != "commission"
            for m in dispute.mediations.all()
        )
    if name in ("review_extend", "review_decide"):
        return pending_review
    return True


@login_required
@require_safe
def dispute_detail(request, pk: int):
    dispute = _dispute(pk)
    today = timezone.localdate()
    items = figures.case_deadlines(dispute, today=today)
    steps = [
        (name, STEP_FORMS[name](dispute=dispute, prefix=name))
        for name in STEPS_BY_STAGE.get(dispute.stage, [])
        if _step_applies(name, dispute)
    ]
    aid_steps = []
    for aid in dispute.legal_aid.all():
        if aid.decision == "pending":
            aid_steps.append((aid, "aid_decide", STEP_FORMS["aid_decide"](prefix="aid_decide")))
        elif aid.decision == "granted" and not aid.assigned_on:
            aid_steps.append((aid, "aid_assign", STEP_FORMS["aid_assign"](prefix="aid_assign")))
    documents = dispute.documents.prefetch_related("services__party").defer("content")
    context = {
        "dispute": dispute,
        "parties": dispute.parties.all(),
        "agents": [p for p in dispute.parties.all() if p.role == "agent"],
        "missing_representatives": services.missing_representatives(dispute),
        "simple": services.simple_qualification(dispute)[0]
        if dispute.stage == Stage.APPLIED
        else None,
        "reviews": [(r, _review_due(r)) for r in dispute.reviews.all()],
        "claims": dispute.claims.all(),
        "timeline": _timeline(dispute),
        "deadlines": [(d, d.state(today)) for d in items],
        "next": figures.next_deadline(items),
        "steps": steps,
        "aid_form": STEP_FORMS["aid"](prefix="aid"),
        "aid_steps": aid_steps,
        "documents": documents,
        "evidence": dispute.evidence.select_related("party", "submitted_by").defer("content"),
        "serve_form": ServeForm(),
        "appeal_windows": services.appeal_windows(dispute) if dispute.awarded_on else [],
        "today": today,
        "title": dispute.case_number,
    }
    return render(request, "disputes/detail.html", context)


def _review_due(review):
    try:
        return services.review_ends(review)
    except services.deadlines.CalendarMissing:
        return None


def _aid(dispute, request) -> LegalAid:
    aid_pk = request.POST.get("aid", "")
    return get_object_or_404(
        LegalAid.objects.filter(dispute=dispute), pk=aid_pk if aid_pk.isdigit() else 0
    )


def _run_step(name, dispute, data, form, request):
    by = request.user
    on = data.get("on")
    kw = {"by": by, "request": request}
    if name == "mediate":
        return services.start_mediation(dispute, **data, **kw)
    if name == "agree":
        return services.record_mediation_agreement(
            dispute, on=on, amount=data["amount"], terms=data["terms"], **kw
        )
    if name == "fail":
        return services.record_mediation_failure(
            dispute, on=on, party_declined=data["party_declined"], **kw
        )
    if name == "apply":
        return services.apply_for_arbitration(
            dispute, received_on=data["received_on"], missing=data["missing"], **kw
        )
    if name == "complete":
        return services.complete_application(dispute, on=on, **kw)
    if name == "accept":
        return services.accept_dispute(
            dispute,
            on=on,
            simple_procedure=data["simple_procedure"],
            parties_agree=data["parties_agree"],
            **kw,
        )
    if name == "refuse":
        return services.refuse_dispute(dispute, on=on, reason=data["reason"], **kw)
    if name == "defence":
        return services.record_defence(dispute, on=on, text=data["text"], **kw)
    if name == "ordinary":
        return services.to_ordinary_procedure(dispute, reason=data["reason"], **kw)
    if name == "join":
        worker = Worker.objects.filter(
            **hash_filter(Worker, "id_number", data["id_number"])
        ).first()
        if worker is None:
            raise services.DisputeError(_("No registered worker in your area has this ID number."))
        return services.add_applicant(dispute, worker, on=on, **kw)
    if name == "representatives":
        workers = [p.worker for p in data["representatives"]]
        return services.set_representatives(dispute, workers, **kw)
    if name == "agent":
        return services.add_agent(
            dispute,
            data["principal"],
            data["file"],
            kind=data["kind"],
            name=data["name"],
            phone=data["phone"],
            **kw,
        )
    if name == "agent_remove":
        return services.remove_agent(data["agent"], reason=data["reason"], **kw)
    if name == "withdraw":
        return services.withdraw_dispute(dispute, on=on, reason=data["reason"], **kw)
    if name == "agent_replace":
        return services.replace_agent(
            data["agent"],
            data["file"],
            kind=data["kind"],
            name=data["name"],
            phone=data["phone"],
            reason=data["reason"],
            **kw,
        )
    if name == "review":
        return services.apply_for_review(dispute, on=on, accepted_on=data["accepted_on"], **kw)
    if name == "review_extend":
        return services.extend_review(dispute, **kw)
    if name == "review_decide":
        return services.decide_review(
            dispute,
            on=on,
            confirmed=data["confirmed"],
            reason=data["reason"],
            reviewer=data["reviewer"],
            **kw,
        )
    if name == "tribunal":
        chosen = list(data["arbitrators"])
        order = request.POST.getlist(f"{name}-arbitrators")
        chosen.sort(key=lambda a: order.index(str(a.pk)) if str(a.pk) in order else 99)
        return services.form_tribunal(dispute, arbitrators=chosen, on=on, **kw)
    if name == "hearing":
        return services.schedule_hearing(dispute, **data, **kw)
    if name == "extend":
        return services.extend_award_limit(dispute, **kw)
    if name == "suspend":
        return services.suspend_dispute(dispute, on=on, reason=data["reason"], **kw)
    if name == "resume":
        return services.resume_dispute(dispute, on=on, **kw)
    if name == "restart":
        return services.restart_clock(dispute, on=on, reason=data["reason"], **kw)
    if name == "award":
        return services.issue_award(dispute, on=on, awarded=form.awarded(), **kw)
    if name == "aid":
        destination = None
        if data["destination"]:
            destination = Region.tree.filter(code=data["destination"]).first()
            if destination is None:
                raise services.DisputeError(_("No area has this code."))
        return services.refer_legal_aid(
            dispute, centre=data["centre"], on=on, destination=destination, **kw
        )
    if name == "aid_decide":
        return services.decide_legal_aid(
            _aid(dispute, request), on=on, granted=data["granted"], **kw
        )
    if name == "aid_assign":
        return services.assign_lawyer(_aid(dispute, request), on=on, lawyer=data["lawyer"], **kw)
    raise Http404


@login_required
@require_POST
@writers_only
def dispute_step(request, pk: int, step: str):
    dispute = _dispute(pk)
    if step not in STEP_FORMS:
        raise Http404
    form = STEP_FORMS[step](request.POST, request.FILES, dispute=dispute, prefix=step)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
        return redirect("disputes:detail", dispute.pk)
    try:
        _run_step(step, dispute, dict(form.cleaned_data), form, request)
    except services.DisputeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("disputes:detail", dispute.pk)


@login_required
@require_safe
def document_download(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("dispute__commission"), pk=pk)
    as_pdf = request.GET.get("format") == "pdf"
    services.log_document_read(document, by=request.user, request=request, as_pdf=as_pdf)
    content, content_type, filename = services.document_file(document, as_pdf)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def authorisation_open(request, pk: int):
    agent = get_object_or_404(
        Party.objects.filter(role="agent", authorisation__isnull=False).select_related("dispute"),
        pk=pk,
    )
    services.log_authorisation_read(agent, by=request.user, request=request)
    response = HttpResponse(bytes(agent.authorisation), content_type=agent.authorisation_type)
    response["Content-Disposition"] = f'attachment; filename="agent-{agent.pk}-authorisation"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
@writers_only
def document_serve(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("dispute"), pk=pk)
    form = ServeForm(request.POST, dispute=document.dispute)
    if form.is_valid():
        party = get_object_or_404(
            Party.objects.filter(dispute=document.dispute), pk=form.cleaned_data["party"]
        )
        try:
            services.serve_document(
                document,
                party,
                method=form.cleaned_data["method"],
                on=form.cleaned_data["on"],
                by=request.user,
                request=request,
            )
        except services.DisputeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Service recorded."))
    else:
        messages.error(request, _("Choose the method and the date of service."))
    return redirect("disputes:detail", document.dispute_id)


@login_required
@require_safe
def deadlines_board(request):
    disputes = Dispute.objects.all()
    commission = request.GET.get("commission", "")
    if commission.isdigit():
        disputes = disputes.filter(commission_id=int(commission))
    arbitrator = request.GET.get("arbitrator", "")
    if arbitrator.isdigit():
        disputes = disputes.filter(tribunal__arbitrator_id=int(arbitrator))
    rows = figures.board(disputes, timezone.localdate())
    context = {
        "rows": rows,
        "commissions": Commission.objects.all(),
        "arbitrators": Arbitrator.objects.select_related("commission"),
        "commission": commission,
        "arbitrator": arbitrator,
        "overdue": sum(1 for r in rows if r[2] == "overdue"),
        "soon": sum(1 for r in rows if r[2] == "soon"),
        "title": _("Deadlines board"),
    }
    return render(request, "disputes/board.html", context)


@login_required
@require_safe
def dispute_figures(request):
    year = _year(request)
    by = request.GET.get("by", "commission")
    if by not in ("commission", "county", "month"):
        by = "commission"
    rows = figures.table(Dispute.objects.all(), year, by)
    names = {}
    if by == "commission":
        names = {str(c.pk): c.title for c in Commission.objects.all()}
    elif by == "county":
        names = dict(Region.tree.filter(code__in=[r.key for r in rows]).values_list("code", "name"))
    else:
        names = {r.key: f"{year} 年 {int(r.key)} 月" for r in rows}
    context = {
        "rows": [(r, names.get(r.key, r.key)) for r in rows],
        "total": figures.totals(rows),
        "year": year,
        "by": by,
        "title": _("Dispute figures"),
    }
    return render(request, "disputes/figures.html", context)


@login_required
def holiday_years(request):
    form = HolidayYearForm(request.POST or None)
    if request.method == "POST":
        if not request.user.can_write:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_holiday_year(
                    year=data["year"],
                    source=data["source"],
                    off=data["off_days"],
                    working=data["working_days"],
                    by=request.user,
                    request=request,
                )
            except services.DisputeError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Holiday arrangement saved."))
                return redirect("disputes:holidays")
    context = {
        "years": HolidayYear.objects.prefetch_related("days"),
        "form": form,
        "may_add": request.user.is_superuser
        or (request.user.is_area_admin and len(request.user.region_id or "xxxxxx") <= 4),
        "title": _("Holiday arrangements"),
    }
    return render(request, "disputes/holidays.html", context)


@login_required
def average_wages(request):
    """The provinces' average wages the simple procedure is measured against: the area's own
    province's figures, and the form for its city or provincial administrators."""
    province = province_of(request.user.region_id) if request.user.region_id else ""
    form = AverageWageForm(request.POST or None, initial={"region_code": province})
    may_save = services.may_save_average_wage(request.user, province)
    if request.method == "POST":
        if not request.user.can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_average_wage(**form.cleaned_data, by=request.user, request=request)
            except services.DisputeError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Average wage saved."))
                return redirect("disputes:average-wages")
    context = {
        "rows": AverageWage.objects.of_area(request.area).select_related("updated_by"),
        "form": form,
        "may_save": may_save,
        "title": _("Average wages"),
    }
    return render(request, "disputes/average_wages.html", context)


@login_required
@require_POST
@writers_only
def evidence_add(request, pk: int):
    dispute = _dispute(pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a photo or a PDF file."))
        return redirect("disputes:detail", dispute.pk)
    party = None
    party_pk = request.POST.get("party", "")
    if party_pk.isdigit():
        party = get_object_or_404(Party.objects.filter(dispute=dispute), pk=int(party_pk))
    try:
        services.add_evidence(
            dispute,
            upload,
            description=request.POST.get("description", "")[:200],
            party=party,
            by=request.user,
            request=request,
        )
    except services.DisputeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evidence added."))
    return redirect("disputes:detail", dispute.pk)


@login_required
@require_safe
def evidence_open(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("dispute"), pk=pk)
    services.log_evidence_read(evidence, by=request.user, request=request)
    response = HttpResponse(bytes(evidence.content), content_type=evidence.content_type)
    response["Content-Disposition"] = f'attachment; filename="evidence-{evidence.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
