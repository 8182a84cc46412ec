from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("new", views.team_create, name="create"),
    path("mine", views.my_caseloads, name="mine"),
    path("figures", views.area_figure, name="area-figure"),
    path("<int:pk>/", views.team_detail, name="detail"),
    path("<int:pk>/members/add", views.member_add, name="member-add"),
    path("<int:pk>/assign", views.assign, name="assign"),
    path("<int:pk>/figures/<str:key>", views.team_figure, name="figure"),
    path("members/<int:pk>/", views.member_caseload, name="member"),
    path("members/<int:pk>/remove", views.member_remove, name="member-remove"),
    path("members/<int:pk>/figures/<str:key>", views.member_figure, name="member-figure"),
    path("assignments/<int:pk>/contact", views.contact, name="contact"),
]
