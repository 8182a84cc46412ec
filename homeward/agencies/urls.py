from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("", views.agency_list, name="list"),
    path("new", views.agency_create, name="create"),
    path("figures", views.area_figure, name="area-figure"),
    path("<int:pk>/", views.agency_detail, name="detail"),
    path("<int:pk>/edit", views.agency_edit, name="edit"),
    path("<int:pk>/mandates", views.mandate_add, name="mandate-add"),
    path("<int:pk>/postings", views.posting_add, name="posting-add"),
    path("<int:pk>/fairs", views.fair_add, name="fair-add"),
    path("<int:pk>/placements", views.placement_add, name="placement-add"),
    path("<int:pk>/figures/<str:key>", views.agency_figure, name="figure"),
    path("materials/booklet", views.booklet, name="booklet"),
    path("digests/", views.digest_list, name="digests"),
    path("digests/<str:code>/", views.digest, name="digest"),
    path("digests/<str:code>/<int:pk>/poster.png", views.digest_poster, name="digest-poster"),
    path("digests/<str:code>/<int:pk>/opens", views.digest_opens, name="digest-opens"),
]
