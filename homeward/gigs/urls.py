from django.urls import path

from . import views

app_name = "gigs"

urlpatterns = [
    path("", views.market_list, name="markets"),
    path("new", views.market_create, name="market-create"),
    path("figures", views.figures_page, name="figures"),
    path("figures/rows", views.figure_rows, name="figure-rows"),
    path("markets/<int:pk>/", views.market_day, name="market"),
    path("markets/<int:pk>/signin", views.market_signin, name="market-signin"),
    path("markets/<int:pk>/poster", views.market_poster, name="market-poster"),
    path("markets/<int:pk>/gigs/new", views.gig_create, name="gig-create"),
    path("markets/<int:pk>/sanction", views.market_sanction, name="market-sanction"),
    path("gigs/<int:pk>/", views.gig_detail, name="gig"),
    path("gigs/<int:pk>/review", views.gig_review, name="gig-review"),
    path("gigs/<int:pk>/lottery", views.gig_send, {"how": "lottery"}, name="gig-lottery"),
    path("gigs/<int:pk>/match", views.gig_send, {"how": "match"}, name="gig-match"),
    path("draws/<int:pk>/", views.draw_detail, name="draw"),
]
