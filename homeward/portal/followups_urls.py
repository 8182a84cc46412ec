"""The worker's follow-up pages, included from portal/urls.py under /m/ (`portal:followups…`)."""

from django.urls import path

from . import followups_views

urlpatterns = [
    path("followups", followups_views.followups, name="followups"),
    path("followups/<int:pk>", followups_views.followup_answer, name="followup-answer"),
]
