from django.urls import path

from . import views

app_name = "loans"

urlpatterns = [
    path("", views.loan_list, name="list"),
    path("register/", views.loan_register, name="register"),
    path("new/", views.loan_create, name="create"),
    path("repayments/", views.repayments_import, name="import"),
    path("<int:pk>/", views.loan_detail, name="detail"),
    path("<int:pk>/step/", views.loan_step, name="step"),
    path("<int:pk>/claim/", views.loan_claim, name="claim"),
]
