from django.urls import path

from . import views

app_name = "cooperatives"

urlpatterns = [
    path("", views.cooperative_list, name="list"),
    path("new", views.cooperative_create, name="create"),
    path("figures", views.area_figure, name="area-figure"),
    path("<int:pk>/", views.cooperative_detail, name="detail"),
    path("<int:pk>/edit", views.cooperative_edit, name="edit"),
    path("<int:pk>/members/add", views.member_add, name="member-add"),
    path("<int:pk>/members.xlsx", views.members_export, name="members-export"),
    path("<int:pk>/orders/new", views.order_create, name="order-create"),
    path("<int:pk>/dispatches/new", views.dispatch_create, name="dispatch-create"),
    path("<int:pk>/place", views.place, name="place"),
    path("<int:pk>/figures/<str:key>", views.figure, name="figure"),
    path("members/<int:pk>/leave", views.member_leave, name="member-leave"),
    path("dispatches/<int:pk>/", views.dispatch_detail, name="dispatch"),
    path("dispatches/<int:pk>/close", views.dispatch_close, name="dispatch-close"),
    path("dispatches/<int:pk>/cancel", views.dispatch_cancel, name="dispatch-cancel"),
]
