"""The ambassador's portal pages, included into the portal's namespace (portal/urls.py)."""

from django.urls import path

from . import ambassadors_views as views

urlpatterns = [
    path("m/ambassador", views.home, name="ambassador"),
    path("m/ambassador/signin", views.signin, name="ambassador-signin"),
    path("m/ambassador/signout", views.signout, name="ambassador-signout"),
    path("m/ambassador/record", views.record, name="ambassador-record"),
    path("m/ref/<str:token>", views.link, name="ambassador-link"),
    path("m/ref/<str:token>/jobs/<int:posting>/apply", views.apply, name="ambassador-apply"),
]
