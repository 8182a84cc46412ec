"""Staff pages of push campaigns (list, compose, preview, send, funnel); the personal link
/r/<token> is a portal door (portal/link_views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.jobs.models import Posting
from homeward.outreach.quiet import quiet_until

from . import funnel, lifecycle
from .audience import draft_sample, filter_labels, preview
from .forms import CampaignForm
from .models import Campaign

PAGE_SIZE = 50


@login_required
@require_safe
def campaign_list(request):
    campaigns = Campaign.objects.select_related("region", "created_by")
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "channels": funnel.channel_funnels(campaigns),
        "title": _("Push campaigns"),
    }
    return render(request, "campaigns/list.html", context)


@login_required
@require_safe
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(Campaign.objects.select_related("region", "created_by"), pk=pk)
    context = {
        "campaign": campaign,
        "title": campaign.name,
        "filter_labels": filter_labels(campaign),
        "postings": campaign.postings.all(),  # scoped: the jobs of the viewer's area
    }
    if campaign.is_draft:
        context["preview"] = preview(campaign)
    else:
        context["funnel"] = funnel.campaign_funnel(campaign)
    if campaign.is_sending:  # SMS wait for the end of the quiet hours: say until when
        context["quiet_until"] = quiet_until(campaign.channel, timezone.now())
    return render(request, "campaigns/detail.html", context)


@login_required
@writers_only
def campaign_create(request):
    return _compose(request, Campaign())


@login_required
@writers_only
def campaign_edit(request, pk: int):
    campaign = get_object_or_404(Campaign.objects, pk=pk)
    if not campaign.is_draft:
        messages.warning(request, _("Only a draft can be changed."))
        return redirect("campaigns:detail", pk=campaign.pk)
    return _compose(request, campaign)


@login_required
@writers_only
def campaign_for_posting(request, posting: int):
    """The job page's "push to these matched workers": the form preset with its matches."""
    job = get_object_or_404(Posting.objects, pk=posting)
    if not job.is_on_offer(timezone.localdate()):
        messages.warning(request, _("Only a job on offer can be pushed to its matched workers."))
        return redirect("jobs:detail", pk=job.pk)
    initial = {
        "name": _("%(job)s: its matched workers") % {"job": job.title[:60]},
        "audience": Campaign.Audience.MATCHED,
        "postings": [job.pk],
    }
    return _compose(request, Campaign(), initial=initial)


@login_required
@require_safe
def template_preview(request):
    """The template being typed, rendered for a sample person of the viewer's area (htmx)."""
    channel = request.GET.get("channel", "sms")
    draft = draft_sample(
        area=request.area or "",
        template=request.GET.get("template", "")[:1000],
        channel=channel,
        audience_kind=request.GET.get("audience", Campaign.Audience.FILTER),
        posting_ids=request.GET.getlist("postings")[:100],
    )
    context = {"draft": draft, "sms": channel == "sms"}
    return render(request, "campaigns/_template_preview.html", context)


def _compose(request, campaign: Campaign, initial=None):
    form = CampaignForm(
        request.POST or None, instance=campaign, user_area=request.area, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        postings = form.cleaned_data["postings"]
        try:
            if campaign.pk:
                campaign = lifecycle.update_campaign(
                    campaign,
                    by=request.user,
                    data={**values, "region_id": form.cleaned_data["area"]},
                    postings=postings,
                    request=request,
                )
            else:
                campaign = lifecycle.create_campaign(
                    by=request.user,
                    region_code=form.cleaned_data["area"],
                    data=values,
                    postings=postings,
                    request=request,
                )
        except lifecycle.CampaignStateError as error:
            messages.error(request, str(error))
        else:
            return redirect("campaigns:detail", pk=campaign.pk)
    title = _("Edit push campaign") if campaign.pk else _("New push campaign")
    context = {"form": form, "campaign": campaign, "title": title}
    return render(request, "campaigns/form.html", context)


@login_required
@writers_only
@require_POST
def campaign_send(request, pk: int):
    campaign = get_object_or_404(Campaign.objects, pk=pk)
    try:
        counts = lifecycle.start_campaign(campaign, by=request.user, request=request)
    except lifecycle.CampaignStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Sending to %(queued)s people; %(skipped)s skipped.") % counts,
        )
    return redirect("campaigns:detail", pk=campaign.pk)


@login_required
@writers_only
@require_POST
def campaign_cancel(request, pk: int):
    campaign = get_object_or_404(Campaign.objects, pk=pk)
    try:
        lifecycle.cancel_campaign(campaign, by=request.user, request=request)
    except lifecycle.CampaignStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The campaign was cancelled."))
    return redirect("campaigns:detail", pk=campaign.pk)
