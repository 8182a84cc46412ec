from django.urls import path

from . import views

app_name = "workers"

urlpatterns = [
    path("", views.worker_list, name="list"),
    path("export.xlsx", views.worker_export, name="export"),
    path("new/", views.worker_create, name="create"),
    path("<int:pk>/", views.worker_detail, name="detail"),
    path("<int:pk>/edit/", views.worker_edit, name="edit"),
    path("<int:pk>/reveal/", views.worker_reveal, name="reveal"),
]
