"""Staff pages of gig markets: the markets of the area, a market's day (people signed in by
trade, gigs to review and to fill, sign-in by ID number, the day's QR poster), a gig (send people
by lottery or by skill match, who was sent and how it ended), a draw re-run before your eyes,
sanctions, and the figures of the area's markets with the rows behind each."""

from datetime import timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from homeward.accounts.decorators import writers_only
from homeward.employers.models import Employer
from homeward.regions.codes import county_of
from homeward.scoping import limit_to_area
from homeward.workers.models import Worker

from . import services
from .forms import MarketForm, PeriodForm, RefuseForm, SanctionForm, SignInByIdForm, StaffGigForm
from .models import Dispatch, Draw, DrawKind, Gig, GigStatus, Market, Sanction, SignIn, Trade
from .results import KEYS, LABELS, figures, rows

PAGE_SIZE = 50


def _market(pk: int) -> Market:
    return get_object_or_404(Market.objects.select_related("region"), pk=pk)


def _gig(pk: int) -> Gig:
    return get_object_or_404(Gig.objects.select_related("market", "employer"), pk=pk)


def _employers(market: Market):
    """Employers who may post at the market: those of its county (the market's area)."""
    county = county_of(market.region_id)
    return limit_to_area(Employer.objects.all(), county).order_by("name")


@login_required
@require_safe
def market_list(request):
    markets = Market.objects.select_related("region")
    today = timezone.localdate()
    signed = {
        row["market"]: row["n"]
        for row in SignIn.objects.filter(on=today).values("market").annotate(n=Count("pk"))
    }
    for market in markets:
        market.today = signed.get(market.pk, 0)
    return render(request, "gigs/markets.html", {"markets": markets, "title": _("Gig markets")})


@login_required
@writers_only
def market_create(request):
    form = MarketForm(request.POST or None, area=request.area or "")
    if request.method == "POST" and form.is_valid():
        try:
            market = services.save_market(form.save(commit=False), by=request.user, request=request)
        except services.GigError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("gigs:market", pk=market.pk)
    return render(request, "gigs/market_form.html", {"form": form, "title": _("New gig market")})


@login_required
@require_safe
def market_day(request, pk: int):
    market = _market(pk)
    today = timezone.localdate()
    signins = list(
        SignIn.objects.filter(market=market, on=today).select_related("worker").order_by("at")
    )
    busy = set(
        Dispatch.objects.filter(gig__market=market, status="sent").values_list(
            "worker_id", flat=True
        )
    )
    by_trade = []
    for value, label in Trade.choices:
        people = [s for s in signins if value in s.trades]
        if people:
            free = sum(1 for s in people if s.worker_id not in busy)
            by_trade.append({"trade": label, "people": people, "free": free})
    gigs = Gig.objects.filter(market=market, on__gte=today).select_related("employer")
    context = {
        "market": market,
        "signins": signins,
        "busy": busy,
        "by_trade": by_trade,
        "pending": gigs.filter(status=GigStatus.PENDING),
        "open": gigs.filter(status__in=(GigStatus.OPEN, GigStatus.FILLED)),
        "today": today,
        "signin_form": SignInByIdForm(),
        "refuse_form": RefuseForm(),
        "sanctions": Sanction.objects.filter(market=market, until__gte=today).select_related(
            "employer"
        ),
        "title": market.name,
    }
    return render(request, "gigs/market.html", context)


@login_required
@require_POST
@writers_only
def market_signin(request, pk: int):
    market = _market(pk)
    form = SignInByIdForm(request.POST)
    if form.is_valid():
        try:
            signin = services.sign_in_by_id(
                market,
                form.cleaned_data["id_number"],
                trades=form.cleaned_data["trades"],
                by=request.user,
                request=request,
            )
        except services.GigError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Signed in: %(name)s.") % {"name": signin.worker.name})
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("gigs:market", pk=market.pk)


@login_required
@require_safe
def market_poster(request, pk: int):
    """Today's sign-in poster for the gate: people scan it with their phone and tap 签到."""
    market = _market(pk)
    link = request.build_absolute_uri(
        reverse("portal:gig-signin", args=[market.pk]) + "?t=" + services.signin_token(market)
    )
    context = {
        "market": market,
        "svg": segno.make(link, error="m").svg_inline(scale=8, border=2),
        "link": link,
        "today": timezone.localdate(),
        "title": market.name,
    }
    return render(request, "gigs/poster.html", context)


@login_required
@writers_only
def gig_create(request, pk: int):
    """Staff post a gig for an employer who phoned (open at once: staff are the reviewers)."""
    market = _market(pk)
    form = StaffGigForm(request.POST or None, employers=_employers(market))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gig = services.post_gig(
                market,
                data["employer"],
                title=data["title"],
                trade=data["trade"],
                on=data["on"],
                place=data["place"],
                headcount=data["headcount"],
                pay=data["pay"],
                instant=data["instant"],
                by=request.user,
                request=request,
            )
        except services.GigError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The gig is open."))
            return redirect("gigs:gig", pk=gig.pk)
    context = {"form": form, "market": market, "title": _("Post a gig")}
    return render(request, "gigs/gig_form.html", context)


@login_required
@require_safe
def gig_detail(request, pk: int):
    gig = _gig(pk)
    dispatches = Dispatch.objects.filter(gig=gig).select_related("worker").order_by("sent_at")
    context = {
        "gig": gig,
        "dispatches": dispatches,
        "draws": Draw.objects.filter(gig=gig),
        "left": services.places_left(gig),
        "qualified": len(services.qualified(gig)) if gig.on == timezone.localdate() else None,
        "refuse_form": RefuseForm(),
        "title": gig.title,
    }
    return render(request, "gigs/gig.html", context)


@login_required
@require_POST
@writers_only
def gig_review(request, pk: int):
    gig = _gig(pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.review_gig(
            gig,
            by=request.user,
            approve=approve,
            reason=request.POST.get("reason", ""),
            request=request,
        )
    except services.GigError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Approved: the gig is open.") if approve else _("Refused."))
    if request.POST.get("back") == "market":
        return redirect("gigs:market", pk=gig.market_id)
    return redirect("gigs:gig", pk=gig.pk)


@login_required
@require_POST
@writers_only
def gig_send(request, pk: int, how: str):
    gig = _gig(pk)
    send = services.dispatch_by_lottery if how == DrawKind.LOTTERY else services.dispatch_by_match
    try:
        draw = send(gig, by=request.user, request=request)
    except services.GigError as error:
        messages.error(request, str(error))
        return redirect("gigs:gig", pk=gig.pk)
    messages.success(request, _("%(n)s sent to the gig.") % {"n": len(draw.drawn)})
    return redirect("gigs:draw", pk=draw.pk)


@login_required
@require_safe
def draw_detail(request, pk: int):
    """A draw: its seed, the pool, who was sent, and the lottery re-run here to check it."""
    draw = get_object_or_404(Draw.objects.select_related("gig", "gig__market"), pk=pk)
    people = {w.pk: w for w in Worker._base_manager.filter(pk__in=draw.pool)}
    context = {
        "draw": draw,
        "pool": [people.get(w) for w in draw.pool],
        "drawn": [people.get(w) for w in draw.drawn],
        "reproduced": services.check_draw(draw),
        "title": _("Draw for %(gig)s") % {"gig": draw.gig.title},
    }
    return render(request, "gigs/draw.html", context)


@login_required
@require_POST
@writers_only
def market_sanction(request, pk: int):
    market = _market(pk)
    form = SanctionForm(request.POST, employers=_employers(market))
    if form.is_valid():
        try:
            services.sanction_employer(
                market,
                form.cleaned_data["employer"],
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except services.GigError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The employer may not post here until that day."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("gigs:market", pk=market.pk)


def _period(request):
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    start, end = today - timedelta(days=29), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    return form, start, end


@login_required
@require_safe
def figures_page(request):
    form, start, end = _period(request)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "figures": figures(start, end),
        "keys": KEYS,
        "title": _("Gig market figures"),
    }
    return render(request, "gigs/figures.html", context)


@login_required
@require_safe
def figure_rows(request):
    key = request.GET.get("key", "")
    if not key:
        return redirect("gigs:figures")
    if key not in KEYS:
        raise Http404
    form, start, end = _period(request)
    queryset = rows(key, start, end)
    if key in ("gigs", "filled"):
        queryset = queryset.select_related("employer", "market")
    elif key == "signins":
        queryset = queryset.select_related("worker", "market")
    else:
        queryset = queryset.select_related("worker", "gig", "gig__employer")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "key": key,
        "label": LABELS[key],
        "page": page,
        "start": start,
        "end": end,
        "title": LABELS[key],
    }
    return render(request, "gigs/figure.html", context)
