from django.contrib import admin

from homeward.core.admin import ScopedModelAdmin

from .models import Posting


@admin.register(Posting)
class PostingAdmin(ScopedModelAdmin):
    list_display = ("title", "employer", "occupation", "headcount", "region", "status")
    list_filter = ("status", "work_type", "wage_unit")
    search_fields = ("title", "occupation", "employer__name")
    raw_id_fields = ("employer", "region")
    # Status moves only through jobs.services (publish, close, fill), which audit them.
    readonly_fields = ("status", "published_at", "created_at", "updated_at")
    show_full_result_count = False
