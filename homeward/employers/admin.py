from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from homeward.core.admin import ScopedModelAdmin

from .models import Employer, ReportingRule


@admin.register(Employer)
class EmployerAdmin(ScopedModelAdmin):
    list_display = ("name", "uscc", "industry", "region", "contact_person", "masked_phone")
    list_filter = ("industry", "size", "is_blacklisted")
    search_fields = ("name", "uscc")
    raw_id_fields = ("region",)
    # The phone is changed on the staff pages, never shown in full here (SECURITY.md S12).
    exclude = ("contact_phone",)
    readonly_fields = ("masked_phone", "created_at", "updated_at")
    show_full_result_count = False

    @admin.display(description=_("contact phone"))
    def masked_phone(self, obj):
        return obj.masked_contact_phone


@admin.register(ReportingRule)
class ReportingRuleAdmin(admin.ModelAdmin):
    """The city's rule for employers' reports (from how many staff an employer is larger): one
    row, for superusers only, since it changes every area's contract-signing rate."""

    list_display = ("large_headcount",)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request) and not ReportingRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)
