"""The ledger import pages: upload → preview (a dry run, every row explained) → confirm."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from homeward.accounts.decorators import writers_only
from homeward.audit.services import log_action
from homeward.regions.models import Level, Region

from .importer import OUTCOME_LABELS, import_ledger
from .ledger import LedgerError
from .models import LedgerUpload
from .result_sheet import result_sheet

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


@login_required
@writers_only
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        region = form.cleaned_data["region"]
        filename = form.cleaned_data["file"].name[-200:]
        try:
            report = import_ledger(
                content, filename, region=region.code, by=request.user, dry_run=True
            )
        except LedgerError as error:
            form.add_error("file", error.message)
        else:
            ledger_upload = LedgerUpload.objects.create(
                region=region,
                filename=filename,
                content=content,
                report=report.as_dict(),
                uploaded_by=request.user,
            )
            return redirect("workers:import-preview", pk=ledger_upload.pk)
    return render(request, "workers/import.html", {"form": form, "title": _("Import a ledger")})


@login_required
def preview(request, pk: int):
    ledger_upload = get_object_or_404(LedgerUpload.objects, pk=pk)
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
        "title": _("Import a ledger"),
    }
    return render(request, "workers/import_preview.html", context)


@login_required
@writers_only
@require_POST
def confirm(request, pk: int):
    with transaction.atomic():
        # Locked, so a double click imports once; the import is idempotent all the same.
        ledger_upload = get_object_or_404(LedgerUpload.objects.select_for_update(), pk=pk)
        if ledger_upload.state != LedgerUpload.State.PREVIEWED:
            return redirect("workers:import-preview", pk=pk)
        report = import_ledger(
            bytes(ledger_upload.content),
            ledger_upload.filename,
            region=ledger_upload.region_id,
            by=request.user,
            request=request,
        )
        ledger_upload.report = report.as_dict()
        ledger_upload.state = LedgerUpload.State.IMPORTED
        ledger_upload.content = b""  # the people are in the registry now; drop the file (S22)
        ledger_upload.save(update_fields=["report", "state", "content"])
    return redirect("workers:import-preview", pk=pk)


@login_required
@writers_only
@require_POST
def discard(request, pk: int):
    ledger_upload = get_object_or_404(LedgerUpload.objects, pk=pk)
    if ledger_upload.state == LedgerUpload.State.PREVIEWED:
        ledger_upload.state = LedgerUpload.State.DISCARDED
        ledger_upload.content = b""
        ledger_upload.save(update_fields=["state", "content"])
        log_action("workers.ledger.discarded", request=request, obj=ledger_upload)
    return redirect("workers:import")


@login_required
def result_download(request, pk: int):
    ledger_upload = get_object_or_404(LedgerUpload.objects, pk=pk)
    if ledger_upload.state != LedgerUpload.State.PREVIEWED:
        raise PermissionDenied(_("The file has been removed after the import."))
    content = result_sheet(bytes(ledger_upload.content), ledger_upload.report)
    log_action("workers.ledger.result_downloaded", request=request, obj=ledger_upload)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="result-{ledger_upload.pk}.xlsx"'
    return response
