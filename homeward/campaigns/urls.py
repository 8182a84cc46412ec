from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("new/for-job/<int:posting>/", views.campaign_for_posting, name="create-for-posting"),
    path("template-preview/", views.template_preview, name="template-preview"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/send/", views.campaign_send, name="send"),
    path("<int:pk>/cancel/", views.campaign_cancel, name="cancel"),
]
