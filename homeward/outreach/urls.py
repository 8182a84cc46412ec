from django.urls import path

from homeward.campaigns import receipt_views

from . import views

app_name = "outreach"

urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    # Receipts belong to the campaigns whose funnel they feed; the paths stay where providers
    # are configured to post them.
    path("receipts/tencent/", receipt_views.tencent_receipt, name="receipt-tencent"),
    path("receipts/webhook/", receipt_views.webhook_receipt, name="receipt-webhook"),
]
