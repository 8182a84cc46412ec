"""The worker's stations page (portal/stations_views.py), included by portal/urls.py."""

from django.urls import path

from . import stations_views

urlpatterns = [
    path("m/stations", stations_views.my_stations, name="stations"),
]
