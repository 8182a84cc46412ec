from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("", views.target_list, name="list"),
    path("new", views.target_create, name="create"),
    path("<int:pk>/", views.target_detail, name="detail"),
    path("<int:pk>/edit", views.target_edit, name="edit"),
    path("<int:pk>/records", views.target_records, name="records"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/<int:pk>/", views.item_detail, name="item"),
    path("duties/<int:pk>/", views.duty_detail, name="duty"),
    path("duties/<int:pk>/update", views.duty_update, name="duty-update"),
    path("duties/<int:pk>/supervise", views.duty_supervise, name="duty-supervise"),
    path("supervisions/<int:pk>/reply", views.supervision_reply, name="reply"),
    path("attachments/<int:pk>", views.attachment, name="attachment"),
    path("messages/", views.inbox, name="messages"),
]
