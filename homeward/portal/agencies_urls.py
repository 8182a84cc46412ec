"""The portal's door of the agencies workstream: a town's weekly digest link."""

from django.urls import path

from . import agencies_views

urlpatterns = [
    path("w/<str:token>", agencies_views.digest_link, name="digest-link"),
]
