"""The worker's pages of gig markets under /m/gigs: today's sign-in and gig, this week's income,
the markets of the city; signing in at the market by its poster's QR (today's code only); after
a gig, stars for the employer or "the employer never came".

Markets are public places: read through the base manager, limited to the person's city. The
person's own rows (sign-ins, dispatches) are read through ownership filters."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from homeward.gigs import services
from homeward.gigs.forms import PortalSignInForm, RatingForm
from homeward.gigs.models import Dispatch, DispatchStatus, Market, SignIn
from homeward.gigs.results import week_income
from homeward.regions.codes import city_of
from homeward.scoping import limit_to_area

from .identity import worker_required


def _render(request, template, context):
    context.setdefault("portal_worker", getattr(request, "worker", None))
    context.setdefault("tab", "me")
    return render(request, template, context)


def _markets(worker):
    return limit_to_area(Market._base_manager.all(), city_of(worker.region_id)).select_related(
        "region"
    )


@worker_required
def my_gigs(request):
    today = timezone.localdate()
    worker = request.worker
    start, end, done, total = week_income(worker.pk, today)
    context = {
        "signin": SignIn._base_manager.filter(worker=worker, on=today)
        .select_related("market")
        .first(),
        "current": Dispatch._base_manager.filter(worker=worker, status=DispatchStatus.SENT)
        .select_related("gig", "gig__employer", "gig__market")
        .first(),
        "ended": Dispatch._base_manager.filter(worker=worker)
        .exclude(status=DispatchStatus.SENT)
        .select_related("gig", "gig__employer")
        .order_by("-ended_at")[:5],
        "week_start": start,
        "week_end": end,
        "week_done": done,
        "week_total": total,
        "today_total": sum((d.paid for d in done if d.gig.on == today), 0),
        "markets": _markets(worker),
        "rating_form": RatingForm(),
        "title": _("Gig market"),
    }
    return _render(request, "portal/gigs/home.html", context)


@require_http_methods(["GET", "POST"])
@worker_required
def market_signin(request, pk: int):
    market = get_object_or_404(_markets(request.worker), pk=pk)
    token = request.POST.get("t") or request.GET.get("t", "")
    error = None
    try:
        services.read_signin_token(market, token)
    except services.GigError as refused:
        error = str(refused)
    form = PortalSignInForm(request.POST or None)
    if request.method == "POST" and error is None and form.is_valid():
        try:
            services.sign_in(
                market,
                request.worker,
                trades=form.cleaned_data["trades"],
                method="qr",
                request=request,
            )
        except services.GigError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Signed in at %(market)s.") % {"market": market.name})
            return redirect("portal:gigs")
    context = {"market": market, "form": form, "token": token, "error": error, "title": market.name}
    return _render(request, "portal/gigs/signin.html", context)


def _own_dispatch(request, pk: int) -> Dispatch:
    return get_object_or_404(
        Dispatch._base_manager.select_related("gig", "gig__market", "worker"),
        pk=pk,
        worker=request.worker,
    )


@require_POST
@worker_required
def dispatch_rate(request, pk: int):
    dispatch = _own_dispatch(request, pk)
    form = RatingForm(request.POST)
    try:
        if not form.is_valid():
            raise services.GigError(_("A rating is from 1 to 5 stars."))
        services.rate_employer(dispatch, form.cleaned_data["rating"], request=request)
    except services.GigError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: your rating is recorded."))
    return redirect("portal:gigs")


@require_POST
@worker_required
def dispatch_absent(request, pk: int):
    dispatch = _own_dispatch(request, pk)
    try:
        services.report_employer_absent(dispatch, request=request)
    except services.GigError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded: the market's staff will look into it."))
    return redirect("portal:gigs")
