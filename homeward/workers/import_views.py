"""The ledger import pages: upload → preview (a dry run, every row explained) → confirm.

The writes are the importer's services (`upload_ledger`, `choose_columns`, `import_upload`,
`discard_upload`), which the `homeward import workers` command uses too.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from homeward.accounts.decorators import writers_only
from homeward.audit.services import log_action
from homeward.regions.models import Level, Region

from .importer import (
    OUTCOME_LABELS,
    choose_columns,
    discard_upload,
    import_upload,
    upload_ledger,
)
from .ledger import LedgerError
from .ledger_export import area_name, template_ledger
from .ledger_fields import FIELD_HEADERS, IGNORED
from .models import LedgerUpload
from .result_sheet import result_sheet
from .retention import expire_upload
from .tasks import check_upload_later

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = (".xlsx", ".xls", ".csv")


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Ledger file (.xlsx, .xls or .csv)"))
    region = forms.ModelChoiceField(
        label=gettext_lazy("The people live in"),
        queryset=Region.objects.exclude(level=Level.PROVINCE).order_by("code"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.region_id:
            self.fields["region"].initial = user.region_id
            if user.level != Level.VILLAGE:
                # Areas down to towns; a village clerk has only their own village.
                self.fields["region"].queryset = self.fields["region"].queryset.exclude(
                    level=Level.VILLAGE
                )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise ValidationError(_("Upload an Excel (.xlsx or .xls) or CSV file."))
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than 20 MB; split it into smaller ledgers.")
            )
        return upload


def _field_choices():
    """A registry field for an unknown column, named as ledgers name it."""
    choices = [("", _("— choose —")), (IGNORED, _("do not import"))]
    return choices + [(name, headers[0]) for name, headers in FIELD_HEADERS.items()]


class ColumnsForm(forms.Form):
    """One choice of field for each column of the upload that holds data the importer does not
    know; the fields are named by position, the header keys stay on the server."""

    def __init__(self, *args, columns: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        for n, column in enumerate(columns):
            self.fields[f"column-{n}"] = forms.ChoiceField(
                label=column["header"], choices=_field_choices(), required=False
            )

    def chosen(self) -> dict[str, str]:
        return {
            column["key"]: self.cleaned_data[f"column-{n}"]
            for n, column in enumerate(self.columns)
            if self.cleaned_data.get(f"column-{n}")
        }


@login_required
@writers_only
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > settings.HOMEWARD_DIRECT_IMPORT_BYTES:
            # A large file is checked by a task; its job page polls, then opens the preview.
            job = check_upload_later(
                request.user,
                request.area or "",
                content=file.read(),
                filename=file.name,
                region=form.cleaned_data["region"].code,
            )
            return redirect("background:job", pk=job.pk)
        try:
            ledger_upload = upload_ledger(
                file.read(),
                file.name,
                region=form.cleaned_data["region"].code,
                by=request.user,
                request=request,
            )
        except LedgerError as error:
            form.add_error("file", error.message)
        else:
            return redirect("workers:import-preview", pk=ledger_upload.pk)
    return render(request, "workers/import.html", {"form": form, "title": _("Import a ledger")})


@login_required
def template_download(request):
    """The blank ledger to fill in: the headers the importer reads and an example row."""
    content = template_ledger(area_name(request.area or ""))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ledger-template.xlsx"'
    return response


@login_required
@writers_only
@require_POST
def columns(request, pk: int):
    ledger_upload = _upload(pk)
    form = ColumnsForm(request.POST, columns=ledger_upload.report.get("unmapped_columns", []))
    if form.is_valid() and form.chosen():
        try:
            choose_columns(ledger_upload, form.chosen(), by=request.user, request=request)
        except ValueError as error:
            messages.error(request, str(error))
    return redirect("workers:import-preview", pk=pk)


@login_required
def preview(request, pk: int):
    ledger_upload = _upload(pk)
    report = ledger_upload.report
    shown = [
        line
        for line in report["rows"]
        if line["messages"] or line["outcome"] in ("rejected", "duplicate")
    ]
    context = {
        "upload": ledger_upload,
        "report": report,
        "counts": [(OUTCOME_LABELS[k], report["counts"][k], k) for k in OUTCOME_LABELS],
        "shown": shown,
        "labels": OUTCOME_LABELS,
        "columns_form": ColumnsForm(columns=report.get("unmapped_columns", [])),
        "title": _("Import a ledger"),
        "full_numbers": ledger_upload.readable_in_full_by(request.user),
        # Nothing would change: say so instead of offering an Import that does nothing.
        "changes": report["counts"].get("created", 0) + report["counts"].get("updated", 0),
    }
    return render(request, "workers/import_preview.html", context)


@login_required
@writers_only
@require_POST
def confirm(request, pk: int):
    ledger_upload = _upload(pk)
    import_upload(ledger_upload.pk, by=request.user, request=request)
    return redirect("workers:import-preview", pk=pk)


@login_required
@writers_only
@require_POST
def discard(request, pk: int):
    ledger_upload = _upload(pk)
    discard_upload(ledger_upload, by=request.user, request=request)
    return redirect("workers:import")


@login_required
def result_download(request, pk: int):
    """The uploaded ledger with a result column: its ID and phone numbers in full for the
    uploader and roles that may see personal data, masked for everyone else."""
    ledger_upload = _upload(pk)
    if ledger_upload.state != LedgerUpload.State.PREVIEWED:
        raise PermissionDenied(_("The file has been removed after the import."))
    full = ledger_upload.readable_in_full_by(request.user)
    content = result_sheet(bytes(ledger_upload.content), ledger_upload.report, masked=not full)
    log_action(
        "workers.ledger.result_downloaded",
        request=request,
        obj=ledger_upload,
        detail={"unmasked": full},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="result-{ledger_upload.pk}.xlsx"'
    return response


def _upload(pk: int) -> LedgerUpload:
    """The upload of the user's area, discarded first if it waited past its retention period."""
    ledger_upload = get_object_or_404(LedgerUpload.objects.defer("content"), pk=pk)
    expire_upload(ledger_upload)
    return ledger_upload
