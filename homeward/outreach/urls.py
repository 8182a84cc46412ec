from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("receipts/tencent/", views.tencent_receipt, name="receipt-tencent"),
    path("receipts/webhook/", views.webhook_receipt, name="receipt-webhook"),
]
