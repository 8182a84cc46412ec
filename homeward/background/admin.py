from django.contrib import admin

from homeward.core.admin import ReadOnlyScopedModelAdmin

from .models import BackgroundJob


@admin.register(BackgroundJob)
class BackgroundJobAdmin(ReadOnlyScopedModelAdmin):
    """Every background job of the administrator's area, read-only: who started what, when, and
    how it ended (the parameters hold ids and filters only; the result file is taken on its
    page, where the download is checked and audited)."""

    list_display = ("__str__", "title", "owner", "status", "done", "total", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "kind")
    date_hierarchy = "created_at"
    exclude = ("result_file",)
