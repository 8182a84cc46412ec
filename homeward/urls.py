from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from homeward.accounts import views as accounts_views
from homeward.core import views
from homeward.portal import link_views

admin.site.site_header = admin.site.site_title = _("Homeward administration")

urlpatterns = [
    path("", views.landing, name="landing"),
    path("staff/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's): the one icon.
    path("favicon.ico", RedirectView.as_view(url=static("homeward/favicon.svg")), name="favicon"),
    path("accounts/", include("homeward.accounts.urls")),
    path("regions/", include("homeward.regions.urls")),
    path("employers/", include("homeward.employers.urls")),
    path("jobs/", include("homeward.jobs.urls")),
    path("workers/", include("homeward.workers.urls")),
    path("matching/", include("homeward.matching.urls")),
    path("background/", include("homeward.background.urls")),
    path("outreach/receipts/", include("homeward.campaigns.receipt_urls")),
    path("outreach/", include("homeward.outreach.urls")),
    path("campaigns/", include("homeward.campaigns.urls")),
    path("fairs/", include("homeward.fairs.urls")),
    path("surveys/", include("homeward.surveys.urls")),
    path("followups/", include("homeward.followups.urls")),
    path("subsidies/", include("homeward.subsidies.urls")),
    path("training/", include("homeward.training.urls")),
    path("wages/", include("homeward.wages.urls")),
    path("disputes/", include("homeward.disputes.urls")),
    path("ambassadors/", include("homeward.ambassadors.urls")),
    path("trips/", include("homeward.trips.urls")),
    path("teams/", include("homeward.teams.urls")),
    path("agencies/", include("homeward.agencies.urls")),
    path("ventures/", include("homeward.ventures.urls")),
    path("loans/", include("homeward.loans.urls")),
    path("stations/", include("homeward.stations.urls")),
    path("gigs/", include("homeward.gigs.urls")),
    path("stats/", include("homeward.stats.urls")),
    path("reports/", include("homeward.reports.urls")),
    path("targets/", include("homeward.targets.urls")),
    # api: path("api/", …) (homeward/api/urls.py), below this line
    path("api/", include("homeward.api.urls")),
    # welfare: path("welfare/", include("homeward.welfare.urls")), below this line
    path("welfare/", include("homeward.welfare.urls")),
    # cooperatives: path("cooperatives/", include("homeward.cooperatives.urls")), below this line
    path("cooperatives/", include("homeward.cooperatives.urls")),
    path("r/<str:token>", link_views.open_link, name="short-link"),
    path("", include("homeward.portal.urls")),
    path("i18n/setlang/", views.set_language, name="set_language"),
    # The admin's own sign-in and sign-out would check `next` their own way: they are the staff
    # ones (core.redirects.safe_next, tests/core/test_redirects.py). An admin page sends a
    # signed-in user without the role here too, so this one shows the form instead of bouncing.
    path("admin/login/", accounts_views.LoginView.as_view(redirect_authenticated_user=False)),
    path("admin/logout/", accounts_views.LogoutView.as_view()),
    path("admin/", admin.site.urls),
]
