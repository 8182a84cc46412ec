from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/people/", views.survey_people, name="people"),
    path("<int:pk>/visit/", views.survey_visit, name="visit"),
    path("<int:pk>/record/", views.survey_record, name="record"),
    path("<int:pk>/add-person/", views.survey_add_person, name="add-person"),
    path("<int:pk>/close/", views.survey_close, name="close"),
    path("<int:pk>/ledger.xlsx", views.survey_export, name="export"),
]
