from django.urls import path

from . import views

app_name = "employers"

urlpatterns = [
    path("", views.employer_list, name="list"),
    path("new/", views.employer_create, name="create"),
    path("<int:pk>/", views.employer_detail, name="detail"),
    path("<int:pk>/edit/", views.employer_edit, name="edit"),
    path("<int:pk>/contracts/", views.employer_contracts, name="contracts"),
    path("<int:pk>/users/invite/", views.employer_user_invite, name="user-invite"),
    path("users/<int:pk>/deactivate/", views.employer_user_deactivate, name="user-deactivate"),
]
