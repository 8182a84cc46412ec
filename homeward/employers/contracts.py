"""Employers' monthly labour-contract reports: headcount and contracts signed, one report per
employer and month, a correction recorded as a new version (the old one kept, no longer
current). `report_contracts` is the one write the employer portal and the staff page call."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from homeward.audit.services import log_action
from homeward.scoping import area_scope

from .models import ContractReport, Employer
from .services import EmployerError, check_writer


def report_contracts(
    employer: Employer,
    *,
    period: dt.date,
    headcount: int,
    contracts_signed: int,
    source: str,
    by,
    reason: str = "",
    request=None,
) -> ContractReport:
    """Record the month's report; a second report of the same month is a correction (a reason
    is required) and becomes the current version."""
    if source == ContractReport.Origin.STAFF:
        check_writer(by, "employers.contracts.refused", request=request, obj=employer)
    period = period.replace(day=1)
    if contracts_signed > headcount:
        raise EmployerError(
            _("Contracts signed (%(signed)s) cannot exceed the headcount (%(headcount)s).")
            % {"signed": contracts_signed, "headcount": headcount},
            field="contracts_signed",
        )
    # The employer's own place: a portal request has no area of its own.
    with transaction.atomic(), area_scope(employer.region_id):
        current = (
            ContractReport._base_manager.select_for_update()
            .filter(employer=employer, period=period, is_current=True)
            .first()
        )
        if current is not None and not reason.strip():
            raise EmployerError(
                _("This month was reported already; say why it is corrected."), field="reason"
            )
        version = 1
        if current is not None:
            version = current.version + 1
            current.is_current = False
            current.save(update_fields=["is_current"])
        report = ContractReport._base_manager.create(
            employer=employer,
            period=period,
            version=version,
            headcount=headcount,
            contracts_signed=contracts_signed,
            source=source,
            reason=reason.strip(),
            reported_by=by,
        )
        log_action(
            "employers.contracts.reported" if version == 1 else "employers.contracts.corrected",
            request=request,
            actor=by,
            obj=report,
            detail={"period": f"{period:%Y-%m}", "version": version},
        )
    return report
