from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("new/", views.dispute_create, name="create"),
    path("board/", views.deadlines_board, name="board"),
    path("figures/", views.dispute_figures, name="figures"),
    path("holidays/", views.holiday_years, name="holidays"),
    path("average-wages/", views.average_wages, name="average-wages"),
    path("<int:pk>/", views.dispute_detail, name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.dispute_step, name="step"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/", views.evidence_open, name="evidence"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("agents/<int:pk>/authorisation/", views.authorisation_open, name="authorisation"),
    path("documents/<int:pk>/serve/", views.document_serve, name="serve"),
    path("from-clue/<int:pk>/", views.clue_transfer, name="from-clue"),
]
