"""Managing staff accounts, each area admin within their own subtree (SECURITY.md S8)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as AuthUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward.core.admin import ScopedModelAdmin
from homeward.core.fields import PhoneField
from homeward.crypto import mask_phone
from homeward.scoping import covers

from .models import User
from .second_factor import reset_second_factor
from .services import unlock_user

# django-otp's own page for recovery codes would list their hashes and let a superuser add codes
# that could never match; they are made and dropped only by second_factor.py.
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)


class AreaUserFormMixin:
    """Keeps the region inside the editing admin's area; the phone is write-only."""

    def clean_region(self):
        region = self.cleaned_data.get("region")
        area = self.request_area
        if region is None and area != "":
            raise ValidationError(_("Choose the region this person works for."))
        if region is not None and not covers(area, region.code):
            raise ValidationError(_("You can only assign regions inside your own area."))
        return region

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("new_phone"):
            user.phone = self.cleaned_data["new_phone"]
        if commit:
            user.save()
            self.save_m2m()
        return user


class StaffCreationForm(AreaUserFormMixin, AdminUserCreationForm):
    new_phone = PhoneField(label=_("mobile phone"), required=False)

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "last_name", "first_name", "region", "role")


class StaffChangeForm(AreaUserFormMixin, UserChangeForm):
    new_phone = PhoneField(
        label=_("new mobile phone"),
        required=False,
        help_text=_("Leave empty to keep the current number."),
    )

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(ScopedModelAdmin, AuthUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = (
        "username",
        "full_name",
        "region",
        "role",
        "masked_phone",
        "is_active",
        "last_login",
        "recovery_codes",
    )
    list_filter = ("role", "is_active", "region__level")
    search_fields = ("username", "last_name", "first_name")
    autocomplete_fields = ("region",)
    ordering = ("username",)
    actions = ("unlock", "reset_authenticator")
    readonly_fields = ("last_login", "date_joined", "masked_phone", "password_changed_at")

    def get_queryset(self, request):
        # Users are looked up unscoped for sign-in, so the admin scopes them explicitly.
        codes_left = (
            StaticToken.objects.filter(device__user=OuterRef("pk"))
            .order_by()
            .values("device__user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("region")
            .annotate(
                has_authenticator=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                ),
                recovery_codes_left=Coalesce(Subquery(codes_left, output_field=IntegerField()), 0),
            )
        )

    def get_fieldsets(self, request, obj=None):
        main = ["region", "role", "may_see_personal_data", "is_active"]
        if request.user.is_superuser:
            main.append("is_superuser")
        if obj is None:
            return (
                (None, {"fields": ("username", "password1", "password2")}),
                (_("Person"), {"fields": ("last_name", "first_name", "new_phone")}),
                (_("Area and role"), {"fields": ("region", "role")}),
            )
        return (
            (None, {"fields": ("username", "password")}),
            (
                _("Person"),
                {"fields": ("last_name", "first_name", "email", "masked_phone", "new_phone")},
            ),
            (_("Area and role"), {"fields": main}),
            (_("Dates"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request_area = request.area
        return form

    @admin.display(description=_("name"))
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, user):
        return mask_phone(user.phone)

    @admin.display(description=_("recovery codes left"))
    def recovery_codes(self, user):
        # "-": no authenticator set up, so no second step and no recovery codes either.
        return user.recovery_codes_left if user.has_authenticator else "-"

    @admin.action(description=_("Unlock after failed sign-ins"))
    def unlock(self, request, queryset):
        for user in queryset:
            unlock_user(user, by=request.user, request=request)
        messages.success(request, _("Unlocked %(n)d account(s).") % {"n": len(queryset)})

    @admin.action(description=_("Reset the authenticator app"))
    def reset_authenticator(self, request, queryset):
        for user in queryset:
            reset_second_factor(user, by=request.user, request=request)
        messages.success(request, _("Reset %(n)d account(s).") % {"n": len(queryset)})
