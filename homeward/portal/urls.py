from django.urls import include, path

from . import (
    views,
    wages_views,  # wages
)

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
    # surveys: the worker's pages of the workstream (portal/surveys_views.py), below this line
    # followups: the worker's pages of the workstream (portal/followups_views.py), below this line
    # subsidies: the worker's pages of the workstream (portal/subsidies_views.py), below this line
    # training: the worker's pages of the workstream (portal/training_views.py), below this line
    # wages: the worker's pages of the workstream (portal/wages_views.py), below this line
    path("m/wages", wages_views.my_wages, name="wages"),
    path("m/wages/not-paid", wages_views.not_paid, name="wages-not-paid"),
    path("m/wages/clues/<int:pk>", wages_views.clue, name="wages-clue"),
    # disputes: the worker's pages of the workstream (portal/disputes_views.py), below this line
    path("e/", include("homeward.portal.employer_urls")),
]
