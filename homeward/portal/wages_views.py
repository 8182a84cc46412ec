"""The worker's wage pages (/m/wages): attendance and pay per month and project, a one-tap
"not paid" that opens an arrears clue already filled, and the clues' progress.

Read through ownership filters on the base managers: the roster lines bound to this person's
registry record (by the record, or by the ID number's keyed hash), their own clues."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.wages import services
from homeward.wages.models import (
    ArrearsClue,
    Attendance,
    ClueEvidence,
    PayrollEntry,
    RosterEntry,
)
from homeward.workers.models import Worker

from .identity import worker_required
from .views import _render


def _entries(worker):
    id_hash = Worker._base_manager.filter(pk=worker.pk).values_list("id_number_hash", flat=True)
    return RosterEntry._base_manager.filter(
        Q(worker_id=worker.pk) | Q(id_number_hash__in=id_hash)
    ).select_related("project", "project__contractor")


def _months(entry):
    """(month, days, paid, payments) of the roster line, newest month first."""
    days = {}
    for month, value in (
        Attendance._base_manager.filter(entry=entry).order_by("pk").values_list("month", "days")
    ):
        days[month] = value  # the newest entry of a month counts (a correction)
    paid = dict(
        PayrollEntry._base_manager.filter(entry=entry)
        .values("month")
        .annotate(total=Sum("net_paid"))
        .values_list("month", "total")
    )
    months = sorted(set(days) | set(paid), reverse=True)
    return [
        {"month": m, "days": days.get(m), "paid": paid.get(m), "due": _due(entry, days.get(m))}
        for m in months
    ]


def _due(entry, days):
    if not days:
        return None
    if entry.wage_basis == "day":
        return (entry.agreed_wage * days).quantize(Decimal("0.01"))
    share = min(Decimal(1), days / Decimal("21.75"))
    return (entry.agreed_wage * share).quantize(Decimal("0.01"))


@worker_required
def my_wages(request):
    projects = [{"entry": e, "months": _months(e)} for e in _entries(request.worker)]
    clues = ArrearsClue._base_manager.filter(worker_id=request.worker.pk).select_related("region")
    return _render(
        request,
        "portal/wages.html",
        {"projects": projects, "clues": clues, "tab": "me", "title": _("My wages")},
    )


@require_POST
@worker_required
def not_paid(request):
    """One tap on a month: a clue about that project and month, the amount still due."""
    entry = get_object_or_404(_entries(request.worker), pk=request.POST.get("entry") or 0)
    try:
        month = date.fromisoformat(request.POST.get("month", ""))
    except ValueError:
        messages.error(request, _("Choose the month that was not paid."))
        return redirect("portal:wages")
    row = next((m for m in _months(entry) if m["month"] == month), None)
    if row is None or not row["due"]:
        messages.error(request, _("No attendance is recorded for that month."))
        return redirect("portal:wages")
    amount = row["due"] - (row["paid"] or 0)
    if amount <= 0:
        messages.error(request, _("That month is paid in full by the records."))
        return redirect("portal:wages")
    worker = Worker._base_manager.get(pk=request.worker.pk)
    clue = services.report_unpaid(
        worker,
        project=entry.project,
        month=month,
        amount=amount,
        description=_("%(month)s: %(days)s days worked, %(paid)s yuan paid.")
        % {"month": f"{month:%Y-%m}", "days": row["days"], "paid": row["paid"] or 0},
        request=request,
    )
    messages.success(
        request,
        _("Reported. Your case number is %(number)s; we will tell you of each step.")
        % {"number": clue.number},
    )
    return redirect("portal:wages-clue", clue.pk)


@worker_required
def clue(request, pk: int):
    found = get_object_or_404(
        ArrearsClue._base_manager.filter(worker_id=request.worker.pk).select_related(
            "region", "project", "employer"
        ),
        pk=pk,
    )
    evidence = (
        ClueEvidence._base_manager.filter(clue=found).defer("content").order_by("submitted_at")
    )
    return _render(
        request,
        "portal/wages_clue.html",
        {"clue": found, "evidence": evidence, "tab": "me", "title": found.number},
    )


def _own_clue(request, pk: int) -> ArrearsClue:
    return get_object_or_404(ArrearsClue._base_manager.filter(worker_id=request.worker.pk), pk=pk)


@require_POST
@worker_required
def clue_evidence(request, pk: int):
    """A photo, payslip, chat screenshot or PDF for the worker's own clue."""
    found = _own_clue(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a photo or a PDF file."))
        return redirect("portal:wages-clue", found.pk)
    try:
        services.add_clue_evidence(
            found,
            upload,
            description=request.POST.get("description", "")[:200],
            worker=request.worker,
            request=request,
        )
    except services.WageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evidence added."))
    return redirect("portal:wages-clue", found.pk)


@require_POST
@worker_required
def clue_card(request, pk: int):
    """The bank card the recovered wages should go to (stored encrypted, shown masked)."""
    found = _own_clue(request, pk)
    try:
        services.set_bank_card(
            found, request.POST.get("bank_card", ""), worker=request.worker, request=request
        )
    except services.WageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Bank card recorded."))
    return redirect("portal:wages-clue", found.pk)


@worker_required
def report(request):
    """A report of unpaid wages with real name, for work not on a roster the worker sees: the
    project or employer searched by name or code (`?q=`), the period, the amount, what happened,
    the bank card and a first piece of evidence."""
    from homeward.employers.models import Employer
    from homeward.wages.models import Project

    q = (request.GET.get("q") or request.POST.get("q") or "").strip()[:60]
    projects = employers = []
    if len(q) >= 2:
        projects = list(
            Project._base_manager.filter(Q(code=q) | Q(name__icontains=q))
            .select_related("contractor")
            .order_by("name")[:10]
        )
        employers = list(
            Employer._base_manager.filter(Q(uscc=q.upper()) | Q(name__icontains=q)).order_by(
                "name"
            )[:10]
        )
    errors = []
    if request.method == "POST":
        project = employer = None
        if (request.POST.get("project") or "").isdigit():
            project = Project._base_manager.filter(pk=int(request.POST["project"])).first()
        if (request.POST.get("employer") or "").isdigit():
            employer = Employer._base_manager.filter(pk=int(request.POST["employer"])).first()
        try:
            amount = Decimal(request.POST.get("amount") or "0")
        except ArithmeticError:
            amount = Decimal(0)
        try:
            month = date.fromisoformat((request.POST.get("month") or "") + "-01")
        except ValueError:
            month = None
        worker = Worker._base_manager.get(pk=request.worker.pk)
        try:
            found = services.report_unpaid(
                worker,
                project=project,
                employer=employer,
                month=month,
                amount=amount if amount.is_finite() else Decimal(0),
                description=(request.POST.get("description") or "")[:2000],
                construction=request.POST.get("construction") == "1",
                bank_card=request.POST.get("bank_card", ""),
                request=request,
            )
        except services.WageError as error:
            errors.append(str(error))
        else:
            upload = request.FILES.get("file")
            if upload is not None:
                try:
                    services.add_clue_evidence(
                        found, upload, worker=request.worker, request=request
                    )
                except services.WageError as error:
                    messages.error(request, str(error))
            messages.success(
                request,
                _("Reported. Your case number is %(number)s; we will tell you of each step.")
                % {"number": found.number},
            )
            return redirect("portal:wages-clue", found.pk)
    return _render(
        request,
        "portal/wages_report.html",
        {
            "q": q,
            "projects": projects,
            "employers": employers,
            "errors": errors,
            "post": request.POST,
            "tab": "me",
            "title": _("Report unpaid wages"),
        },
    )
