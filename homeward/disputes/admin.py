from django.contrib import admin

from homeward.core.admin import ScopedModelAdmin

from .models import Arbitrator, Commission


@admin.register(Commission)
class CommissionAdmin(ScopedModelAdmin):
    list_display = ("title", "region", "prefix", "chair")
    search_fields = ("title", "prefix")
    raw_id_fields = ("region", "chair")


@admin.register(Arbitrator)
class ArbitratorAdmin(ScopedModelAdmin):
    list_display = ("name", "commission", "user")
    search_fields = ("name",)
    raw_id_fields = ("commission", "user", "linked_employers", "linked_workers")
