from django.urls import path

from . import views

app_name = "fairs"

urlpatterns = [
    path("", views.fair_list, name="list"),
    path("new", views.fair_create, name="create"),
    path("seasons/results", views.season_results, name="season-results"),
    path("seasons/figure", views.season_figure, name="season-figure"),
    path("<int:pk>/", views.fair_detail, name="detail"),
    path("<int:pk>/edit", views.fair_edit, name="edit"),
    path("<int:pk>/stops", views.stop_add, name="stop-add"),
    path("<int:pk>/booths/new", views.booth_add, name="booth-add"),
    path("booths/<int:pk>/approve", views.booth_approve, name="booth-approve"),
    path("booths/<int:pk>/refuse", views.booth_refuse, name="booth-refuse"),
    path("<int:pk>/check-in", views.checkin, name="checkin"),
    path("<int:pk>/attendees/reveal", views.attendees_reveal, name="attendees-reveal"),
    path("<int:pk>/intentions", views.intention_add, name="intention-add"),
    path("<int:pk>/results", views.fair_results, name="results"),
    path("<int:pk>/results/<str:key>", views.fair_figure, name="figure"),
    path("<int:pk>/sheet", views.fair_sheet, name="sheet"),
    path("<int:pk>/poster", views.fair_poster, name="poster"),
]
