"""The worker's cooperative page (portal/cooperatives_views.py), included by portal/urls.py."""

from django.urls import path

from . import cooperatives_views

urlpatterns = [
    path("m/cooperative", cooperatives_views.my_cooperative, name="cooperative"),
]
