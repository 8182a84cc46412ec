from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.posting_list, name="list"),
    path("new/", views.posting_create, name="create"),
    path("<int:pk>/", views.posting_detail, name="detail"),
    path("<int:pk>/edit/", views.posting_edit, name="edit"),
    path("<int:pk>/publish/", views.posting_move, {"move": "publish"}, name="publish"),
    path("<int:pk>/close/", views.posting_move, {"move": "close"}, name="close"),
    path("<int:pk>/filled/", views.posting_move, {"move": "fill"}, name="fill"),
    path("sheet/<str:code>/", views.sheet, name="sheet"),
]
