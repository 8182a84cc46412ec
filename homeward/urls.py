from django.contrib import admin
from django.urls import include, path

from homeward.campaigns import views as campaigns_views
from homeward.core import views

admin.site.site_header = admin.site.site_title = "Homeward 农民工就业服务与权益保障平台"

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
    path("background/", include("homeward.background.urls")),
    path("outreach/receipts/", include("homeward.campaigns.receipt_urls")),
    path("outreach/", include("homeward.outreach.urls")),
    path("campaigns/", include("homeward.campaigns.urls")),
    path("r/<str:token>", campaigns_views.open_link, name="short-link"),
    path("", include("homeward.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
