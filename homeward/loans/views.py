"""Staff pages of startup loans: the list and register, an application, a loan with its steps,
schedule and subsidy, the bank's repayment file. Thin: scoped lookup (404 outside the area) →
form → one service call."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.workers.models import Worker

from . import register, services
from .forms import LoanForm, RepaymentFileForm, StepForm
from .models import Instalment, Loan

STEP_OF = {
    Loan.Status.APPLIED: "review",
    Loan.Status.REVIEWED: "guarantee",
    Loan.Status.GUARANTEED: "bank",
    Loan.Status.APPROVED: "disburse",
}


def _list_url(**filters) -> str:
    return reverse("loans:list") + "?" + urlencode(filters)


@login_required
@require_safe
def loan_list(request):
    rows = Loan.objects.select_related("worker", "employer", "lender", "fund", "region")
    shown = {}
    for name in ("status", "lender", "fund", "kind"):
        value = request.GET.get(name, "")
        if value:
            shown[name] = value
            rows = rows.filter(**{name if name in ("status", "kind") else f"{name}_id": value})
    if request.GET.get("overdue"):
        shown["overdue"] = "1"
        rows = rows.filter(instalments__status=Instalment.Status.OVERDUE).distinct()
    if request.GET.get("claimed"):
        shown["claimed"] = "1"
        rows = rows.filter(instalments__claim=Instalment.Claim.CLAIMED).distinct()
    counts = {
        s: Loan.objects.filter(status=s).count() for s in Loan.Status.values
    }  # every status's count opens its list
    return render(
        request,
        "loans/list.html",
        {
            "loans": rows[:500],
            "filtered": shown,
            "counts": [(Loan.Status(s).label, n, _list_url(status=s)) for s, n in counts.items()],
            "title": _("Startup loans"),
        },
    )


@login_required
@require_safe
def loan_register(request):
    return render(
        request,
        "loans/register.html",
        {
            "banks": register.rows_by("lender"),
            "funds": register.rows_by("fund"),
            "title": _("Loan register"),
        },
    )


@login_required
@writers_only
def loan_create(request):
    form = LoanForm(request.POST or None, area=request.area)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = None
        if data["kind"] == Loan.Kind.INDIVIDUAL:
            found = list(Worker.objects.search(data["person"])[:2]) if data["person"] else []
            if len(found) == 1:
                worker = found[0]
            else:
                form.add_error(
                    "person",
                    _("No one of your area is found by this.")
                    if not found
                    else _("More than one person is found: give the ID number."),
                )
        if form.is_valid():
            try:
                loan = services.apply_for_loan(
                    kind=data["kind"],
                    worker=worker,
                    employer=data["employer"],
                    groups=data["groups"],
                    staff=data["staff"],
                    new_eligible_hires=data["new_eligible_hires"],
                    amount=data["amount"],
                    months=data["months"],
                    every=data["every"],
                    method=data["method"],
                    fund=data["fund"],
                    lender=data["lender"],
                    repayment_account=data["repayment_account"],
                    purpose=data["purpose"],
                    by=request.user,
                    request=request,
                )
            except services.LoanError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("The application is recorded."))
                return redirect("loans:detail", pk=loan.pk)
    return render(request, "loans/form.html", {"form": form, "title": _("New loan application")})


def _loan(pk: int) -> Loan:
    return get_object_or_404(
        Loan.objects.select_related("worker", "employer", "lender", "fund", "region"), pk=pk
    )


@login_required
@require_safe
def loan_detail(request, pk: int):
    loan = _loan(pk)
    return render(
        request,
        "loans/detail.html",
        {
            "loan": loan,
            "steps": loan.steps.select_related("by"),
            "instalments": loan.instalments.all(),
            "repayments": loan.repayments.all(),
            "next_step": STEP_OF.get(loan.status),
            "step_form": StepForm(),
            "claimable": services.claimable(loan).count(),
            "caps": services.caps_at(loan.region_id),
            "title": str(loan),
        },
    )


@login_required
@writers_only
@require_POST
def loan_step(request, pk: int):
    loan = _loan(pk)
    form = StepForm(request.POST)
    step = request.POST.get("step", "")
    if not form.is_valid():
        messages.error(request, _("Check the decision and the numbers."))
        return redirect("loans:detail", pk=loan.pk)
    data, by = form.cleaned_data, request.user
    try:
        if step == "review":
            services.review_loan(
                loan, passed=data["passed"], note=data["note"], by=by, request=request
            )
        elif step == "guarantee":
            services.record_guarantee(
                loan, passed=data["passed"], guarantee_no=data["guarantee_no"],
                note=data["note"], by=by, request=request,
            )  # fmt: skip
        elif step == "bank":
            services.record_bank_approval(
                loan, passed=data["passed"], contract_no=data["contract_no"],
                spread_bp=data["spread_bp"] or 0, ceiling_bp=data["ceiling_bp"],
                note=data["note"], by=by, request=request,
            )  # fmt: skip
        elif step == "disburse":
            services.disburse(loan, disbursed_on=data["disbursed_on"], by=by, request=request)
        else:
            messages.error(request, _("Unknown step."))
            return redirect("loans:detail", pk=loan.pk)
    except services.LoanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded."))
    return redirect("loans:detail", pk=loan.pk)


@login_required
@writers_only
@require_POST
def loan_claim(request, pk: int):
    """Claim the interest subsidy of every period repaid on time and not yet claimed."""
    loan = _loan(pk)
    done = 0
    for instalment in services.claimable(loan):
        try:
            result = services.claim_interest_subsidy(instalment, by=request.user, request=request)
        except services.LoanError as error:
            messages.error(request, str(error))
            continue
        if result.claim == Instalment.Claim.CLAIMED:
            done += 1
        else:
            messages.warning(request, f"第 {result.number} 期：{result.claim_note}")
    messages.success(request, _("%(n)d periods claimed.") % {"n": done})
    return redirect("loans:detail", pk=loan.pk)


@login_required
@writers_only
def repayments_import(request):
    form = RepaymentFileForm(request.POST or None, request.FILES or None, area=request.area)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = services.import_repayments(
            form.cleaned_data["lender"],
            upload.read(),
            upload.name,
            by=request.user,
            request=request,
        )
        if report.ok:
            messages.success(
                request,
                _("%(new)d repayments imported, %(same)d already there.")
                % {"new": report.new, "same": report.unchanged},
            )
    return render(
        request,
        "loans/import.html",
        {
            "form": form,
            "report": report,
            "columns": services.sheet.COLUMNS,
            "title": _("Import repayments"),
        },
    )
