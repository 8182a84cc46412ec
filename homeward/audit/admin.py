from django.contrib import admin

from homeward.core.admin import ReadOnlyScopedModelAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyScopedModelAdmin):
    list_display = ("at", "actor_name", "action", "result", "object_type", "object_repr", "ip")
    list_filter = ("result", "action")
    search_fields = ("actor_name", "action", "object_repr", "object_id")
    date_hierarchy = "at"
    show_full_result_count = False
