"""The worker portal (手机端): sign in with an SMS code, recommended jobs, search, apply, follow
one's applications, say what one wants, read policies. Small pages, no scripts.

Portal requests have no staff area: every read below names its owner explicitly (the signed-in
worker's applications, published postings which are public), see identity.py.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from homeward.audit.models import Result
from homeward.audit.services import client_address, log_action
from homeward.content.models import Article
from homeward.crypto import mask_phone
from homeward.jobs.models import Posting, PostingQuerySet
from homeward.matching.cache import TIMEOUT as RECOMMENDATION_TIMEOUT
from homeward.matching.cache import cache_key as recommendation_key
from homeward.matching.cache import recommended_jobs
from homeward.matching.services import WORKER_FIELDS
from homeward.outreach.models import OutboxMessage
from homeward.placements import services as placements
from homeward.placements.models import Application, Source
from homeward.regions.codes import city_of, county_of
from homeward.regions.models import Region
from homeward.scoping import limit_to_area, unscoped
from homeward.signin_codes import services as signin_codes
from homeward.signin_codes.models import SignInCode
from homeward.workers import self_service

from . import identity
from .forms import CodeForm, IdentityForm, JobSearchForm, PhoneForm, RegisterForm, WishesForm
from .identity import worker_required

PAGE_SIZE = 20
RECOMMENDED = 10


def _render(request, template, context=None, **kwargs):
    context = context or {}
    context.setdefault("portal_worker", getattr(request, "worker", None))
    return render(request, template, context, **kwargs)


# Signing in ---------------------------------------------------------------------------------


def signin(request):
    """Step 1: the mobile number → a code by SMS. Step 2: the code → signed in (or binding)."""
    next_url = identity.safe_next(request, reverse("portal:home"))
    if identity.signed_in_worker(request) is not None:
        return redirect(next_url)
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
                account = self_service.account_for_phone(phone)
                if account is None:
                    identity.remember_verified_phone(request, phone)
                    return redirect(f"{reverse('portal:bind')}?next={_quote(next_url)}")
                identity.start_session(request, worker_id=account.worker_id)
                identity.touch_sign_in(account)
                return redirect(next_url)
    elif request.method == "POST":
        form = PhoneForm(request.POST)
        if form.is_valid():
            phone = form.cleaned_data["phone"]
            account = self_service.account_for_phone(phone)
            region = account.worker.region_id if account else None
            try:
                signin_codes.request_code(
                    phone,
                    SignInCode.Audience.WORKER,
                    ip=client_address(request),
                    region=region,
                    request=request,
                )
            except signin_codes.CodeRefused as error:
                form.add_error("phone", str(error))
            else:
                step, form = "code", CodeForm(initial={"phone": phone})
                messages.success(
                    request, _("A code was sent to %(phone)s.") % {"phone": mask_phone(phone)}
                )
    return _render(
        request,
        "portal/signin.html",
        {"form": form, "step": step, "next": next_url, "title": _("Sign in")},
    )


def _quote(url: str) -> str:
    from urllib.parse import quote

    return quote(url, safe="/")


def bind(request):
    """First sign-in: find one's registry record by ID number and name, or register oneself."""
    phone = identity.verified_phone(request)
    next_url = identity.safe_next(request, reverse("portal:home"))
    if phone is None:
        return redirect(f"{reverse('portal:signin')}?next={_quote(next_url)}")
    attempts = request.session.get("portal_bind_attempts", 0)
    form, register_form = IdentityForm(), None
    if request.method == "POST":
        if attempts >= self_service.BIND_ATTEMPTS or not self_service.may_look_up(phone):
            log_action("portal.bind.locked", request=request, result=Result.REFUSED)
            messages.error(request, _("Too many tries. Ask your village service station for help."))
            return redirect("portal:signin")
        county = _county_of(request.POST.get("id_number", ""))
        registering = "village" in request.POST
        form = (
            RegisterForm(request.POST, county=county) if registering else IdentityForm(request.POST)
        )
        if registering:
            register_form = form
        if form.is_valid():
            # Every lookup by ID number counts, found or not, name right or wrong (issue 10).
            request.session["portal_bind_attempts"] = attempts + 1
            self_service.count_look_up(phone)
            data = form.cleaned_data
            try:
                if registering:
                    worker = self_service.register_self(
                        phone,
                        id_number=data["id_number"],
                        name=data["name"],
                        village=data["village"],
                        consents=data["consents"],
                        request=request,
                    )
                else:
                    worker = self_service.bind(
                        phone, data["id_number"], data["name"], request=request
                    )
            except self_service.NoMatch:
                # Alike for an unregistered number and a registered one with another name.
                if not county or not Region.tree.filter(parent_id=county).exists():
                    form.add_error(
                        "id_number",
                        _(
                            "Your household is outside the areas this platform serves. "
                            "Ask the employment office of your home county."
                        ),
                    )
                else:
                    initial = {k: data[k] for k in ("id_number", "name")}
                    register_form = register_form or RegisterForm(
                        initial={**initial, "consents": True}, county=county
                    )
            except self_service.BindRefused as error:
                form.add_error(None, str(error))
            else:
                registered = registering and self_service.registered_themselves(worker)
                return _signed_in(request, worker, next_url, registered=registered)
    return _render(
        request,
        "portal/bind.html",
        {
            "form": form,
            "register_form": register_form,
            "next": next_url,
            "phone": mask_phone(phone),
            "title": _("Who are you?"),
        },
    )


def _county_of(raw_id: str) -> str:
    from homeward.codes import idnumber

    try:
        return county_of(idnumber.parse(raw_id).region_code)
    except idnumber.InvalidIdNumber:
        return ""


def _signed_in(request, worker, next_url, registered=False):
    identity.start_session(request, worker_id=worker.pk)
    request.session.pop("portal_bind_attempts", None)
    if registered:
        messages.success(
            request,
            _("Welcome! Your record is registered; the village service station will confirm it."),
        )
    return redirect(next_url)


@require_POST
def signout(request):
    identity.end_session(request)
    return redirect("portal:signin")


# Jobs -----------------------------------------------------------------------------------------


# What the home reads of the person: what matching reads (the cache key's digest) and the
# wishes it asks for; nothing personal (identity.PERSONAL).
HOME_FIELDS = tuple(f for f in WORKER_FIELDS if f != "id")


# The page's templates and what else it is made of that only a deploy changes.
HOME_TEMPLATES = (
    "portal/home.html",
    "portal/base.html",
    "portal/_recommendations.html",
    "portal/_job_card.html",
)


@functools.cache
def _home_version() -> str:
    """A digest of the home's templates, catalogue, links and style sheet's address: pages
    cached by other code are not read after a deploy."""
    digest = hashlib.blake2b(digest_size=6)
    for name in HOME_TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    for folder in settings.LOCALE_PATHS:
        for catalogue in sorted(Path(folder).glob("*/LC_MESSAGES/django.mo")):
            digest.update(catalogue.read_bytes())
    for name in ("home", "me", "jobs", "applications", "wishes"):
        digest.update(reverse(f"portal:{name}").encode())
    digest.update(static("homeward/portal.css").encode())
    return digest.hexdigest()


def home_page_key(worker, applied: list[int]) -> str:
    """Everything the person's home page depends on, so a stale page is never read.

    The recommendations' own key (matching.cache: the person's id and record digest, the
    open postings' stamp of their province — count, newest posting or employer change, today —
    and the engine), the jobs they applied to, whether staff have yet to confirm them, the
    language and `_home_version`. Nothing is invalidated: a changed input is a new key, the old
    page is left to expire.
    """
    applied_digest = hashlib.blake2b(repr(applied).encode(), digest_size=8).hexdigest()
    return (
        f"portal-home:{_home_version()}:{translation.get_language()}:"
        f"{recommendation_key(worker, RECOMMENDED)}:{applied_digest}:"
        f"{int(worker.account_awaiting)}"
    )


def _home(request, worker, applied: list[int]):
    recommendations = recommended_jobs(worker, RECOMMENDED)
    taken = set(applied)
    for rec in recommendations:
        rec.applied = rec.posting.pk in taken
    return _render(
        request,
        "portal/home.html",
        {
            "recommendations": recommendations,
            "awaiting_confirmation": worker.account_awaiting,
            "needs_wishes": not (worker.intention and worker.occupation_text),
            "tab": "home",
            "title": _("Jobs for you"),
        },
    )


@worker_required(fields=HOME_FIELDS, applications=True)
def home(request):
    """为你推荐: the jobs that fit the person best, with the reasons.

    The page is rendered once per person and state and kept in the cache (`home_page_key`):
    what it holds is what the person alone sees — job titles, wages, employers, the reasons
    about them — and no name, phone or ID number (S22). A visit with a note to show (a flash
    message) is rendered as it is, not cached.
    """
    worker = request.worker
    applied = worker.applied_ids  # read with the person (identity.signed_in_worker)
    if messages.get_messages(request):
        return _home(request, worker, applied)
    key = home_page_key(worker, applied)
    page = cache.get(key)
    if page is None:
        response = _home(request, worker, applied)
        cache.set(key, response.content.decode(), RECOMMENDATION_TIMEOUT)
        return response
    return HttpResponse(page)


def _open_postings():
    """Postings on offer anywhere (public information): the queryset's `on_offer`, built on
    the unscoped base rows rather than the scoped manager."""
    return PostingQuerySet(Posting).on_offer(timezone.localdate())


def _areas_with_jobs() -> list[tuple[str, str]]:
    regions = _open_postings().values_list("region_id", flat=True)
    counties = sorted({county_of(code) for code in regions})
    names = dict(Region.tree.filter(code__in=counties).values_list("code", "name"))
    parents = dict(
        Region.tree.filter(code__in={city_of(c) for c in counties}).values_list("code", "name")
    )
    return [(c, f"{parents.get(city_of(c), '')}{names.get(c, c)}") for c in counties]


def jobs(request):
    """Search the open jobs by trade, place, wage and type (anyone may look)."""
    worker = identity.signed_in_worker(request)
    request.worker = worker
    form = JobSearchForm(request.GET or None, areas=_areas_with_jobs())
    rows = _open_postings().select_related("employer", "region")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            rows = rows.filter(Q(title__contains=data["q"]) | Q(occupation__contains=data["q"]))
        if data["area"]:
            rows = limit_to_area(rows, data["area"])
        if data["wage"]:
            rows = rows.filter(wage_unit="month", wage_max__gte=data["wage"])
        if data["work_type"]:
            rows = rows.filter(work_type=data["work_type"])
    page = Paginator(rows.order_by("-published_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "portal/jobs.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "tab": "jobs",
            "title": _("Find jobs"),
        },
    )


def job(request, pk: int):
    """A job: employer, pay, benefits, place, requirements, and the apply button."""
    worker = identity.signed_in_worker(request)
    request.worker = worker
    posting = get_object_or_404(
        Posting._base_manager.select_related("employer", "region", "region__parent"), pk=pk
    )
    if not posting.is_public:
        raise Http404
    application = None
    if worker is not None:
        application = Application._base_manager.filter(worker=worker, posting=posting).first()
    return _render(
        request,
        "portal/job.html",
        {
            "posting": posting,
            "application": application,
            "on_offer": posting.is_on_offer(timezone.localdate()),
            "place": _place_name(posting.region_id),
            "tab": "jobs",
            "title": posting.title,
        },
    )


def _place_name(code: str) -> str:
    with unscoped():
        region = Region.tree.filter(code=code).first()
        return region.full_name() if region else code


@require_POST
def apply(request, pk: int):
    posting = get_object_or_404(_open_postings().select_related("employer"), pk=pk)
    request.worker = identity.signed_in_worker(request)
    if request.worker is None:  # sign in, then back to the job's page to tap again
        job_page = reverse("portal:job", args=[pk])
        return redirect(f"{reverse('portal:signin')}?next={_quote(job_page)}")
    campaign_id = identity.campaign_of(request)
    try:
        application, created = placements.apply(
            request.worker,
            posting,
            source=Source.CAMPAIGN if campaign_id else Source.PORTAL,
            campaign_id=campaign_id,
            request=request,
        )
    except placements.ApplicationError as error:
        messages.error(request, str(error))
        return redirect("portal:job", pk=pk)
    if created:
        messages.success(
            request,
            _("Applied. %(employer)s can now see your name and phone number and will contact you.")
            % {"employer": posting.employer.name},
        )
    else:
        messages.info(request, _("You have already applied to this job."))
    return redirect("portal:applications")


@worker_required
def applications(request):
    rows = (
        Application._base_manager.filter(worker=request.worker)
        .select_related("posting", "posting__employer")
        .order_by("-applied_at")
    )
    return _render(
        request,
        "portal/applications.html",
        {"applications": rows, "tab": "applications", "title": _("My applications")},
    )


@require_POST
@worker_required
def withdraw(request, pk: int):
    application = get_object_or_404(Application._base_manager.filter(worker=request.worker), pk=pk)
    try:
        placements.withdraw(application, request=request)
    except placements.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("portal:applications")


def campaign_jobs(request, token: str):
    """The jobs a push message named, reached from its personal link."""
    from homeward.campaigns.receipts import delivery_for_token, postings_of

    delivery = delivery_for_token(token)
    if delivery is None:
        raise Http404
    request.worker = identity.signed_in_worker(request)
    postings = postings_of(delivery)
    return _render(
        request,
        "portal/campaign_jobs.html",
        {"postings": postings, "tab": "home", "title": _("Jobs for you")},
    )


# The person ------------------------------------------------------------------------------------


@worker_required
def me(request):
    worker = request.worker
    return _render(
        request,
        "portal/me.html",
        {
            "worker": worker,
            "account": worker.portal_account,
            "village": _place_name(worker.region_id),
            "tab": "me",
            "title": _("Me"),
        },
    )


@worker_required
def wishes(request):
    worker = request.worker
    form = WishesForm.for_worker(worker, request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = self_service.update_wishes(worker, form.changes(), request=request)
        if changed:
            from django.db import transaction

            from homeward.matching.tasks import place_worker_in_matches

            transaction.on_commit(lambda: place_worker_in_matches.enqueue(worker.pk))
            messages.success(request, _("Saved. Your recommended jobs follow your wishes now."))
        return redirect("portal:home")
    return _render(
        request, "portal/wishes.html", {"form": form, "tab": "me", "title": _("What I want")}
    )


@worker_required
def inbox(request):
    """In-app messages to the person, newest first, and the switch for text messages."""
    rows = OutboxMessage._base_manager.filter(worker=request.worker, channel="inapp")[:50]
    return _render(
        request,
        "portal/inbox.html",
        {"messages_in": rows, "worker": request.worker, "tab": "me", "title": _("Messages")},
    )


@require_POST
@worker_required
def message_settings(request):
    wanted = request.POST.get("wanted") == "yes"
    self_service.set_messages(request.worker, wanted, request=request)
    messages.success(
        request,
        _("You will receive job messages.") if wanted else _("You will receive no job messages."),
    )
    return redirect("portal:inbox")


# Policies and guides --------------------------------------------------------------------------


def articles(request):
    worker = identity.signed_in_worker(request)
    request.worker = worker
    rows = Article.published_for(worker.region_id if worker else None)
    return _render(
        request,
        "portal/articles.html",
        {"articles": rows, "tab": "me", "title": _("Policies and guides")},
    )


def article(request, pk: int):
    worker = identity.signed_in_worker(request)
    request.worker = worker
    item = get_object_or_404(Article.published_for(worker.region_id if worker else None), pk=pk)
    return _render(
        request, "portal/article.html", {"article": item, "tab": "me", "title": item.title}
    )
