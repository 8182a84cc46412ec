"""/r/<token>: the personal link of a campaign's message, a portal door.

A person opened their message's link: the click is counted by the campaign
(`campaigns.receipts.record_click`), the campaign is remembered in the portal session for the
applications that follow (`identity.remember_campaign`), and the person goes on to the job, or
to the jobs their message named. Nothing personal is in any URL.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from homeward.campaigns import receipts

from . import subsidies_views
from .identity import remember_campaign


@never_cache
@require_safe
def open_link(request, token: str):
    """Count the click, remember the campaign, go on to the portal."""
    if request.method == "HEAD":  # link previews and checkers: no click, no session
        delivery = receipts.delivery_for_token(token)
    else:
        delivery = receipts.record_click(token)
    if delivery is None:
        raise Http404
    if request.method != "HEAD":
        remember_campaign(request, delivery.campaign_id)
    # subsidies: an invitation to apply lands on the policy's page (portal/subsidies_views.py)
    if landing := subsidies_views.landing_for(delivery):
        return redirect(landing)
    if len(delivery.posting_ids) == 1:
        return redirect(reverse("portal:job", args=[delivery.posting_ids[0]]))
    return redirect(reverse("portal:campaign-jobs", args=[token]))
