"""API clients in the admin: made through `services.create_client` (the token shown once, on
the page after saving, never stored), revoked through `services.revoke_client`."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from homeward.core.admin import ScopedModelAdmin

from . import services
from .models import ApiClient


class ApiClientForm(forms.ModelForm):
    class Meta:
        model = ApiClient
        fields = ("title", "region", "scopes", "rate_limit")

    def clean_scopes(self):
        try:
            return ",".join(services.parse_scopes(self.cleaned_data["scopes"]))
        except services.ClientError as error:
            raise forms.ValidationError(str(error)) from None


@admin.register(ApiClient)
class ApiClientAdmin(ScopedModelAdmin):
    form = ApiClientForm
    list_display = ("title", "region", "scopes", "token_start", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("title",)
    fields = ("title", "region", "scopes", "rate_limit")
    readonly_fields = ("token_start", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else (*self.fields, *self.readonly_fields)

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: its audit rows keep pointing at it

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        client, token = services.create_client(
            title=obj.title,
            region_id=obj.region_id,
            scopes=[obj.scopes],
            rate_limit=obj.rate_limit,
            by=request.user,
            request=request,
        )
        obj.pk, request._api_token = client.pk, token

    def log_addition(self, request, obj, message):
        pass  # create_client wrote the audit row

    def response_add(self, request, obj, post_url_continue=None):
        context = {**self.admin_site.each_context(request), "client": obj}
        context["token"] = request._api_token
        context["title"] = _("The API client's token")
        return TemplateResponse(request, "api/token_once.html", context)

    @admin.action(description=_("Revoke the selected clients' tokens"))
    def revoke(self, request, queryset):
        done = sum(services.revoke_client(c, by=request.user, request=request) for c in queryset)
        self.message_user(
            request,
            ngettext("%(n)d client revoked.", "%(n)d clients revoked.", done) % {"n": done},
            messages.SUCCESS,
        )
