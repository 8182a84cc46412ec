from django.urls import path

from . import views

app_name = "subsidies"

urlpatterns = [
    path("", views.index, name="index"),
    path("policies/<int:pk>/", views.policy_detail, name="policy"),
    path("versions/<int:pk>/publish", views.version_publish, name="version-publish"),
    path("entitlements/<int:pk>/", views.entitlement_detail, name="entitlement"),
    path("entitlements/<int:pk>/decide", views.decide, name="decide"),
    path("notice/", views.notice, name="notice"),
    path("scan", views.scan, name="scan"),
    path("batches/new", views.batch_create, name="batch-create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/download", views.batch_download, name="batch-download"),
    path("batches/<int:pk>/return", views.batch_return, name="batch-return"),
    path("policies/<int:pk>/versions/new", views.version_create, name="version-create"),
    path("apply", views.apply_behalf, name="apply-behalf"),
    path("invite", views.invite, name="invite"),
    path("invitations/<int:pk>/", views.invitation, name="invitation"),
    path("samples/", views.samples, name="samples"),
    path("samples/draw", views.sample_draw, name="sample-draw"),
    path("entitlements/<int:pk>/check", views.sample_check, name="sample-check"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("evidence/<int:pk>/file", views.evidence_file, name="evidence-file"),
    path("payments/<int:pk>/cancel", views.payment_cancel, name="payment-cancel"),
]
