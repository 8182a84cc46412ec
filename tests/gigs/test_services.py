"""The gig markets' writes: posting and review, signing in once a day, sending by lottery or
skill match (recorded, reproducible), one gig at a time, check-out with pay, no-shows, and
every refusal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from homeward.audit.models import AuditEvent
from homeward.gigs import lottery, services
from homeward.gigs.models import Dispatch, DispatchStatus, DrawKind, GigStatus, SignIn
from homeward.gigs.results import figures, rows, week_income
from tests.factories import COUNTY_B, VILLAGE, make_employer, make_worker

from .conftest import post


def people(n, start=10):
    return [make_worker(VILLAGE, sequence=start + i, name=f"零工{i}") for i in range(n)]


def sign(market, workers, trades=("porter",)):
    for w in workers:
        services.sign_in(market, w, trades=list(trades), method="qr")


def test_an_employers_gig_waits_for_review_and_staff_open_it(market, employer, county_staff):
    gig = services.post_gig(
        market,
        employer,
        title="摘葡萄",
        trade="farm",
        on=timezone.localdate(),
        place="葡萄园",
        headcount=3,
        pay=Decimal("150"),
        employer_user=type("U", (), {"pk": 7})(),
    )
    assert gig.status == GigStatus.PENDING and gig.posted_by == "employer:7"
    with pytest.raises(services.GigError, match="原因"):
        services.review_gig(gig, by=county_staff, approve=False, reason=" ")
    services.review_gig(gig, by=county_staff, approve=True)
    assert gig.status == GigStatus.OPEN
    with pytest.raises(services.GigError):
        services.review_gig(gig, by=county_staff, approve=True)


def test_posting_refusals(market, employer, county_staff, leader, outsider):
    today = timezone.localdate()
    with pytest.raises(services.GigError) as error:
        post(market, employer, county_staff, on=today + datetime.timedelta(days=1), instant=True)
    assert error.value.field == "instant"
    with pytest.raises(services.GigError) as error:
        post(market, employer, county_staff, on=today - datetime.timedelta(days=1))
    assert error.value.field == "on"
    with pytest.raises(services.GigError) as error:
        post(market, employer, county_staff, pay=Decimal("-5"))
    assert error.value.field == "pay"
    with pytest.raises(services.GigError):
        post(market, employer, county_staff, headcount=0)
    with pytest.raises(PermissionDenied):
        post(market, employer, leader)
    with pytest.raises(services.GigError, match="其他辖区"):
        post(market, employer, outsider)
    services.sanction_employer(
        market,
        employer,
        until=today + datetime.timedelta(days=7),
        reason="两次无故不到",
        by=county_staff,
    )
    with pytest.raises(services.GigError, match="两次无故不到"):
        post(market, employer, county_staff)
    blacklisted = make_employer(market.region_id, is_blacklisted=True)
    with pytest.raises(services.GigError, match="失信名单"):
        post(market, blacklisted, county_staff)


def test_one_sign_in_a_day_at_one_market(market, county_b):
    from homeward.gigs.models import Market

    (person,) = people(1)
    services.sign_in(market, person, trades=["porter", "nonsense"], method="qr")
    assert SignIn.objects.get().trades == ["porter"]
    other = Market(name="宿豫区零工市场", region_id=COUNTY_B)
    other.save()
    with pytest.raises(services.GigError, match="已经在"):
        services.sign_in(other, person, trades=["porter"], method="qr")
    with pytest.raises(services.GigError) as error:
        services.sign_in(market, people(1, start=30)[0], trades=[], method="qr")
    assert error.value.field == "trades"


def test_the_posters_code_is_todays_and_this_markets(market):
    token = services.signin_token(market)
    services.read_signin_token(market, token)
    with pytest.raises(services.GigError, match="今天"):
        services.read_signin_token(
            market, services.signin_token(market, timezone.localdate() - datetime.timedelta(1))
        )
    with pytest.raises(services.GigError):
        services.read_signin_token(market, token + "x")


def test_sign_in_by_id_number(market, county_staff):
    (person,) = people(1)
    services.sign_in_by_id(market, person.id_number, trades=["porter"], by=county_staff)
    assert SignIn.objects.get().method == "id"
    with pytest.raises(services.GigError) as error:
        services.sign_in_by_id(market, "123", trades=["porter"], by=county_staff)
    assert error.value.field == "id_number"


def test_the_lottery_sends_the_people_needed_and_can_be_rerun(market, gig, county_staff):
    crowd = people(5)
    sign(market, crowd)
    sign(market, people(2, start=40), trades=["cleaning"])  # not qualified for porters
    draw = services.dispatch_by_lottery(gig, by=county_staff, seed="fixed-seed")
    assert draw.kind == DrawKind.LOTTERY and draw.pool == sorted(w.pk for w in crowd)
    assert draw.drawn == lottery.draw("fixed-seed", draw.pool, 2)
    assert services.check_draw(draw)
    sent = set(Dispatch.objects.filter(gig=gig).values_list("worker_id", flat=True))
    assert sent == set(draw.drawn)
    gig.refresh_from_db()
    assert gig.status == GigStatus.FILLED
    with pytest.raises(services.GigError):
        services.dispatch_by_lottery(gig, by=county_staff)
    assert AuditEvent.objects.filter(action="gigs.dispatch.drawn").count() == 1


def test_a_tampered_draw_does_not_reproduce(market, gig, county_staff):
    sign(market, people(4))
    draw = services.dispatch_by_lottery(gig, by=county_staff)
    draw.drawn = list(reversed(draw.drawn))
    assert not services.check_draw(draw) or len(draw.drawn) < 2


def test_one_gig_at_a_time_then_another_once_the_first_ends(market, employer, county_staff):
    first = post(market, employer, county_staff, headcount=1)
    second = post(market, employer, county_staff, headcount=1, title="第二单")
    (person,) = people(1)
    sign(market, [person])
    services.dispatch_by_lottery(first, by=county_staff)
    with pytest.raises(services.GigError, match="没有"):
        services.dispatch_by_lottery(second, by=county_staff)
    dispatch = Dispatch.objects.get(gig=first)
    services.check_out(dispatch, paid="180", paid_on_spot=True, rating=5)
    first.refresh_from_db()
    assert first.status == GigStatus.DONE
    services.dispatch_by_match(second, by=county_staff)
    assert Dispatch.objects.filter(gig=second, worker=person).exists()


def test_a_skilled_gig_takes_only_people_who_offer_the_trade(market, employer, county_staff):
    gig = post(market, employer, county_staff, trade="electric", headcount=3)
    electrician, porter = people(2)
    services.sign_in(market, electrician, trades=["electric", "porter"], method="qr")
    services.sign_in(market, porter, trades=["porter"], method="qr")
    draw = services.dispatch_by_match(gig, by=county_staff)
    assert draw.drawn == [electrician.pk]


def test_skill_match_puts_people_who_came_for_the_trade_first(market, gig, county_staff):
    broad, narrow = people(2)
    services.sign_in(market, broad, trades=["porter", "cleaning", "farm"], method="qr")
    services.sign_in(market, narrow, trades=["porter"], method="qr")
    draw = services.dispatch_by_match(gig, by=county_staff)
    assert draw.drawn == [narrow.pk, broad.pk]


def test_check_out_no_show_and_their_refusals(market, gig, county_staff):
    a, b = people(2)
    sign(market, [a, b])
    services.dispatch_by_lottery(gig, by=county_staff)
    da, db_ = Dispatch.objects.filter(gig=gig).order_by("worker_id")
    with pytest.raises(services.GigError) as error:
        services.check_out(da, paid="abc", paid_on_spot=True)
    assert error.value.field == "paid"
    with pytest.raises(services.GigError):
        services.check_out(da, paid="99999", paid_on_spot=True)
    with pytest.raises(services.GigError):
        services.check_out(da, paid="200", paid_on_spot=True, rating=9)
    services.check_out(da, paid="200", paid_on_spot=True, rating=4)
    with pytest.raises(services.GigError, match="结束"):
        services.check_out(da, paid="200", paid_on_spot=True)
    services.report_no_show(db_)
    db_.refresh_from_db()
    assert db_.status == DispatchStatus.NO_SHOW and db_.paid is None
    with pytest.raises(services.GigError):
        services.rate_employer(Dispatch.objects.get(pk=da.pk), 0)
    services.rate_employer(Dispatch.objects.get(pk=da.pk), 5)
    assert Dispatch.objects.get(pk=da.pk).employer_rating == 5


def test_the_figures_and_the_weekly_income_against_a_hand_count(market, employer, county_staff):
    today = timezone.localdate()
    a, b, c = people(3)
    sign(market, [a, b, c])
    g1 = post(market, employer, county_staff, headcount=2)
    g2 = post(market, employer, county_staff, headcount=1, title="第二单")
    post(
        market,
        employer,
        county_staff,
        headcount=1,
        title="明天的",
        on=today + datetime.timedelta(1),
    )
    services.dispatch_by_lottery(g1, by=county_staff, seed="x")
    sent = list(Dispatch.objects.filter(gig=g1).order_by("worker_id"))
    services.check_out(sent[0], paid="200", paid_on_spot=True)
    services.report_no_show(sent[1])
    services.dispatch_by_match(g2, by=county_staff)
    third = Dispatch.objects.get(gig=g2)
    services.report_employer_absent(third)
    shown = {f.key: f.value for f in figures(today, today)}
    # hand count: 2 gigs today (tomorrow's is outside), 1 filled (g1 got both; g2's one was sent,
    # so it is filled too) — g1 and g2 both got everyone they needed
    assert shown["gigs"] == 2 and shown["filled"] == 2
    assert shown["signins"] == 3 and shown["people"] == 3
    assert shown["sent"] == 3 and shown["done"] == 1
    assert shown["no_show"] == 1 and shown["absent"] == 1
    assert shown["pay"] == Decimal("200.00")
    assert rows("done", today, today).get().worker_id == sent[0].worker_id
    _start, _end, done, total = week_income(sent[0].worker_id, today)
    assert total == Decimal("200.00") and [d.pk for d in done] == [sent[0].pk]
    assert week_income(sent[1].worker_id, today)[3] == Decimal("0.00")


def test_staff_of_another_area_and_leaders_send_nobody(market, gig, outsider, leader):
    sign(market, people(2))
    with pytest.raises(services.GigError, match="其他辖区"):
        services.dispatch_by_lottery(gig, by=outsider)
    with pytest.raises(PermissionDenied):
        services.dispatch_by_match(gig, by=leader)
    assert not Dispatch.objects.exists() and not gig.draws.exists()
    refused = AuditEvent.objects.filter(action="gigs.dispatch.refused", result="refused")
    assert refused.count() == 2
