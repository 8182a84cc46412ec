from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from homeward.core.admin import ReadOnlyScopedModelAdmin

from .labels import action_label, object_label
from .models import AuditEvent


class ActionFilter(admin.SimpleListFilter):
    """The actions of the rows the user may see, by their Chinese labels."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("action", flat=True)
        return sorted(((c, action_label(c)) for c in codes.distinct()), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyScopedModelAdmin):
    list_display = (
        "at",
        "actor_name",
        "action_display",
        "result",
        "object_type_display",
        "object_repr",
        "ip",
    )
    list_filter = ("result", ActionFilter)
    search_fields = ("actor_name", "action", "object_repr", "object_id")
    date_hierarchy = "at"
    show_full_result_count = False

    @admin.display(description=_("action"), ordering="action")
    def action_display(self, event):
        return action_label(event.action)

    @admin.display(description=_("object type"), ordering="object_type")
    def object_type_display(self, event):
        return object_label(event.object_type)
