"""System checks of the campaigns' delivery receipts (registered by CampaignsConfig.ready()).

Tencent's status callback can only be authenticated by the token in its URL; a production that
sends SMS through Tencent without one would have the endpoint closed (404) and never learn what
was delivered — or, before it was closed by default, would take forged receipts from anyone."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def tencent_receipts_have_a_token(app_configs, **kwargs):
    from homeward.outreach.gateways import gateway_name

    if not getattr(settings, "PRODUCTION", False):
        return []
    if gateway_name("sms") != "tencent" or getattr(settings, "HOMEWARD_TENCENT_RECEIPT_TOKEN", ""):
        return []
    return [
        Error(
            "SMS goes through Tencent Cloud but HOMEWARD_TENCENT_RECEIPT_TOKEN is not set",
            hint=(
                "Set a long random HOMEWARD_TENCENT_RECEIPT_TOKEN and configure Tencent's status "
                "callback as https://<host>/outreach/receipts/tencent/?token=<it>; without it the "
                "receipt endpoint answers 404 and no delivery is ever recorded."
            ),
            id="homeward.E003",
        )
    ]
