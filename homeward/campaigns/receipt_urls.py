"""Delivery receipts from the SMS providers, at the paths providers are configured to post to
(/outreach/receipts/…): they feed the campaigns' funnel, so the campaigns app answers them."""

from django.urls import path

from . import receipt_views

app_name = "receipts"

urlpatterns = [
    path("tencent/", receipt_views.tencent_receipt, name="tencent"),
    path("webhook/", receipt_views.webhook_receipt, name="webhook"),
]
