"""The recruitment ambassador's portal pages (/m/ambassador): signing in with their phone and an
SMS code as workers do, their referral link and QR, the people they referred and their bounties
(names masked), and recording a person they brought with that person's consent. And the link
itself (/m/ref/<token>): the jobs on offer, where applying counts as the ambassador's referral.

An ambassador is not staff: the session holds their id, and every read names them explicitly.
"""

import time

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from homeward.ambassadors import reports, services
from homeward.ambassadors.forms import ReferralForm
from homeward.ambassadors.links import qr_svg, referral_link
from homeward.ambassadors.models import Ambassador, Referral
from homeward.audit.services import client_address, log_action
from homeward.crypto import mask_phone
from homeward.jobs.models import Posting, PostingQuerySet
from homeward.placements.services import ApplicationError
from homeward.regions.codes import county_of
from homeward.signin_codes import services as signin_codes
from homeward.signin_codes.models import SignInCode

from . import identity
from .forms import CodeForm, PhoneForm
from .identity import worker_required

AMBASSADOR = "portal_ambassador"
PAGE_SIZE = 20


def _render(request, template, context):
    context.setdefault("portal_worker", getattr(request, "worker", None))
    return render(request, template, context)


def signed_in_ambassador(request) -> Ambassador | None:
    entry = request.session.get(AMBASSADOR)
    if not entry or time.time() - entry.get("at", 0) > identity._session_seconds():
        return None
    ambassador = services.ambassador_for_phone_hash(entry.get("phone_hash", ""))
    if ambassador is None or ambassador.pk != entry.get("id"):
        return None
    return ambassador


def signin(request):
    """Phone → a code by SMS → signed in as the ambassador (a number that is no active
    ambassador's gets no message, and learns nothing from the page)."""
    if signed_in_ambassador(request) is not None:
        return redirect("portal:ambassador")
    step, form = "phone", PhoneForm()
    if request.method == "POST" and "code" in request.POST:
        form, step = CodeForm(request.POST), "code"
        if form.is_valid():
            phone = form.cleaned_data["phone"]
            try:
                signin_codes.check_code(
                    phone, SignInCode.Audience.WORKER, form.cleaned_data["code"], request=request
                )
            except signin_codes.CodeRefused as error:
                form.add_error("code", str(error))
            else:
                ambassador = services.ambassador_for_phone(phone)
                if ambassador is None:
                    form.add_error("code", _("This number is not an ambassador's."))
                else:
                    request.session.cycle_key()
                    request.session[AMBASSADOR] = {
                        "id": ambassador.pk,
                        "phone_hash": ambassador.phone_hash,
                        "at": time.time(),
                    }
                    log_action("ambassadors.portal.signed_in", request=request, obj=ambassador)
                    return redirect("portal:ambassador")
    elif request.method == "POST":
        form = PhoneForm(request.POST)
        if form.is_valid():
            phone = form.cleaned_data["phone"]
            ambassador = services.ambassador_for_phone(phone)
            try:
                signin_codes.request_code(
                    phone,
                    SignInCode.Audience.WORKER,
                    ip=client_address(request),
                    region=ambassador.region_id if ambassador else None,
                    request=request,
                    send_message=ambassador is not None,
                )
            except signin_codes.CodeRefused as error:
                form.add_error("phone", str(error))
            else:
                step, form = "code", CodeForm(initial={"phone": phone})
                messages.success(
                    request, _("A code was sent to %(phone)s.") % {"phone": mask_phone(phone)}
                )
    context = {"form": form, "step": step, "next": "", "title": _("Ambassador sign-in")}
    return _render(request, "portal/ambassadors/signin.html", context)


@require_POST
def signout(request):
    request.session.pop(AMBASSADOR, None)
    return redirect("portal:ambassador-signin")


def _ambassador_required(view):
    def wrapper(request, *args, **kwargs):
        ambassador = signed_in_ambassador(request)
        if ambassador is None:
            return redirect("portal:ambassador-signin")
        request.ambassador = ambassador
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@never_cache
@_ambassador_required
def home(request):
    ambassador = request.ambassador
    groups = reports.bounty_groups(today=timezone.localdate(), ambassadors=[ambassador])
    referrals = Referral._base_manager.filter(ambassador=ambassador).select_related(
        "worker", "employer", "application__posting__employer"
    )
    link = referral_link(request, ambassador)
    context = {
        "ambassador": ambassador,
        "link": link,
        "svg": qr_svg(link),
        "referrals": Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page")),
        "groups": groups,
        "amount": services.bounty_amount(ambassador.region_id),
        "form": ReferralForm(),
        "title": _("Recruitment ambassador"),
    }
    return _render(request, "portal/ambassadors/home.html", context)


@require_POST
@_ambassador_required
def record(request):
    ambassador = request.ambassador
    form = ReferralForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        worker = services.find_person(data["id_number"], data["name"])
        if worker is None:
            messages.error(request, _("No person of the registry has this ID number and name."))
        else:
            try:
                services.record_referral(
                    ambassador, worker, consent=data["consent"], request=request
                )
            except services.AmbassadorError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Referral recorded."))
    else:
        messages.error(request, _("Give the person's ID number and name."))
    return redirect("portal:ambassador")


def _postings_for(ambassador):
    """Jobs on offer in the ambassador's county (public information)."""
    return (
        PostingQuerySet(Posting)
        .on_offer(timezone.localdate())
        .filter(region__code__startswith=county_of(ambassador.region_id))
        .select_related("employer")
        .order_by("-pk")
    )


def _by_token(token: str) -> Ambassador:
    ambassador = services.ambassador_for_token(token[:24])
    if ambassador is None:
        raise Http404
    return ambassador


@never_cache
def link(request, token: str):
    """The referral link: the jobs, each with an apply button that counts the referral."""
    ambassador = _by_token(token)
    jobs = Paginator(_postings_for(ambassador), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "ambassador_name": ambassador.name,
        "town": ambassador.region.name,
        "token": ambassador.token,
        "jobs": jobs,
        "title": _("Jobs recommended by a recruitment ambassador"),
    }
    return _render(request, "portal/ambassadors/jobs.html", context)


@require_POST
@worker_required
def apply(request, token: str, posting: int):
    ambassador = _by_token(token)
    job = get_object_or_404(_postings_for(ambassador), pk=posting)
    try:
        _application, created = services.apply_by_referral(
            ambassador, request.worker, job, request=request
        )
    except (services.AmbassadorError, ApplicationError) as error:
        messages.error(request, str(error))
        return redirect(reverse("portal:ambassador-link", args=[ambassador.token]))
    if created:
        messages.success(
            request,
            _("Applied. %(employer)s can now see your name and phone number and will contact you.")
            % {"employer": job.employer.name},
        )
    else:
        messages.info(request, _("You have already applied to this job."))
    return redirect("portal:applications")
