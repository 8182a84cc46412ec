from django.contrib import admin

from .models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    """The periodic duties' runs, read-only and for the platform's operators (superusers) only:
    they hold no personal data and belong to no area (`homeward schedule list` prints the same)."""

    list_display = ("duty", "period", "status", "attempts", "started_at", "finished_at")
    list_filter = ("status", "duty")
    date_hierarchy = "started_at"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
