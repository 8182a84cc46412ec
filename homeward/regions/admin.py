from django.contrib import admin

from homeward.core.admin import ReadOnlyScopedModelAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(ReadOnlyScopedModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    show_full_result_count = False
