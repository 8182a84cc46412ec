from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.browse_own, name="index"),
    path("<str:code>/", views.detail, name="detail"),
]
