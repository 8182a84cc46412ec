from django.urls import path

from . import views

app_name = "background"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/result", views.job_download, name="download"),
]
