"""The base of every admin page: scoped to the user's area, open to area admins, audited."""

from django.contrib import admin

from homeward.audit.services import log_action


class ScopedModelAdmin(admin.ModelAdmin):
    """Querysets are already limited to the request's area by the models' ScopedManager."""

    def has_module_permission(self, request):
        return request.user.is_area_admin

    def has_view_permission(self, request, obj=None):
        return request.user.is_area_admin

    def has_add_permission(self, request):
        return request.user.is_area_admin

    def has_change_permission(self, request, obj=None):
        return request.user.is_area_admin

    def has_delete_permission(self, request, obj=None):
        return request.user.is_area_admin

    def _audit_code(self, verb: str) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}.{verb}"

    def log_addition(self, request, obj, message):
        log_action(self._audit_code("created"), request=request, obj=obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        log_action(
            self._audit_code("changed"), request=request, obj=obj, detail={"change": message}
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            log_action(self._audit_code("deleted"), request=request, obj=obj)
        return super().log_deletions(request, queryset)


class ReadOnlyScopedModelAdmin(ScopedModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
