"""The worker's public-welfare post page (portal/welfare_views.py), included by portal/urls.py."""

from django.urls import path

from . import welfare_views

urlpatterns = [
    path("m/welfare", welfare_views.my_post, name="welfare"),
]
