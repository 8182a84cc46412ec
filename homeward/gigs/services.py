"""The writes of gig markets, one named function each: a market set up, a gig posted (by a
verified employer on the portal, or by staff for one who phoned), reviewed, people signed in,
sent by skill match or by recorded lottery, checked out with the day's pay, no-shows reported
both ways, an employer sanctioned.

Each is atomic, audited, and refused with a Chinese message (`GigError`) when the state does not
allow it. They run in the market's area: employer users and portal people have no area, and
people come to the market from anywhere. Staff callers must be of the market's area.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.writers import writer_of
from homeward.audit.services import log_action
from homeward.codes import idnumber
from homeward.crypto import hash_filter, mask_name
from homeward.employers.models import Employer
from homeward.scoping import area_scope
from homeward.workers.models import Worker

from . import lottery
from .models import (
    DAY_PAY,
    HEADCOUNT,
    RATING,
    Dispatch,
    DispatchStatus,
    Draw,
    DrawKind,
    Gig,
    GigStatus,
    Market,
    Method,
    Sanction,
    SignIn,
    Trade,
)

SIGNIN_SALT = "homeward.gigs.signin"
POST_AHEAD_DAYS = 14  # a gig is posted for today up to two weeks ahead


class GigError(ValueError):
    """A write refused for a reason the person can fix; `field` is the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_staff(by, market: Market, action: str, *, request=None) -> None:
    """Refuse, and audit, a staff user who may only read, or who is not of the market's area."""
    if not writer_of(by, market.region_id, action, obj=market, request=request):
        raise GigError(_("This gig market belongs to another area."))


# Markets --------------------------------------------------------------------------------------


def save_market(market: Market, *, by, request=None) -> Market:
    adding = market.pk is None
    _check_staff(by, market, "gigs.write.refused", request=request)
    with area_scope(market.region_id), transaction.atomic():
        market.save()
        log_action(
            "gigs.market.created" if adding else "gigs.market.changed",
            request=request,
            actor=by,
            obj=market,
        )
    return market


def signin_token(market: Market, day: date | None = None) -> str:
    """The market's sign-in code for `day` (today): printed on the poster at the gate, good
    for that day only, so a photo of yesterday's poster signs nobody in."""
    day = day or timezone.localdate()
    return signing.dumps({"m": market.pk, "d": day.isoformat()}, salt=SIGNIN_SALT, compress=True)


def read_signin_token(market: Market, token: str) -> None:
    try:
        data = signing.loads(token, salt=SIGNIN_SALT)
    except signing.BadSignature:
        raise GigError(_("This is not a sign-in code of a Homeward gig market.")) from None
    if data.get("m") != market.pk:
        raise GigError(_("This code is of another gig market."))
    if data.get("d") != timezone.localdate().isoformat():
        raise GigError(_("This code is not today's: scan the poster at the market's gate."))


# Gigs -----------------------------------------------------------------------------------------


def sanction_of(market: Market, employer: Employer, day: date | None = None) -> Sanction | None:
    day = day or timezone.localdate()
    return (
        Sanction._base_manager.filter(market=market, employer=employer, until__gte=day)
        .order_by("-until")
        .first()
    )


def post_gig(
    market: Market,
    employer: Employer,
    *,
    title: str,
    trade: str,
    on: date,
    place: str,
    headcount: int,
    pay: Decimal,
    instant: bool = False,
    employer_user=None,
    by=None,
    request=None,
) -> Gig:
    """A gig at the market. An employer's own gig waits for staff review; one staff post for an
    employer who phoned is open at once (staff are the reviewers)."""
    _check_staff(by, market, "gigs.write.refused", request=request)
    today = timezone.localdate()
    if trade not in Trade.values:
        raise GigError(_("Choose the trade of the gig."), field="trade")
    if not title.strip():
        raise GigError(_("Say what the work is."), field="title")
    if not place.strip():
        raise GigError(_("Say where the work is."), field="place")
    if on is None or not today <= on <= today + timedelta(days=POST_AHEAD_DAYS):
        raise GigError(
            _("A gig is for today or a day in the next %(days)s days.") % {"days": POST_AHEAD_DAYS},
            field="on",
        )
    if instant and on != today:
        raise GigError(_("The instant channel is for work today."), field="instant")
    if not HEADCOUNT[0] <= int(headcount) <= HEADCOUNT[1]:
        raise GigError(
            _("People needed must be from %(low)s to %(high)s.")
            % {"low": HEADCOUNT[0], "high": HEADCOUNT[1]},
            field="headcount",
        )
    pay = Decimal(pay).quantize(Decimal("0.01"))
    if not DAY_PAY[0] <= pay <= DAY_PAY[1]:
        raise GigError(
            _("The pay a day must be from %(low)s to %(high)s yuan.")
            % {"low": DAY_PAY[0], "high": DAY_PAY[1]},
            field="pay",
        )
    if employer.is_blacklisted:
        raise GigError(_("This employer is on the wage-arrears blacklist and cannot post gigs."))
    sanction = sanction_of(market, employer, on)
    if sanction is not None:
        raise GigError(
            _("This employer may not post at this market until %(until)s: %(reason)s")
            % {"until": sanction.until.isoformat(), "reason": sanction.reason}
        )
    with area_scope(market.region_id), transaction.atomic():
        gig = Gig(
            market=market,
            employer=employer,
            title=title.strip()[:100],
            trade=trade,
            on=on,
            place=place.strip()[:200],
            headcount=int(headcount),
            pay=pay,
            instant=instant,
            status=GigStatus.OPEN if by is not None else GigStatus.PENDING,
            posted_by=f"staff:{by.pk}" if by is not None else f"employer:{employer_user.pk}",
            reviewed_by=by,
        )
        gig.full_clean()
        gig.save()
        log_action(
            "gigs.gig.posted",
            request=request,
            actor=by,
            obj=gig,
            region_code=market.region_id,
            object_repr=f"{employer.name}：{gig.title}",
            detail={"by": gig.posted_by, "instant": instant},
        )
    return gig


def review_gig(gig: Gig, *, by, approve: bool, reason: str = "", request=None) -> Gig:
    _check_staff(by, gig.market, "gigs.review.refused", request=request)
    if gig.status != GigStatus.PENDING:
        raise GigError(_("This gig has already been reviewed."))
    if not approve and not reason.strip():
        raise GigError(_("Give the reason for refusing, for the employer."), field="reason")
    with area_scope(gig.market.region_id), transaction.atomic():
        gig.status = GigStatus.OPEN if approve else GigStatus.REFUSED
        gig.refusal = "" if approve else reason.strip()[:200]
        gig.reviewed_by = by
        gig.save(update_fields=["status", "refusal", "reviewed_by"])
        log_action(
            "gigs.gig.approved" if approve else "gigs.gig.refused",
            request=request,
            actor=by,
            obj=gig,
            detail={"reason": gig.refusal} if not approve else None,
        )
    return gig


# Signing in at the market ---------------------------------------------------------------------


def _trades(trades) -> list[str]:
    chosen = sorted({t for t in trades if t in Trade.values})
    if not chosen:
        raise GigError(_("Choose at least one kind of work you can do today."), field="trades")
    return chosen


def sign_in(
    market: Market, worker: Worker, *, trades, method: str, by=None, request=None
) -> SignIn:
    """The person at the market today, offering `trades`: once a day (at one market)."""
    _check_staff(by, market, "gigs.signin.refused", request=request)
    chosen = _trades(trades)
    today = timezone.localdate()
    with area_scope(market.region_id), transaction.atomic():
        first = (
            SignIn._base_manager.filter(worker=worker, on=today).select_related("market").first()
        )
        if first is not None:
            raise GigError(already_signed_in(first, worker))
        signin = SignIn(market=market, worker=worker, on=today, trades=chosen, method=method, by=by)
        try:
            with transaction.atomic():
                signin.save()
        except IntegrityError:  # the same person at two phones at once
            first = SignIn._base_manager.filter(worker=worker, on=today).first()
            raise GigError(already_signed_in(first, worker)) from None
        log_action(
            "gigs.signin.created",
            request=request,
            actor=by,
            obj=market,
            object_repr=f"{market.name}：{mask_name(worker.name)}",
            detail={"method": method, "worker": worker.pk, "trades": chosen},
        )
    return signin


def sign_in_by_id(market: Market, id_number: str, *, trades, by, request=None) -> SignIn:
    """Staff sign in a person without a phone by their ID number (a person of the registry)."""
    _check_staff(by, market, "gigs.signin.refused", request=request)
    try:
        parsed = idnumber.parse(id_number)
    except idnumber.InvalidIdNumber as error:
        raise GigError(str(error), field="id_number") from None
    worker = Worker._base_manager.filter(**hash_filter(Worker, "id_number", parsed.number)).first()
    if worker is None:
        raise GigError(
            _("This person is not in the registry yet: register them first, then sign them in."),
            field="id_number",
        )
    return sign_in(market, worker, trades=trades, method=Method.ID, by=by, request=request)


def already_signed_in(first: SignIn, worker: Worker) -> str:
    at = timezone.localtime(first.at).strftime("%H:%M")
    return _("%(name)s has already signed in today at %(market)s (at %(at)s).") % {
        "name": mask_name(worker.name),
        "market": first.market.name,
        "at": at,
    }


# Sending people: by lottery or by skill match -------------------------------------------------


def qualified(gig: Gig) -> list[int]:
    """The people who may be sent to `gig` now: signed in at its market on its day offering its
    trade, not on another gig, not sent to this one before. Ascending ids (the stored pool)."""
    busy = Dispatch._base_manager.filter(status=DispatchStatus.SENT).values("worker_id")
    before = Dispatch._base_manager.filter(gig=gig).values("worker_id")
    signins = (
        SignIn._base_manager.filter(market=gig.market, on=gig.on)
        .exclude(worker_id__in=busy)
        .exclude(worker_id__in=before)
        .values_list("worker_id", "trades")
    )
    return sorted(worker for worker, trades in signins if gig.trade in trades)


def places_left(gig: Gig) -> int:
    taken = Dispatch._base_manager.filter(
        gig=gig, status__in=(DispatchStatus.SENT, DispatchStatus.DONE)
    ).count()
    return max(gig.headcount - taken, 0)


def _sendable(gig: Gig) -> None:
    if gig.status != GigStatus.OPEN:
        raise GigError(
            _("Only an open gig gets people: this one is %(status)s.")
            % {"status": gig.get_status_display()}
        )
    if gig.on != timezone.localdate():
        raise GigError(_("People are sent on the day of the gig, from those signed in."))


def dispatch_by_lottery(gig: Gig, *, by, seed: str | None = None, request=None) -> Draw:
    """Send the people still needed, drawn by lot among the qualified: the seed, the pool and
    the order stored with the draw."""
    return _dispatch(gig, DrawKind.LOTTERY, by=by, seed=seed or lottery.new_seed(), request=request)


def dispatch_by_match(gig: Gig, *, by, request=None) -> Draw:
    """Send the people still needed who fit best: those who offer only this trade today first
    (they came for it), then those with most gigs of this trade checked out, then the earliest
    signed in."""
    return _dispatch(gig, DrawKind.MATCH, by=by, seed="", request=request)


def match_order(gig: Gig, pool: list[int]) -> list[int]:
    signins = {
        worker: (trades, at)
        for worker, trades, at in SignIn._base_manager.filter(
            market=gig.market, on=gig.on, worker_id__in=pool
        ).values_list("worker_id", "trades", "at")
    }
    done = {}
    for worker in Dispatch._base_manager.filter(
        worker_id__in=pool, status=DispatchStatus.DONE, gig__trade=gig.trade
    ).values_list("worker_id", flat=True):
        done[worker] = done.get(worker, 0) + 1
    return sorted(pool, key=lambda w: (len(signins[w][0]) != 1, -done.get(w, 0), signins[w][1], w))


def _dispatch(gig: Gig, kind: str, *, by, seed: str, request=None) -> Draw:
    _check_staff(by, gig.market, "gigs.dispatch.refused", request=request)
    with area_scope(gig.market.region_id), transaction.atomic():
        gig = Gig._base_manager.select_for_update().select_related("market").get(pk=gig.pk)
        _sendable(gig)
        left = places_left(gig)
        if left == 0:
            raise GigError(_("Everyone this gig needs has been sent."))
        pool = qualified(gig)
        if not pool:
            raise GigError(
                _("Nobody signed in today offers %(trade)s and is free.")
                % {"trade": gig.get_trade_display()}
            )
        chosen = (
            lottery.draw(seed, pool, left)
            if kind == DrawKind.LOTTERY
            else (match_order(gig, pool)[:left])
        )
        record = Draw.objects.create(gig=gig, kind=kind, seed=seed, pool=pool, drawn=chosen, by=by)
        try:
            with transaction.atomic():
                Dispatch.objects.bulk_create(
                    [Dispatch(gig=gig, worker_id=w, draw=record) for w in chosen]
                )
        except IntegrityError:  # one of them was sent to another gig this instant
            raise GigError(_("Someone was sent elsewhere meanwhile: try again.")) from None
        if places_left(gig) == 0:
            gig.status = GigStatus.FILLED
            gig.save(update_fields=["status"])
        log_action(
            "gigs.dispatch.drawn",
            request=request,
            actor=by,
            obj=gig,
            detail={"kind": kind, "seed": seed, "pool": len(pool), "sent": len(chosen)},
        )
    return record


def check_draw(draw: Draw) -> bool:
    """Re-run a stored lottery: the same seed and pool give the same people in the same order."""
    if draw.kind != DrawKind.LOTTERY:
        return True
    return lottery.draw(draw.seed, draw.pool, len(draw.drawn)) == list(draw.drawn)


# The end of a gig -----------------------------------------------------------------------------


def _rating(value, field: str):
    if value in (None, ""):
        return None
    value = int(value)
    if not RATING[0] <= value <= RATING[1]:
        raise GigError(_("A rating is from 1 to 5 stars."), field=field)
    return value


def _end(dispatch: Dispatch, status: str, action: str, *, request=None, **fields) -> Dispatch:
    gig = dispatch.gig
    with area_scope(gig.market.region_id), transaction.atomic():
        locked = Dispatch._base_manager.select_for_update().get(pk=dispatch.pk)
        if locked.status != DispatchStatus.SENT:
            raise GigError(
                _("This person's gig has already ended (%(status)s).")
                % {"status": locked.get_status_display()}
            )
        locked.status, locked.ended_at = status, timezone.now()
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "ended_at", *fields])
        if not Dispatch._base_manager.filter(gig=gig, status=DispatchStatus.SENT).exists():
            Gig._base_manager.filter(pk=gig.pk, status=GigStatus.FILLED).update(
                status=GigStatus.DONE
            )
        log_action(
            action,
            request=request,
            obj=gig,
            region_code=gig.market.region_id,
            object_repr=f"{gig.title}：{mask_name(locked.worker.name)}",
            detail={"dispatch": locked.pk, **{k: str(v) for k, v in fields.items()}},
        )
    return locked


def check_out(dispatch: Dispatch, *, paid, paid_on_spot: bool, rating=None, request=None):
    """The employer checks the person out with the day's pay (paid on the spot or not)."""
    try:
        amount = Decimal(str(paid)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError):
        raise GigError(_("Enter the pay as a number of yuan."), field="paid") from None
    if not Decimal("0.00") <= amount <= DAY_PAY[1]:
        raise GigError(
            _("The pay must be from 0.00 to %(high)s yuan.") % {"high": DAY_PAY[1]}, field="paid"
        )
    return _end(
        dispatch,
        DispatchStatus.DONE,
        "gigs.dispatch.checked_out",
        request=request,
        paid=amount,
        paid_on_spot=bool(paid_on_spot),
        worker_rating=_rating(rating, "rating"),
    )


def report_no_show(dispatch: Dispatch, *, request=None) -> Dispatch:
    """The employer says the person sent never came."""
    return _end(dispatch, DispatchStatus.NO_SHOW, "gigs.dispatch.no_show", request=request)


def report_employer_absent(dispatch: Dispatch, *, request=None) -> Dispatch:
    """The person says the employer never came to take them."""
    return _end(dispatch, DispatchStatus.EMPLOYER_ABSENT, "gigs.dispatch.absent", request=request)


def rate_employer(dispatch: Dispatch, rating, *, request=None) -> Dispatch:
    """The worker's stars for the employer, once the gig is over."""
    value = _rating(rating, "rating")
    if value is None:
        raise GigError(_("A rating is from 1 to 5 stars."), field="rating")
    if dispatch.status == DispatchStatus.SENT:
        raise GigError(_("Rate the employer once the gig is over."))
    with area_scope(dispatch.gig.market.region_id), transaction.atomic():
        Dispatch._base_manager.filter(pk=dispatch.pk).update(employer_rating=value)
        dispatch.employer_rating = value
        log_action(
            "gigs.dispatch.rated",
            request=request,
            obj=dispatch.gig,
            region_code=dispatch.gig.market.region_id,
            detail={"dispatch": dispatch.pk, "rating": value},
        )
    return dispatch


def sanction_employer(
    market: Market, employer: Employer, *, until: date, reason: str, by, request=None
) -> Sanction:
    _check_staff(by, market, "gigs.write.refused", request=request)
    if until is None or until < timezone.localdate():
        raise GigError(_("Give a date from today on."), field="until")
    if not reason.strip():
        raise GigError(_("Give the reason, for the employer."), field="reason")
    with area_scope(market.region_id), transaction.atomic():
        sanction = Sanction.objects.create(
            market=market, employer=employer, until=until, reason=reason.strip()[:200], by=by
        )
        log_action(
            "gigs.employer.sanctioned",
            request=request,
            actor=by,
            obj=market,
            object_repr=employer.name,
            detail={"employer": employer.pk, "until": until.isoformat()},
        )
    return sanction
