from django.urls import path

from . import views

app_name = "trips"

urlpatterns = [
    path("", views.trip_list, name="list"),
    path("new", views.trip_create, name="create"),
    path("figures", views.area_figure, name="area-figure"),
    path("<int:pk>/", views.trip_detail, name="detail"),
    path("<int:pk>/edit", views.trip_edit, name="edit"),
    path("<int:pk>/sign-up", views.signup_add, name="signup-add"),
    path("<int:pk>/passengers", views.passenger_list, name="passengers"),
    path("<int:pk>/figures/<str:key>", views.trip_figure, name="figure"),
    path("signups/<int:pk>/board", views.signup_board, name="board"),
    path("signups/<int:pk>/answer", views.signup_answer, name="answer"),
    path("signups/<int:pk>/arrived", views.signup_arrived, name="arrived"),
]
