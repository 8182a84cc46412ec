from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from homeward.core import views
from homeward.portal import link_views

admin.site.site_header = admin.site.site_title = _("Homeward administration")

urlpatterns = [
    path("", views.landing, name="landing"),
    path("staff/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("homeward.accounts.urls")),
    path("regions/", include("homeward.regions.urls")),
    path("employers/", include("homeward.employers.urls")),
    path("jobs/", include("homeward.jobs.urls")),
    path("workers/", include("homeward.workers.urls")),
    path("matching/", include("homeward.matching.urls")),
    path("outreach/receipts/", include("homeward.campaigns.receipt_urls")),
    path("outreach/", include("homeward.outreach.urls")),
    path("campaigns/", include("homeward.campaigns.urls")),
    path("r/<str:token>", link_views.open_link, name="short-link"),
    path("", include("homeward.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
