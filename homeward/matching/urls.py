from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("refer/<int:worker>/<int:posting>/", views.refer, name="refer"),
    path("refresh/<int:posting>/", views.refresh, name="refresh"),
    path("run/", views.run, name="run"),
]
