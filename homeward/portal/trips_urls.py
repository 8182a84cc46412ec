"""The worker's trip pages (portal/trips_views.py), included in the portal's namespace."""

from django.urls import path

from . import trips_views

urlpatterns = [
    path("m/trips", trips_views.trip_list, name="trips"),
    path("m/trips/<int:pk>/sign-up", trips_views.trip_sign_up, name="trip-sign-up"),
]
