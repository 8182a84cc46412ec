"""Managing staff accounts, each area admin within their own subtree (SECURITY.md S8)."""

from django import forms
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

from . import services
from .models import PersonalDataGrant, User
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
    actions = ("unlock", "reset_authenticator", "withdraw_personal_data")
    # The personal-data permission is never edited here: it is asked for and approved by an
    # administrator above (PersonalDataGrantAdmin, four eyes), and withdrawn by the action below.
    readonly_fields = (
        "last_login",
        "date_joined",
        "masked_phone",
        "password_changed_at",
        "may_see_personal_data",
    )

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

    @admin.action(description=_("Withdraw the permission to see full personal data"))
    def withdraw_personal_data(self, request, queryset):
        for user in queryset:
            try:
                services.withdraw_personal_data(user, by=request.user, request=request)
            except services.GrantRefused as refusal:
                messages.error(request, f"{user}: {refusal}")
        messages.success(request, _("Done for %(n)d account(s).") % {"n": len(queryset)})


class GrantRequestForm(forms.ModelForm):
    """Asking for the personal-data permission: whom, and why. The rest is the service's."""

    class Meta:
        model = PersonalDataGrant
        fields = ("user", "reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # absent on a decided request's read-only page
            self.fields["user"].queryset = User.objects.visible_to(self.request_user).filter(
                is_active=True, may_see_personal_data=False
            )

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user is not None and data.get("reason"):
            try:
                services.check_personal_data_request(user, by=self.request_user)
            except services.GrantRefused as refusal:
                raise ValidationError(str(refusal)) from None
        return data


@admin.register(PersonalDataGrant)
class PersonalDataGrantAdmin(ScopedModelAdmin):
    """Requests for the personal-data permission in the admin's area: any area administrator
    asks; an administrator of a level above the one who asked approves or refuses (actions)."""

    form = GrantRequestForm
    list_display = (
        "user",
        "region",
        "status",
        "reason",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status",)
    list_select_related = ("user", "region", "requested_by", "decided_by")
    actions = ("approve", "refuse")
    readonly_fields = ("status", "requested_by", "requested_at", "decided_by", "decided_at")

    def has_change_permission(self, request, obj=None):
        return False  # decided through the actions, by the service's rules

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who asked and who approved stays

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        grant = services.request_personal_data(
            form.cleaned_data["user"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        )
        obj.pk, obj.region_id, obj.requested_by = grant.pk, grant.region_id, grant.requested_by
        obj._state.adding = False

    def log_addition(self, request, obj, message):
        # The service wrote accounts.personal_data.requested; keep Django's own history only.
        return admin.ModelAdmin.log_addition(self, request, obj, message)

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        self._decide(request, queryset, services.approve_personal_data)

    @admin.action(description=_("Refuse the selected requests"))
    def refuse(self, request, queryset):
        self._decide(request, queryset, services.refuse_personal_data)

    def _decide(self, request, queryset, decide):
        done = 0
        for grant in queryset.select_related("user"):
            try:
                decide(grant, by=request.user, request=request)
            except services.GrantRefused as refusal:
                messages.error(request, f"{grant.user}: {refusal}")
            else:
                done += 1
        if done:
            messages.success(request, _("Decided %(n)d request(s).") % {"n": done})
