from django.urls import include, path

from . import disputes_views, fairs_views, gigs_views, subsidies_views, views, wages_views

app_name = "portal"

urlpatterns = [
    path("m/", views.home, name="home"),
    path("m/signin", views.signin, name="signin"),
    path("m/bind", views.bind, name="bind"),
    path("m/signout", views.signout, name="signout"),
    path("m/jobs", views.jobs, name="jobs"),
    path("m/jobs/<int:pk>", views.job, name="job"),
    path("m/jobs/<int:pk>/apply", views.apply, name="apply"),
    path("m/applications", views.applications, name="applications"),
    path("m/applications/<int:pk>/withdraw", views.withdraw, name="withdraw"),
    path("m/for-you/<str:token>", views.campaign_jobs, name="campaign-jobs"),
    path("m/me", views.me, name="me"),
    path("m/me/wishes", views.wishes, name="wishes"),
    path("m/me/messages", views.inbox, name="inbox"),
    path("m/me/messages/settings", views.message_settings, name="message-settings"),
    path("m/guides", views.articles, name="articles"),
    path("m/guides/<int:pk>", views.article, name="article"),
    # fairs: the worker's pages of the workstream (portal/fairs_views.py), below this line
    path("m/fairs", fairs_views.fair_list, name="fairs"),
    path("m/fairs/<int:pk>", fairs_views.fair_detail, name="fair"),
    path("m/fairs/<int:pk>/register", fairs_views.register, name="fair-register"),
    path("m/fairs/<int:pk>/code", fairs_views.code, name="fair-code"),
    path("m/fairs/<int:pk>/jobs", fairs_views.fair_jobs, name="fair-jobs"),
    path("m/fairs/<int:pk>/jobs/<int:posting>/apply", fairs_views.fair_apply, name="fair-apply"),
    # surveys: the worker's pages of the workstream (portal/surveys_views.py), below this line
    # followups: the worker's pages of the workstream (portal/followups_views.py), below this line
    path("m/", include("homeward.portal.followups_urls")),
    # subsidies: the worker's pages of the workstream (portal/subsidies_views.py), below this line
    path("m/subsidies", subsidies_views.subsidies, name="subsidies"),
    path("m/subsidies/<int:pk>", subsidies_views.subsidy_offer, name="subsidy-offer"),
    path("m/subsidies/<int:pk>/apply", subsidies_views.subsidy_apply, name="subsidy-apply"),
    path("m/subsidies/<int:pk>/account", subsidies_views.subsidy_account, name="subsidy-account"),
    # training: the worker's pages of the workstream (portal/training_views.py), below this line
    path("", include("homeward.portal.training_urls")),
    # wages: the worker's pages of the workstream (portal/wages_views.py), below this line
    path("m/wages", wages_views.my_wages, name="wages"),
    path("m/wages/not-paid", wages_views.not_paid, name="wages-not-paid"),
    path("m/wages/report", wages_views.report, name="wages-report"),
    path("m/wages/clues/<int:pk>", wages_views.clue, name="wages-clue"),
    path("m/wages/clues/<int:pk>/evidence", wages_views.clue_evidence, name="wages-evidence"),
    path("m/wages/clues/<int:pk>/card", wages_views.clue_card, name="wages-card"),
    # disputes: the worker's pages of the workstream (portal/disputes_views.py), below this line
    path("m/disputes", disputes_views.my_disputes, name="disputes"),
    path("m/disputes/new", disputes_views.file_dispute, name="dispute-file"),
    path("m/disputes/<int:pk>", disputes_views.dispute, name="dispute"),
    path("m/disputes/<int:pk>/evidence", disputes_views.evidence, name="dispute-evidence"),
    path("m/disputes/documents/<int:pk>", disputes_views.document, name="dispute-document"),
    path("m/disputes/documents/<int:pk>/confirm", disputes_views.confirm, name="dispute-confirm"),
    path("e/", include("homeward.portal.employer_urls")),
    # ambassadors: the worker's pages of the workstream (portal/ambassadors_views.py), below this line
    path("", include("homeward.portal.ambassadors_urls")),
    # trips: the worker's pages of the workstream (portal/trips_views.py), below this line
    path("", include("homeward.portal.trips_urls")),
    # teams: the worker's pages of the workstream (portal/teams_views.py), below this line
    # agencies: the worker's pages of the workstream (portal/agencies_views.py), below this line
    path("m/", include("homeward.portal.agencies_urls")),
    # ventures: the worker's pages of the workstream (portal/ventures_views.py), below this line
    path("", include("homeward.portal.ventures_urls")),
    # loans: the worker's pages of the workstream (portal/loans_views.py), below this line
    # stations: the worker's pages of the workstream (portal/stations_views.py), below this line
    path("", include("homeward.portal.stations_urls")),
    path("m/kiosk/<int:station>/", include("homeward.portal.kiosk_urls")),
    # stats: the worker's pages of the workstream (portal/stats_views.py), below this line
    # reports: the worker's pages of the workstream (portal/reports_views.py), below this line
    # api: the worker's pages of the workstream (portal/targets_views.py), below this line
    # welfare: the worker's pages of the workstream (portal/targets_views.py), below this line
    path("", include("homeward.portal.welfare_urls")),
    # cooperatives: the worker's pages of the workstream (portal/targets_views.py), below this line
    path("", include("homeward.portal.cooperatives_urls")),
    # targets: the worker's pages of the workstream (portal/targets_views.py), below this line
    # gigs: the worker's pages of gig markets (portal/gigs_views.py)
    path("m/gigs", gigs_views.my_gigs, name="gigs"),
    path("m/gigs/markets/<int:pk>/signin", gigs_views.market_signin, name="gig-signin"),
    path("m/gigs/dispatches/<int:pk>/rate", gigs_views.dispatch_rate, name="gig-rate"),
    path("m/gigs/dispatches/<int:pk>/absent", gigs_views.dispatch_absent, name="gig-absent"),
]
