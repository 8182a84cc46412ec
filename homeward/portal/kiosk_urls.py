"""The self-service terminal's pages (portal/kiosk_views.py), included by portal/urls.py under
/m/kiosk/<station>/."""

from django.urls import path

from . import kiosk_views

urlpatterns = [
    path("", kiosk_views.start, name="kiosk-start"),
    path("code", kiosk_views.code, name="kiosk-code"),
    path("signout", kiosk_views.signout, name="kiosk-signout"),
    path("jobs", kiosk_views.jobs, name="kiosk-jobs"),
    path("jobs/<int:pk>", kiosk_views.job, name="kiosk-job"),
    path("jobs/<int:pk>/apply", kiosk_views.apply, name="kiosk-apply"),
    path("stations", kiosk_views.near, name="kiosk-stations"),
]
