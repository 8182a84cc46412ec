from django.contrib import admin

from homeward.core.admin import ScopedModelAdmin

from .models import Article


@admin.register(Article)
class ArticleAdmin(ScopedModelAdmin):
    """Policy articles and service guides, written by area administrators for their area."""

    list_display = ("title", "kind", "region", "is_published", "published_at")
    list_filter = ("kind", "is_published")
    search_fields = ("title",)
    raw_id_fields = ("region",)
