"""The employer's follow-up pages, included at the end of portal/employer_urls.py under /e/."""

from django.urls import path

from . import followups_views

urlpatterns = [
    path("followups", followups_views.employer_followups, name="employer-followups"),
    path("followups/<int:pk>", followups_views.employer_followup, name="employer-followup"),
]
