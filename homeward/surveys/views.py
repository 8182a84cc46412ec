"""Staff pages of door-to-door surveys: the list, a new survey, progress by place with the
people behind every number, the village clerk's phone page for visits, export, close."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.audit.services import log_action
from homeward.regions.codes import covers, is_code
from homeward.regions.models import Region
from homeward.workers.ledger_export import export_ledger
from homeward.workers.tasks import export_later

from . import progress, reports, services
from .forms import CampaignForm, PersonForm, VisitForm
from .models import SurveyCampaign

PAGE_SIZE = 50
STATE_LABELS = {
    "expected": gettext_lazy("expected"),
    "visited": gettext_lazy("visited"),
    "not_found": gettext_lazy("not found"),
    "pending": gettext_lazy("not visited yet"),
}


def _campaign(request, pk: int) -> SurveyCampaign:
    return get_object_or_404(reports.visible_campaigns(request.area), pk=pk)


def _at(request, campaign: SurveyCampaign) -> str:
    """The place a page is about: ?at=, inside the campaign and the viewer's area (else 404);
    by default the campaign's area, or the viewer's own when it lies inside the campaign."""
    area = request.area or ""
    default = campaign.region_id if covers(area, campaign.region_id) else area
    at = request.GET.get("at", "") or default
    if (
        not is_code(at)
        or not covers(campaign.region_id, at)
        or not (covers(area, at) or covers(at, area))
    ):
        raise Http404
    return at if covers(area, at) else default


@login_required
@require_safe
def survey_list(request):
    campaigns = reports.visible_campaigns(request.area)
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/list.html", {"page": page, "title": _("Door-to-door surveys")})


@login_required
@writers_only
def survey_create(request):
    form = CampaignForm(request.POST or None, user_area=request.area)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                by=request.user,
                region_code=data["area"],
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                deadline=data["deadline"],
                questions=data["questions"],
                request=request,
            )
        except services.SurveyError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Survey created."))
            return redirect("surveys:detail", pk=campaign.pk)
    return render(request, "surveys/form.html", {"form": form, "title": _("New survey")})


@login_required
@require_safe
def survey_detail(request, pk: int):
    campaign = _campaign(request, pk)
    at = _at(request, campaign)
    whole, rows = reports.progress_rows(campaign, at=at, today=timezone.localdate())
    trail = [
        r for r in Region.tree.filter(code__in=_between(campaign.region_id, at)).order_by("code")
    ]
    context = {
        "campaign": campaign,
        "at": at,
        "whole": whole,
        "rows": rows,
        "trail": trail,
        "states": progress,
        "title": campaign.name,
        "may_visit": request.user.can_write and not campaign.is_closed,
    }
    return render(request, "surveys/detail.html", context)


def _between(top: str, code: str) -> list[str]:
    """The codes from `top` down to `code`, both included."""
    from homeward.regions.codes import ancestor_codes

    return [c for c in [*ancestor_codes(code), code] if covers(top, c)]


@login_required
@require_safe
def survey_people(request, pk: int):
    campaign = _campaign(request, pk)
    at = _at(request, campaign)
    state = request.GET.get("state", "expected")
    if state not in reports.STATES:
        raise Http404
    rows = reports.people(campaign, at=at, state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    region = Region.tree.filter(code=at).first()
    states = reports.states_of(campaign, [w.pk for w in page])
    context = {
        "campaign": campaign,
        "at": at,
        "region": region,
        "state": state,
        "state_label": STATE_LABELS[state],
        "page": page,
        "rows": [(w, states.get(w.pk, "")) for w in page],
        "title": f"{campaign.name} · {STATE_LABELS[state]}",
    }
    return render(request, "surveys/people.html", context)


@login_required
@writers_only
@require_safe
def survey_visit(request, pk: int):
    """The village clerk's phone page: the people of the village, one visit form."""
    campaign = _campaign(request, pk)
    villages = list(reports.villages_for(campaign, request.area))
    chosen = request.GET.get("village", "")
    if len(villages) == 1:
        chosen = villages[0].code
    village = next((v for v in villages if v.code == chosen), None)
    people, states, person = [], {}, None
    if village is not None:
        rows = reports.expected_people(campaign).filter(region_id=village.code)
        query = request.GET.get("q", "").strip()[:50]
        if query:
            rows = rows.filter(name__contains=query)
        people = list(rows.order_by("name", "pk")[:2000])
        states = reports.states_of(campaign, [w.pk for w in people])
        person = next((w for w in people if str(w.pk) == request.GET.get("worker")), None)
    form = VisitForm(
        campaign=campaign,
        initial={"worker": person.pk if person else None, "client_key": uuid.uuid4().hex},
    )
    context = {
        "campaign": campaign,
        "villages": villages,
        "village": village,
        "people": [(w, states.get(w.pk, "")) for w in people],
        "person": person,
        "form": form,
        "title": _("Visits: %(name)s") % {"name": campaign.name},
    }
    return render(request, "surveys/visit.html", context)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@writers_only
@require_POST
def survey_record(request, pk: int):
    """One visit, from the phone page's script (JSON answer) or its plain form (redirect)."""
    campaign = _campaign(request, pk)
    form = VisitForm(request.POST, campaign=campaign)
    back = reverse("surveys:visit", args=[campaign.pk])
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[name].label if name in form.fields else ''}{'：' if name in form.fields else ''}{' '.join(e)}"
            for name, e in form.errors.items()
        )
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": errors}, status=400)
        messages.error(request, errors)
        return redirect(back)
    data = form.cleaned_data
    worker = reports.expected_people(campaign).filter(pk=data["worker"]).first()
    try:
        if worker is None:
            raise services.SurveyError(
                _(
                    "This person is not of your village or area: the clerk of their village "
                    "visits them."
                )
            )
        answers, phone = services.clean_answers(campaign, data)
        visit, new = services.record_visit(
            campaign,
            worker,
            outcome=data["outcome"],
            visited_on=data["visited_on"],
            answers=answers,
            phone=phone,
            client_key=data["client_key"],
            by=request.user,
            request=request,
        )
    except services.SurveyError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": str(error)}, status=409)
        messages.error(request, str(error))
        return redirect(back)
    if _wants_json(request):
        return JsonResponse({"ok": True, "new": new, "visit": visit.pk, "name": worker.name})
    messages.success(request, _("Visit to %(name)s saved.") % {"name": worker.name})
    return redirect(f"{back}?village={worker.region_id}")


@login_required
@writers_only
def survey_add_person(request, pk: int):
    campaign = _campaign(request, pk)
    villages = list(reports.villages_for(campaign, request.area))
    form = PersonForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            worker = services.add_person(
                campaign,
                {
                    "id_number": data["id_number"],
                    "name": data["name"],
                    "gender": data["gender"],
                    "birth_date": _birth_date(data["id_number"]),
                    "region_id": data["village"],
                },
                by=request.user,
                request=request,
            )
        except services.SurveyError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("%(name)s added to the registry.") % {"name": worker.name})
            url = reverse("surveys:visit", args=[campaign.pk])
            return redirect(f"{url}?village={worker.region_id}&worker={worker.pk}")
    context = {"campaign": campaign, "form": form, "title": _("Add a person")}
    return render(request, "surveys/add_person.html", context)


def _birth_date(id_number: str):
    from homeward.codes import idnumber

    return idnumber.parse(id_number).birth_date


@login_required
@writers_only
@require_POST
def survey_close(request, pk: int):
    campaign = get_object_or_404(SurveyCampaign.objects, pk=pk)  # only the organising area
    try:
        services.close_campaign(campaign, by=request.user, request=request)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Survey closed."))
    return redirect("surveys:detail", pk=campaign.pk)


@login_required
@require_safe
def survey_export(request, pk: int):
    """The survey's people as the registry's ledger (its columns, as they now stand)."""
    campaign = _campaign(request, pk)
    at = _at(request, campaign)
    state = request.GET.get("state", "expected")
    if state not in reports.STATES:
        raise Http404
    rows = reports.people(campaign, at=at, state=state)
    unmasked = request.user.may_see_personal_data
    count = rows.count()
    if state == "expected" and count >= settings.HOMEWARD_DIRECT_EXPORT_ROWS:
        job = export_later(
            request.user,
            request.area or "",
            search={},
            filters={"area": at},
            unmasked=unmasked,
            rows=count,
        )
        return redirect("background:job", pk=job.pk)
    region = Region.tree.filter(code=at).first()
    content = export_ledger(rows, area_name=region.full_name() if region else at, unmasked=unmasked)
    log_action(
        "surveys.ledger.exported",
        request=request,
        obj=campaign,
        detail={"rows": count, "unmasked": unmasked, "at": at, "state": state},
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}-{stamp}.xlsx"'
    return response
