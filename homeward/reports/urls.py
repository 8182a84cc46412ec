from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("completeness", views.completeness, name="completeness"),
    path("queue", views.queue, name="queue"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/xlsx", views.submission_xlsx, name="submission-xlsx"),
    path("submissions/<int:pk>/<str:step>", views.step, name="step"),
    path("<str:code>/<str:month>/", views.area_month, name="area-month"),
    path("<str:code>/<str:month>/xlsx", views.area_xlsx, name="area-xlsx"),
    path("<str:code>/<str:month>/submit", views.submit, name="submit"),
]
