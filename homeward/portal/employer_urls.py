"""The employer portal's pages, included under /e/ in the `portal` namespace (`portal:employer-…`)."""

from django.urls import include, path

from . import employer_views as views
from . import fairs_employer_views, gigs_employer_views

urlpatterns = [
    path("", views.home, name="employer-home"),
    path("signin", views.signin, name="employer-signin"),
    path("signout", views.signout, name="employer-signout"),
    path("postings/new", views.posting_create, name="employer-posting-create"),
    path("postings/<int:pk>", views.posting_detail, name="employer-posting"),
    path("postings/<int:pk>/edit", views.posting_edit, name="employer-posting-edit"),
    path("postings/<int:pk>/close", views.posting_close, name="employer-posting-close"),
    path("applications/<int:pk>", views.application_detail, name="employer-application"),
    path(
        "applications/<int:pk>/interview",
        views.application_move,
        {"move": "interview"},
        name="employer-interview",
    ),
    path(
        "applications/<int:pk>/hire",
        views.application_move,
        {"move": "hire"},
        name="employer-hire",
    ),
    path(
        "applications/<int:pk>/reject",
        views.application_move,
        {"move": "reject"},
        name="employer-reject",
    ),
    # followups: the employer confirms its hires still work there (portal/followups_views.py)
    path("", include("homeward.portal.followups_employer_urls")),
]

# fairs: the employer's pages of job fairs (portal/fairs_employer_views.py)
urlpatterns += [
    path("fairs", fairs_employer_views.fair_list, name="employer-fairs"),
    path("fairs/<int:pk>", fairs_employer_views.fair_detail, name="employer-fair"),
    path(
        "booths/<int:pk>/intention",
        fairs_employer_views.intention_add,
        name="employer-booth-intention",
    ),
]

# ambassadors: the employer's pages of the workstream (portal/ambassadors_employer_views.py), below this line

# trips: the employer's pages of the workstream (portal/trips_employer_views.py), below this line
from . import trips_employer_views  # noqa: E402

urlpatterns += [
    path("trips", trips_employer_views.trip_list, name="employer-trips"),
    path("trips/<int:pk>", trips_employer_views.trip_detail, name="employer-trip"),
    path(
        "trips/passengers/<int:pk>/arrived",
        trips_employer_views.arrived,
        name="employer-trip-arrived",
    ),
]

# teams: the employer's pages of the workstream (portal/teams_employer_views.py), below this line

# agencies: the employer's pages of the workstream (portal/agencies_employer_views.py), below this line

# ventures: the employer's pages of the workstream (portal/ventures_employer_views.py), below this line

# loans: the employer's pages of the workstream (portal/loans_employer_views.py), below this line

# stations: the employer's pages of the workstream (portal/stations_employer_views.py), below this line
# stats: the employer's pages of the workstream (portal/stats_employer_views.py), below this line
from . import stats_employer_views  # noqa: E402

urlpatterns += [
    path("contracts", stats_employer_views.contract_reports, name="employer-contracts"),
]
# reports: the employer's pages of the workstream (portal/reports_employer_views.py), below this line
# api: the employer's pages of the workstream (portal/targets_employer_views.py), below this line
# welfare: the employer's pages of the workstream (portal/targets_employer_views.py), below this line
# cooperatives: the employer's pages of the workstream (portal/targets_employer_views.py), below this line
# targets: the employer's pages of the workstream (portal/targets_employer_views.py), below this line

# wages: the employer's pages of the workstream (portal/wages_employer_views.py), below this line
from . import wages_employer_views  # noqa: E402

urlpatterns += [
    path("wages", wages_employer_views.project_list, name="employer-wages"),
    path("wages/<int:pk>", wages_employer_views.project_detail, name="employer-wages-project"),
    path(
        "wages/<int:pk>/payroll",
        wages_employer_views.payroll_upload,
        name="employer-wages-payroll",
    ),
]

# disputes: the employer's pages of the workstream (portal/disputes_employer_views.py), below this line
from . import disputes_employer_views  # noqa: E402

urlpatterns += [
    path("disputes", disputes_employer_views.dispute_list, name="employer-disputes"),
    path("disputes/<int:pk>", disputes_employer_views.dispute_detail, name="employer-dispute"),
    path(
        "disputes/<int:pk>/defence",
        disputes_employer_views.defence,
        name="employer-dispute-defence",
    ),
    path(
        "disputes/<int:pk>/evidence",
        disputes_employer_views.evidence,
        name="employer-dispute-evidence",
    ),
    path(
        "disputes/<int:pk>/agents",
        disputes_employer_views.agent_add,
        name="employer-dispute-agent-add",
    ),
    path(
        "disputes/agents/<int:pk>/remove",
        disputes_employer_views.agent_remove,
        name="employer-dispute-agent-remove",
    ),
    path(
        "disputes/agents/<int:pk>/replace",
        disputes_employer_views.agent_replace,
        name="employer-dispute-agent-replace",
    ),
    path(
        "disputes/documents/<int:pk>",
        disputes_employer_views.document,
        name="employer-dispute-document",
    ),
    path(
        "disputes/documents/<int:pk>/confirm",
        disputes_employer_views.confirm,
        name="employer-dispute-confirm",
    ),
]

# subsidies: the employer's pages of the workstream (portal/subsidies_employer_views.py), below this line

# gigs: the employer's pages of gig markets (portal/gigs_employer_views.py)
urlpatterns += [
    path("gigs", gigs_employer_views.gig_list, name="employer-gigs"),
    path("gigs/new", gigs_employer_views.gig_create, name="employer-gig-create"),
    path("gigs/<int:pk>", gigs_employer_views.gig_detail, name="employer-gig"),
    path(
        "gigs/dispatches/<int:pk>/checkout",
        gigs_employer_views.checkout,
        name="employer-gig-checkout",
    ),
    path(
        "gigs/dispatches/<int:pk>/no-show", gigs_employer_views.no_show, name="employer-gig-noshow"
    ),
]
