from django.urls import path

from . import views

app_name = "welfare"

urlpatterns = [
    path("", views.index, name="index"),
    path("posts/new", views.post_create, name="post-create"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/edit", views.post_create, name="post-edit"),
    path("posts/<int:pk>/apply", views.post_apply, name="post-apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/<str:step>", views.application_step, name="application-step"),
    path("objections/<int:pk>/resolve", views.objection_resolve, name="objection-resolve"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    path("appointments/<int:pk>/end", views.appointment_end, name="appointment-end"),
    path("attendance", views.attendance, name="attendance"),
    path("pay", views.pay, name="pay"),
    path("checks", views.exit_checks, name="checks"),
    path("holders", views.holders, name="holders"),
    path("stipends", views.stipends, name="stipends"),
    path("notice/<str:code>", views.public_notice, name="notice"),
]
