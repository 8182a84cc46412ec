from django.urls import path

from . import views

app_name = "ambassadors"

urlpatterns = [
    path("", views.ambassador_list, name="list"),
    path("appoint/", views.appoint, name="appoint"),
    path("<int:pk>/", views.ambassador_detail, name="detail"),
    path("<int:pk>/end/", views.end, name="end"),
    path("bounties/", views.bounty_list, name="bounties"),
    path("bounties/<int:pk>/approve/", views.bounty_approve, name="bounty-approve"),
    path("bounties/export/", views.bounty_export, name="bounty-export"),
    path("officers/", views.officer_list, name="officers"),
    path("officers/<int:pk>/mark/", views.officer_mark, name="officer-mark"),
    path("officers/<int:pk>/", views.officer_rows, name="officer-rows"),
]
