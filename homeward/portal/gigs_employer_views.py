"""The employer's pages of gig markets under /e/gigs: its gigs, posting one (staff review it; the
instant channel for people needed today), and at a gig the people sent: check each out with the
day's pay and stars, or report one who never came.

Markets are read through the base manager (those of the employer's city); gigs and dispatches
through the ownership filter `employer=request.employer` (another's answers 404)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from homeward.gigs import services
from homeward.gigs.forms import CheckOutForm, GigForm
from homeward.gigs.models import Dispatch, Gig, Market
from homeward.regions.codes import city_of
from homeward.scoping import limit_to_area

from .identity import employer_required


def _markets(employer):
    return limit_to_area(Market._base_manager.all(), city_of(employer.region_id)).order_by(
        "region_id", "name"
    )


def _gig(request, pk: int) -> Gig:
    return get_object_or_404(
        Gig._base_manager.select_related("market", "employer"), pk=pk, employer=request.employer
    )


@require_safe
@employer_required
def gig_list(request):
    gigs = Gig._base_manager.filter(employer=request.employer).select_related("market")[:50]
    return render(request, "portal/employer/gigs.html", {"gigs": gigs, "title": _("Our gigs")})


@require_http_methods(["GET", "POST"])
@employer_required
def gig_create(request):
    markets = _markets(request.employer)
    form = GigForm(request.POST or None)
    market = None
    if request.method == "POST":
        market = markets.filter(pk=request.POST.get("market") or 0).first()
        if market is None:
            form.add_error(None, _("Choose the gig market."))
    if request.method == "POST" and form.is_valid() and market is not None:
        data = form.cleaned_data
        try:
            gig = services.post_gig(
                market,
                request.employer,
                title=data["title"],
                trade=data["trade"],
                on=data["on"],
                place=data["place"],
                headcount=data["headcount"],
                pay=data["pay"],
                instant=data["instant"],
                employer_user=request.employer_user,
                request=request,
            )
        except services.GigError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, _("Posted: the market's staff review it before people are sent.")
            )
            return redirect("portal:employer-gig", pk=gig.pk)
    context = {"form": form, "markets": markets, "chosen": market, "title": _("Post a gig")}
    return render(request, "portal/employer/gig_form.html", context)


@require_safe
@employer_required
def gig_detail(request, pk: int):
    gig = _gig(request, pk)
    dispatches = Dispatch._base_manager.filter(gig=gig).select_related("worker").order_by("sent_at")
    context = {
        "gig": gig,
        "dispatches": dispatches,
        "form": CheckOutForm(initial={"paid": gig.pay, "paid_on_spot": True}),
        "title": gig.title,
    }
    return render(request, "portal/employer/gig.html", context)


def _own_dispatch(request, pk: int) -> Dispatch:
    return get_object_or_404(
        Dispatch._base_manager.select_related("gig", "gig__market", "worker"),
        pk=pk,
        gig__employer=request.employer,
    )


@require_POST
@employer_required
def checkout(request, pk: int):
    dispatch = _own_dispatch(request, pk)
    form = CheckOutForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("portal:employer-gig", pk=dispatch.gig_id)
    try:
        services.check_out(
            dispatch,
            paid=form.cleaned_data["paid"],
            paid_on_spot=form.cleaned_data["paid_on_spot"],
            rating=form.cleaned_data["rating"],
            request=request,
        )
    except services.GigError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Checked out, with the day's pay recorded."))
    return redirect("portal:employer-gig", pk=dispatch.gig_id)


@require_POST
@employer_required
def no_show(request, pk: int):
    dispatch = _own_dispatch(request, pk)
    try:
        services.report_no_show(dispatch, request=request)
    except services.GigError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded: this person never came."))
    return redirect("portal:employer-gig", pk=dispatch.gig_id)
