"""The employer's monthly labour-contract report on the employer portal (/e/contracts): its
headcount and contracts signed, through the same service the staff page calls
(`employers.contracts.report_contracts`). Portal requests have no area: the reports are read
through the ownership filter `employer=request.employer` on the base manager."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from homeward.employers import contracts
from homeward.employers.forms import ContractReportForm
from homeward.employers.models import ContractReport
from homeward.employers.services import EmployerError

from .identity import employer_required


@employer_required
def contract_reports(request):
    employer = request.employer
    form = ContractReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contracts.report_contracts(
                employer,
                period=data["period"],
                headcount=data["headcount"],
                contracts_signed=data["contracts_signed"],
                reason=data["reason"],
                source=ContractReport.Origin.EMPLOYER,
                by=None,
                request=request,
            )
        except EmployerError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Thank you: the report is recorded."))
            return redirect("portal:employer-contracts")
    context = {
        "reports": ContractReport._base_manager.filter(employer=employer).order_by(
            "-period", "-version"
        )[:36],
        "form": form,
        "title": _("Labour contracts"),
    }
    return render(request, "portal/employer/contracts.html", context)
