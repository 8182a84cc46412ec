"""The employer portal: an employer's HR signs in with an SMS code, keeps the employer's postings
and moves the applications to them (interview → hired / not hired).

Portal requests have no area, so every read goes through an explicit ownership filter on the
base manager — `Posting._base_manager.filter(employer=request.employer)` — and an id in the URL
that is not this employer's answers 404. Writes of scoped records run in the record's own area
(`area_scope`), as the placements services do for applications.

Workers who applied to a posting shared their contact with its employer, so their phone shows in
full; recommended workers have not, so they show as "王师傅, 45, 幸福街道" with the reasons only.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from homeward.audit.models import Result
from homeward.audit.services import client_address, log_action
from homeward.crypto import hash_filter, mask_phone
from homeward.employers.models import EmployerUser
from homeward.jobs import services as posting_services
from homeward.jobs.models import Posting
from homeward.jobs.models import Status as PostingStatus
from homeward.matching.models import PostingMatches
from homeward.matching.reasons import shown_to_employers
from homeward.placements import services as placements
from homeward.placements.models import Application, ApplicationEvent
from homeward.placements.models import Status as ApplicationStatus
from homeward.scoping import area_scope
from homeward.signin_codes import services as signin_codes
from homeward.signin_codes.models import SignInCode
from homeward.workers.models import Worker
from homeward.workers.names import family_name

from .employer_forms import EmployerPostingForm, HireForm, InterviewForm, RejectForm
from .forms import CodeForm, PhoneForm
from .identity import (
    employer_required,
    end_session,
    safe_next,
    signed_in_employer_user,
    start_session,
    touch_sign_in,
)

RECOMMENDED = 20  # recommended workers shown on a posting's page

# What an employer calls each state of their posting: a draft waits for staff to publish it.
POSTING_LABELS = {
    PostingStatus.DRAFT: gettext_lazy("awaiting review"),
    PostingStatus.PUBLISHED: gettext_lazy("recruiting"),
    PostingStatus.FILLED: gettext_lazy("filled"),
    PostingStatus.CLOSED: gettext_lazy("closed"),
}


# Signing in.


def _active_user(number: str) -> EmployerUser | None:
    """The active employer user with this phone, of an employer not on the blacklist."""
    return (
        EmployerUser._base_manager.select_related("employer")
        .filter(is_active=True, employer__is_blacklisted=False)
        .filter(**hash_filter(EmployerUser, "phone", number))
        .first()
    )


@require_http_methods(["GET", "POST"])
def signin(request):
    """Step one asks for the mobile number, step two (the same page) for the code it got."""
    next_url = safe_next(request, reverse("portal:employer-home"))
    if signed_in_employer_user(request) is not None:
        return redirect(next_url)
    step, form = "phone", PhoneForm()
    if request.method == "POST" and "code" in request.POST:
        step, form = "code", CodeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = _verify(request, data["phone"], data["code"])
            except signin_codes.CodeRefused as error:
                form.add_error("code", str(error))
            else:
                start_session(request, employer_user_id=user.pk)
                touch_sign_in(user)
                return redirect(next_url)
    elif request.method == "POST":
        form = PhoneForm(request.POST)
        if form.is_valid():
            try:
                _send_code(request, form.cleaned_data["phone"])
            except signin_codes.CodeRefused as error:
                form.add_error("phone", str(error))
            else:
                step, form = "code", CodeForm(initial={"phone": form.cleaned_data["phone"]})
    phone = form["phone"].value() or ""
    context = {
        "form": form,
        "step": step,
        "sent_to": mask_phone(phone) if step == "code" else "",
        "next": next_url,
        "title": _("Sign in"),
    }
    return render(request, "portal/employer/signin.html", context)


def _send_code(request, number: str) -> None:
    """Send a code to an active employer user's phone; to any other number send nothing, but
    answer (and refuse) exactly as if a code had gone, so no one learns whose number it is."""
    ip = client_address(request)
    user = _active_user(number)
    if user is None:
        _pretend_to_send(number, ip=ip, request=request)
    else:
        signin_codes.request_code(
            number,
            SignInCode.Audience.EMPLOYER,
            ip=ip,
            region=user.employer.region_id,
            request=request,
        )


def _pretend_to_send(number: str, *, ip: str | None, request) -> None:
    """The same limits and the same answer as a real send, but no message (see otp)."""
    signin_codes.request_code(
        number, SignInCode.Audience.EMPLOYER, ip=ip, request=request, send_message=False
    )
    log_action(
        "portal.employer.signin.unknown_phone",
        request=request,
        result=Result.REFUSED,
        object_repr=mask_phone(number),
        detail={"audience": SignInCode.Audience.EMPLOYER},
    )


def _verify(request, raw_phone: str, code: str) -> EmployerUser:
    number = signin_codes.check_code(raw_phone, SignInCode.Audience.EMPLOYER, code, request=request)
    user = _active_user(number)
    if user is None:  # deactivated since the code was sent
        log_action(
            "portal.employer.signin.refused",
            request=request,
            result=Result.REFUSED,
            object_repr=mask_phone(number),
            detail={"reason": "no active employer user"},
        )
        raise signin_codes.CodeRefused(_("The code has expired or was used. Ask for a new one."))
    return user


@require_POST
def signout(request):
    user = signed_in_employer_user(request)
    if user is not None:
        log_action(
            "portal.employer.signout",
            request=request,
            obj=user,
            object_repr=user.name,
            detail={"employer_user": user.pk},
        )
    end_session(request)
    return redirect("portal:employer-signin")


# Lookups: this employer's records only; any other id answers 404.


def _posting_of(request, pk: int) -> Posting:
    postings = Posting._base_manager.select_related("region__parent", "employer")
    return get_object_or_404(postings, pk=pk, employer=request.employer)


def _application_of(request, pk: int) -> Application:
    applications = Application._base_manager.select_related(
        "worker__region__parent", "posting__employer"
    )
    return get_object_or_404(applications, pk=pk, posting__employer=request.employer)


def _by(request) -> str:
    return f"employer:{request.employer_user.pk}"


# Postings.


@require_safe
@employer_required
def home(request):
    counts = {
        status: Count("applications", filter=Q(applications__status=status))
        for status in ApplicationStatus.values
    }
    postings = list(
        Posting._base_manager.filter(employer=request.employer)
        .annotate(**counts)
        .order_by("-created_at", "-pk")
    )
    labels = dict(ApplicationStatus.choices)
    for posting in postings:
        posting.label = POSTING_LABELS[posting.status]
        posting.counts = [
            (status, labels[status], getattr(posting, status))
            for status in ApplicationStatus.values
            if getattr(posting, status)
        ]
    context = {"postings": postings, "title": request.employer.name}
    return render(request, "portal/employer/home.html", context)


@require_http_methods(["GET", "POST"])
@employer_required
def posting_create(request):
    posting = Posting(employer=request.employer, region_id=request.employer.region_id)
    return _edit(request, posting)


@require_http_methods(["GET", "POST"])
@employer_required
def posting_edit(request, pk: int):
    posting = _posting_of(request, pk)
    if posting.status != PostingStatus.DRAFT:
        messages.warning(request, _("Only a posting awaiting review can be changed."))
        return redirect("portal:employer-posting", pk=posting.pk)
    return _edit(request, posting)


def _edit(request, posting: Posting):
    adding = posting.pk is None
    form = EmployerPostingForm(request.POST if request.method == "POST" else None, instance=posting)
    if request.method == "POST" and form.is_valid():
        try:
            with area_scope(posting.region_id):
                posting = posting_services.save_posting(
                    form, by=None, request=request, on_behalf=_by(request), drafts_only=True
                )
        except posting_services.PostingStateError as error:
            messages.warning(request, str(error))
            return redirect("portal:employer-posting", pk=posting.pk)
        messages.success(
            request,
            _("The posting is saved. Staff will review and publish it.")
            if adding
            else _("The posting is saved."),
        )
        return redirect("portal:employer-posting", pk=posting.pk)
    context = {
        "form": form,
        "posting": posting,
        "title": _("New job posting") if adding else posting.title,
    }
    return render(request, "portal/employer/posting_form.html", context)


@require_POST
@employer_required
def posting_close(request, pk: int):
    posting = _posting_of(request, pk)
    try:
        with area_scope(posting.region_id):
            posting_services.close_posting(
                posting, by=None, request=request, on_behalf=f"employer:{request.employer_user.pk}"
            )
    except posting_services.PostingStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The posting is closed."))
    return redirect("portal:employer-posting", pk=posting.pk)


@require_safe
@employer_required
def posting_detail(request, pk: int):
    posting = _posting_of(request, pk)
    applications = list(
        Application._base_manager.filter(posting=posting)
        .select_related("worker__region__parent")
        .order_by("-applied_at", "-pk")
    )
    applicants = [_applicant(application) for application in applications]
    recommended = _recommended(posting, applied={a.worker_id for a in applications})
    context = {
        "posting": posting,
        "label": POSTING_LABELS[posting.status],
        "applicants": applicants,
        "recommended": recommended,
        "title": posting.title,
    }
    return render(request, "portal/employer/posting.html", context)


def _place(region, *, village: bool) -> str:
    """The town (and village) of a household: 幸福街道凤凰居委会, or 幸福街道 alone."""
    if region.level == "village" and region.parent_id:
        return f"{region.parent.name}{region.name}" if village else region.parent.name
    return region.name


def _occupation(worker: Worker) -> str:
    return worker.get_occupation_display() if worker.occupation else worker.occupation_text


def _applicant(application: Application) -> dict:
    """An applicant as the employer sees them: applying shared their contact with this employer
    (a withdrawn application takes the number back)."""
    worker = application.worker
    withdrawn = application.status == ApplicationStatus.WITHDRAWN
    return {
        "application": application,
        "name": worker.name,
        "age": worker.age,
        "place": _place(worker.region, village=True),
        "occupation": _occupation(worker),
        "phone": mask_phone(worker.phone) if withdrawn else worker.phone,
    }


def masked_name(name: str) -> str:
    """王小明 → 王师傅; 欧阳娜娜 → 欧阳师傅: the family name only."""
    family = family_name(name)
    return _("%(family)s shifu") % {"family": family} if family else "—"


def _recommended(posting: Posting, *, applied: set[int]) -> list[dict]:
    """The stored matched workers who have not applied, with nothing that identifies them."""
    stored = PostingMatches._base_manager.filter(posting=posting).first()
    if stored is None:
        return []
    top = [m for m in stored.matches if m.get("id") not in applied][:RECOMMENDED]
    workers = Worker._base_manager.select_related("region__parent").in_bulk([m["id"] for m in top])
    return [
        {
            "name": masked_name(workers[m["id"]].name),
            "age": workers[m["id"]].age,
            "town": _place(workers[m["id"]].region, village=False),
            "occupation": _occupation(workers[m["id"]]),
            "reasons": shown_to_employers(m.get("reasons", [])),  # never the income status
        }
        for m in top
        if m["id"] in workers
    ]


# Applications.

MOVES = {
    "interview": (InterviewForm, gettext_lazy("The interview invitation is recorded.")),
    "hire": (HireForm, gettext_lazy("The hire is recorded.")),
    "reject": (RejectForm, gettext_lazy("The outcome is recorded.")),
}


@require_safe
@employer_required
def application_detail(request, pk: int):
    return _application_page(request, _application_of(request, pk))


@require_POST
@employer_required
def application_move(request, pk: int, move: str):
    application = _application_of(request, pk)
    form_class, done = MOVES[move]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            _make_move(request, application, move, form.cleaned_data)
        except placements.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, str(done))
            return redirect("portal:employer-application", pk=application.pk)
    return _application_page(request, application, bound={move: form})


def _make_move(request, application: Application, move: str, data: dict) -> None:
    common = {"by": _by(request), "request": request}
    if move == "interview":
        placements.invite_to_interview(application, at=data["at"], place=data["place"], **common)
    elif move == "hire":
        placements.hire(
            application,
            hired_on=data["hired_on"],
            contract_months=data["contract_months"],
            **common,
        )
    else:
        placements.reject(application, reason=data["reason"], **common)


def _who(by: str, colleagues: dict[int, str]) -> str:
    """Who made a step of the history, as the employer may know them."""
    kind, _sep, ident = by.partition(":")
    if kind == "employer":
        name = colleagues.get(int(ident)) if ident.isdigit() else None
        return name or _("employer")
    if kind == "worker":
        return _("the worker")
    return _("employment service staff")


def _application_page(request, application: Application, bound: dict | None = None):
    bound = bound or {}
    events = list(
        ApplicationEvent._base_manager.filter(application=application).order_by("at", "pk")
    )
    colleagues = dict(
        EmployerUser._base_manager.filter(employer=request.employer).values_list("pk", "name")
    )
    for event in events:
        event.who = _who(event.by, colleagues)
    today = timezone.localdate()
    context = {
        "application": application,
        "applicant": _applicant(application),
        "posting": application.posting,
        "events": events,
        "interview_form": bound.get("interview")
        or InterviewForm(
            initial={"at": application.interview_at, "place": application.interview_place}
        ),
        "hire_form": bound.get("hire") or HireForm(initial={"hired_on": today}),
        "reject_form": bound.get("reject") or RejectForm(),
        "bound_forms": list(bound.values()),
        "may_interview": application.may_move_to(ApplicationStatus.INTERVIEW),
        "title": application.worker.name,
    }
    return render(request, "portal/employer/application.html", context)
