from django.urls import path

from . import views

app_name = "stations"

urlpatterns = [
    path("", views.station_list, name="list"),
    path("new", views.station_create, name="create"),
    path("activity", views.activity, name="activity"),
    path("activity/rows", views.activity_rows, name="activity-rows"),
    path("<int:pk>/", views.station_detail, name="detail"),
    path("<int:pk>/edit", views.station_edit, name="edit"),
    path("<int:pk>/services", views.service_add, name="service-add"),
    path("<int:pk>/accounts", views.station_accounts, name="accounts"),
]
