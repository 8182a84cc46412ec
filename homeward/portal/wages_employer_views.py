"""The general contractor's wage pages on the employer portal (/e/wages): its construction
projects, and the monthly payroll sheet (工资支付台账, 条例 art. 15) uploaded through the same
import service the staff use — every row or none, the report naming each bad row in Chinese.

Portal requests have no area: projects are read through the ownership filter
`contractor=request.employer` on the base manager (another employer's project answers 404), and
the service itself refuses a project that is not the employer user's and runs in its area.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.wages import services
from homeward.wages.forms import PayrollUploadForm
from homeward.wages.models import Level, PayrollEntry, Project, RosterEntry, WarningState

from .identity import employer_required


def _own_projects(employer):
    open_q = Q(warnings__state=WarningState.OPEN)
    return (
        Project._base_manager.filter(contractor=employer)
        .select_related("region")
        .annotate(
            red=Count("warnings", filter=open_q & Q(warnings__level=Level.RED), distinct=True),
            open_warnings=Count("warnings", filter=open_q, distinct=True),
        )
        .order_by("-start_on", "code")
    )


def _own_project(request, pk: int) -> Project:
    project = _own_projects(request.employer).filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


@require_safe
@employer_required
def project_list(request):
    context = {"projects": list(_own_projects(request.employer)), "title": _("Our projects")}
    return render(request, "portal/employer/wages_projects.html", context)


def _page(request, project, form=None, report=None, status=200):
    months = (
        PayrollEntry._base_manager.filter(project=project)
        .values("month")
        .annotate(rows=Count("pk"), total=Sum("net_paid"), last_paid=Max("paid_on"))
        .order_by("-month")[:12]
    )
    context = {
        "project": project,
        "roster_count": RosterEntry._base_manager.filter(project=project).count(),
        "months": list(months),
        "form": form or PayrollUploadForm(),
        "report": report,
        "title": project.name,
    }
    return render(request, "portal/employer/wages_project.html", context, status=status)


@require_safe
@employer_required
def project_detail(request, pk: int):
    return _page(request, _own_project(request, pk))


@require_POST
@employer_required
def payroll_upload(request, pk: int):
    project = _own_project(request, pk)
    form = PayrollUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, project, form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        report = services.import_sheet(
            project,
            "payroll",
            upload.read(),
            upload.name,
            employer_user=request.employer_user,
            request=request,
        )
    except PermissionDenied:
        raise Http404 from None
    except services.WageError as error:
        form.add_error("file", str(error))
        return _page(request, project, form=form, status=400)
    if report.written:
        messages.success(request, report.summary())
        return redirect("portal:employer-wages-project", pk=project.pk)
    return _page(request, project, form=form, report=report, status=400)
