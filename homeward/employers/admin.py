from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from homeward.core.admin import ScopedModelAdmin

from .models import Employer


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
