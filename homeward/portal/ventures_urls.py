"""The worker's venture pages (portal/ventures_views.py), included in the portal's namespace."""

from django.urls import path

from . import ventures_views

urlpatterns = [
    path("m/ventures", ventures_views.venture_home, name="ventures"),
    path("m/ventures/showcases/<int:pk>", ventures_views.showcase, name="venture-showcase"),
    path("m/ventures/showcases/<int:pk>/vote", ventures_views.vote, name="venture-vote"),
]
