"""Staff pages of wage protection: projects with their warnings by colour, a project's page
(prerequisites in red until complete, uploads, roster, warnings), the warnings and cases list,
a case with its actions, arrears clues, the blacklist. Thin: lookup → form → one service call."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.audit.services import log_action
from homeward.crypto import ID_NUMBER, lookup_hash
from homeward.employers.models import Employer
from homeward.regions.codes import covers, is_code
from homeward.scoping import limit_to_area
from homeward.workers.models import Worker

from . import services
from .forms import (
    ActionForm,
    BankCardForm,
    ClueMoveForm,
    ClueReportForm,
    DecideListingForm,
    EvidenceForm,
    ObjectionForm,
    ProjectForm,
    ProposeListingForm,
    RemoveListingForm,
    ReplyForm,
    SupervisionForm,
    UploadForm,
)
from .models import (
    CLUE_MOVES,
    EVIDENCE_TYPES,
    ArrearsClue,
    BlacklistEntry,
    CaseState,
    ClueEvidence,
    ClueState,
    Level,
    ListingState,
    Project,
    RosterEntry,
    WageCase,
    WageWarning,
    WarningState,
)
from .rules import RULE_NAMES

PAGE_SIZE = 50


def _open_counts(queryset):
    open_q = Q(warnings__state=WarningState.OPEN)
    return queryset.annotate(
        red=Count("warnings", filter=open_q & Q(warnings__level=Level.RED)),
        orange=Count("warnings", filter=open_q & Q(warnings__level=Level.ORANGE)),
        yellow=Count("warnings", filter=open_q & Q(warnings__level=Level.YELLOW)),
    )


@login_required
@require_safe
def project_list(request):
    projects = _open_counts(Project.objects.select_related("region", "contractor")).order_by(
        "-red", "-orange", "-yellow", "code"
    )
    county = request.GET.get("county", "")
    if is_code(county):
        projects = limit_to_area(projects, county)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "wages/projects.html", {"page": page, "title": _("Construction projects")}
    )


def _project(pk: int) -> Project:
    return get_object_or_404(Project.objects.select_related("region", "contractor"), pk=pk)


@login_required
@require_safe
def project_detail(request, pk: int):
    return _detail(request, _project(pk))


def _detail(request, project, upload_form=None, report=None):
    warnings = WageWarning.objects.filter(project=project, state=WarningState.OPEN).select_related(
        "entry", "case"
    )
    roster = RosterEntry.objects.filter(project=project)
    context = {
        "project": project,
        "prerequisites": project.prerequisites(),
        "warnings": warnings,
        "rule_names": RULE_NAMES,
        "roster_count": roster.count(),
        "on_site": roster.filter(left_on__isnull=True).count(),
        "paid_total": project.payroll.aggregate(total=Sum("net_paid"))["total"],
        "payroll_count": project.payroll.count(),
        "upload_form": upload_form or UploadForm(),
        "report": report,
        "risk": services.risk_of([project])[project.pk],
        "inspections": project.inspections.all(),
        "title": project.name,
    }
    return render(request, "wages/project.html", context)


@login_required
@writers_only
def project_create(request):
    return _edit(request, Project())


@login_required
@writers_only
def project_edit(request, pk: int):
    return _edit(request, _project(pk))


def _edit(request, project):
    form = ProjectForm(request.POST or None, request.FILES or None, instance=project)
    if request.method == "POST" and form.is_valid():
        project = services.save_project(form, by=request.user, request=request)
        messages.success(request, _("Project saved."))
        return redirect("wages:project", project.pk)
    return render(
        request,
        "wages/project_form.html",
        {"form": form, "project": project, "title": _("Construction project")},
    )


@login_required
@require_POST
@writers_only
def project_upload(request, pk: int):
    project = _project(pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, project, upload_form=form)
    upload = form.cleaned_data["file"]
    try:
        report = services.import_sheet(
            project,
            form.cleaned_data["kind"],
            upload.read(),
            upload.name,
            by=request.user,
            request=request,
        )
    except services.WageError as error:
        form.add_error("file", str(error))
        return _detail(request, project, upload_form=form)
    if report.written:
        messages.success(request, report.summary())
        services.scan_project(project)
        return redirect("wages:project", project.pk)
    return _detail(request, project, upload_form=form, report=report)


@login_required
@require_POST
@writers_only
def project_scan(request, pk: int):
    project = _project(pk)
    result = services.scan_project(project)
    messages.success(
        request,
        _("Checked: %(raised)s new warnings, %(cleared)s cleared by the data.")
        % {"raised": result.raised, "cleared": result.cleared},
    )
    return redirect("wages:project", project.pk)


@login_required
@require_safe
def case_list(request):
    cases = WageCase.objects.select_related("warning__project", "warning__entry", "owner")
    state = request.GET.get("state", CaseState.OPEN)
    level = request.GET.get("level", "")
    if state in CaseState.values:
        cases = cases.filter(state=state)
    if level in Level.values:
        cases = cases.filter(warning__level=level)
    project = request.GET.get("project", "")
    if project.isdigit():
        cases = cases.filter(warning__project_id=int(project))
    page = Paginator(cases.order_by("due_on", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "level": level,
        "levels": Level.choices,
        "states": CaseState.choices,
        "rule_names": RULE_NAMES,
        "today": timezone.localdate(),
        "title": _("Wage warnings and cases"),
    }
    return render(request, "wages/cases.html", context)


def _case(pk: int) -> WageCase:
    return get_object_or_404(
        WageCase.objects.select_related("warning__project", "warning__entry", "owner"), pk=pk
    )


@login_required
@require_safe
def case_detail(request, pk: int):
    return _case_page(request, _case(pk), ActionForm())


def _case_page(request, case, form):
    return render(
        request,
        "wages/case.html",
        {
            "case": case,
            "warning": case.warning,
            "actions": case.actions.select_related("by"),
            "form": form,
            "rule_names": RULE_NAMES,
            "title": _("Wage case"),
        },
    )


@login_required
@require_POST
@writers_only
def case_act(request, pk: int):
    case = _case(pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["kind"] == "take":
                services.take_case(case, by=request.user, request=request)
            else:
                services.record_action(
                    case,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                    pay_by=form.cleaned_data["pay_by"],
                    amount=form.cleaned_data["amount"],
                    by=request.user,
                    request=request,
                )
        except services.WageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Action recorded."))
            return redirect("wages:case", case.pk)
    return _case_page(request, case, form)


@login_required
@require_POST
@writers_only
def case_take(request, pk: int):
    case = _case(pk)
    try:
        services.take_case(case, by=request.user, request=request)
    except services.WageError as error:
        messages.error(request, str(error))
    return redirect("wages:case", case.pk)


@login_required
@require_safe
def clue_list(request):
    clues = ArrearsClue.objects.select_related("worker", "project", "employer")
    page = Paginator(clues, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "wages/clues.html", {"page": page, "title": _("Arrears clues")})


def _clue(pk: int) -> ArrearsClue:
    return get_object_or_404(
        ArrearsClue.objects.select_related("worker", "project", "employer", "region"), pk=pk
    )


@login_required
@require_safe
def clue_detail(request, pk: int):
    clue = _clue(pk)
    return _clue_page(request, clue, ClueMoveForm())


def _clue_page(request, clue, form, **forms_given):
    moves = CLUE_MOVES.get(clue.state, set())
    form.fields["state"].choices = [
        (v, label) for v, label in form.fields["state"].choices if v in moves
    ]
    area = request.user.region_id or ""
    may_supervise = request.user.is_superuser or (
        bool(area) and area != clue.region_id and covers(area, clue.region_id)
    )
    context = {
        "clue": clue,
        "form": form,
        "listing_form": ProposeListingForm() if _may_propose(clue) else None,
        "evidence": clue.evidence.defer("content"),
        "evidence_form": forms_given.get("evidence_form") or EvidenceForm(),
        "card_form": forms_given.get("card_form") or BankCardForm(),
        "supervisions": clue.supervisions.select_related("office", "issued_by", "replied_by"),
        "supervision_form": (forms_given.get("supervision_form") or SupervisionForm())
        if may_supervise
        else None,
        "reply_form": ReplyForm(),
        "inspections": clue.inspections.select_related("employer"),
        "today": timezone.localdate(),
        "title": _("Arrears clue"),
    }
    return render(request, "wages/clue.html", context)


@login_required
@require_POST
@writers_only
def clue_evidence_add(request, pk: int):
    clue = _clue(pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_clue_evidence(
                clue,
                form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                by=request.user,
                request=request,
            )
        except services.WageError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Evidence added."))
            return redirect("wages:clue", clue.pk)
    return _clue_page(request, clue, ClueMoveForm(), evidence_form=form)


@login_required
@require_safe
def clue_evidence_open(request, pk: int):
    """One piece of evidence, as handed in; every opening is audited."""
    evidence = get_object_or_404(ClueEvidence.objects.select_related("clue"), pk=pk)
    services.log_evidence_read(evidence, by=request.user, request=request)
    response = HttpResponse(bytes(evidence.content), content_type=evidence.content_type)
    extension = EVIDENCE_TYPES.get(evidence.content_type, "")
    response["Content-Disposition"] = (
        f'attachment; filename="clue-evidence-{evidence.pk}{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
@writers_only
def clue_card(request, pk: int):
    clue = _clue(pk)
    form = BankCardForm(request.POST)
    if form.is_valid():
        try:
            services.set_bank_card(
                clue, form.cleaned_data["bank_card"], by=request.user, request=request
            )
        except services.WageError as error:
            form.add_error("bank_card", str(error))
        else:
            messages.success(request, _("Bank card recorded."))
            return redirect("wages:clue", clue.pk)
    return _clue_page(request, clue, ClueMoveForm(), card_form=form)


@login_required
@require_POST
def clue_card_reveal(request, pk: int):
    """The full card number for a user who may see personal data (audited), else refused."""
    clue = _clue(pk)
    number = services.reveal_bank_card(clue, by=request.user, request=request)
    messages.info(request, _("Bank card number: %(number)s") % {"number": number})
    return redirect("wages:clue", clue.pk)


@login_required
@writers_only
def clue_create(request):
    """A clue recorded at a window or from the hotline, for a person of the registry."""
    form = ClueReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = Worker.objects.filter(
            id_number_hash=lookup_hash(ID_NUMBER, data["id_number"])
        ).first()
        project = (
            Project.objects.filter(code=data["project_code"].strip()).first()
            if data["project_code"].strip()
            else None
        )
        employer = (
            Employer._base_manager.filter(uscc=data["employer_code"].strip().upper()).first()
            if data["employer_code"].strip()
            else None
        )
        if worker is None:
            form.add_error("id_number", _("No person of your area has this ID number."))
        if data["project_code"].strip() and project is None:
            form.add_error("project_code", _("No project of your area has this code."))
        if data["employer_code"].strip() and employer is None:
            form.add_error("employer_code", _("No employer has this credit code."))
        if not form.errors:
            try:
                clue = services.report_unpaid(
                    worker,
                    project=project,
                    employer=employer,
                    month=data["month"].replace(day=1) if data["month"] else None,
                    amount=data["amount"],
                    description=data["description"],
                    construction=data["construction"],
                    people=data["people"],
                    bank_card=data["bank_card"],
                    by=request.user,
                    request=request,
                )
            except services.WageError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Recorded; the worker has been told the number."))
                return redirect("wages:clue", clue.pk)
    return render(
        request, "wages/clue_form.html", {"form": form, "title": _("Record an arrears clue")}
    )


def _may_propose(clue) -> bool:
    """The blacklist is proposed only after an order to pay has expired unpaid."""
    return (
        clue.state == ClueState.ORDERED
        and clue.pay_by is not None
        and clue.pay_by < timezone.localdate()
        and (clue.employer_id or clue.project_id) is not None
    )


@login_required
@require_POST
@writers_only
def clue_propose_listing(request, pk: int):
    clue = _clue(pk)
    form = ProposeListingForm(request.POST)
    if not _may_propose(clue):
        messages.error(request, _("Only after the order to pay has expired unpaid."))
    elif not form.is_valid():
        messages.error(request, _("Write down the grounds."))
    else:
        try:
            services.propose_listing(
                clue.employer or clue.project.contractor,
                grounds=form.cleaned_data["grounds"],
                amount_unpaid=clue.amount_claimed - (clue.amount_recovered or 0),
                people=clue.people,
                order_expired_on=clue.pay_by,
                serious_incident=form.cleaned_data["serious_incident"],
                clue=clue,
                by=request.user,
                request=request,
            )
        except services.WageError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The employer is notified of the intended listing."))
            return redirect("wages:blacklist")
    return redirect("wages:clue", clue.pk)


@login_required
@require_POST
@writers_only
def clue_move(request, pk: int):
    clue = _clue(pk)
    form = ClueMoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_clue(
                clue,
                form.cleaned_data["state"],
                pay_by=form.cleaned_data["pay_by"],
                amount_recovered=form.cleaned_data["amount_recovered"],
                by=request.user,
                request=request,
            )
        except services.WageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The report moved on; the worker has been told."))
            return redirect("wages:clue", clue.pk)
    return _clue_page(request, clue, form)


@login_required
@require_safe
def blacklist(request):
    entries = BlacklistEntry.objects.select_related("employer")
    return render(
        request,
        "wages/blacklist.html",
        {
            "entries": entries,
            "objection_form": ObjectionForm(),
            "decide_form": DecideListingForm(),
            "remove_form": RemoveListingForm(),
            "notified": ListingState.NOTIFIED,
            "listed": ListingState.LISTED,
            "title": _("Arrears blacklist"),
        },
    )


def _listing_step(request, pk, form_class, call):
    entry = get_object_or_404(BlacklistEntry, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("wages:blacklist")
    try:
        call(entry, form.cleaned_data)
    except services.WageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded."))
    return redirect("wages:blacklist")


@login_required
@require_POST
@writers_only
def listing_object(request, pk: int):
    return _listing_step(
        request,
        pk,
        ObjectionForm,
        lambda entry, data: services.record_objection(
            entry, data["objection"], by=request.user, request=request
        ),
    )


@login_required
@require_POST
@writers_only
def listing_decide(request, pk: int):
    return _listing_step(
        request,
        pk,
        DecideListingForm,
        lambda entry, data: services.decide_listing(
            entry,
            list_it=data["list_it"],
            paid_with_pledge=data["paid_with_pledge"],
            by=request.user,
            request=request,
        ),
    )


@login_required
@require_POST
@writers_only
def listing_extend(request, pk: int):
    """Extend the decision period once, by 20 working days (art. 8)."""
    entry = get_object_or_404(BlacklistEntry, pk=pk)
    try:
        services.extend_decision(entry, by=request.user, request=request)
    except services.WageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded."))
    return redirect("wages:blacklist")


@login_required
@require_POST
@writers_only
def listing_remove(request, pk: int):
    return _listing_step(
        request,
        pk,
        RemoveListingForm,
        lambda entry, data: services.remove_listing(
            entry,
            corrected_on=data["corrected_on"],
            pledge=data["pledge"],
            by=request.user,
            request=request,
        ),
    )


@login_required
@require_safe
def blacklist_export(request):
    """The list for the credit system (信用平台): employers listed or removed, no people."""
    entries = BlacklistEntry.objects.select_related("employer")
    log_action("wages.blacklist.exported", request=request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["单位名称", "统一社会信用代码", "列入日期", "移出日期", "状态", "事由"])
    for e in entries.filter(state__in=["listed", "removed"]):
        writer.writerow(
            [
                e.employer.name,
                e.employer.uscc,
                e.decided_on or "",
                e.removed_on or e.listed_until or "",
                e.get_state_display(),
                e.grounds,
            ]
        )
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="arrears-blacklist.csv"'
    return response
