"""The gig markets' pages: staff run their market's day; another area's market answers 404; the
worker signs in with today's code and sees their income; an employer checks out only its own."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from homeward.employers.models import EmployerUser
from homeward.gigs import services
from homeward.gigs.models import Dispatch, Market, SignIn
from tests.factories import COUNTY_B, VILLAGE, make_employer, make_worker
from tests.portal.helpers import WORKER_PHONE, sign_in_worker
from tests.portal.test_employer_signin import sign_in_employer

from .conftest import post


def test_staff_see_their_markets_day_and_not_another_areas(client, market, county_staff, gig):
    person = make_worker(VILLAGE, sequence=5, name="张大力")
    services.sign_in(market, person, trades=["porter"], method="qr")
    client.force_login(county_staff)
    page = client.get(reverse("gigs:market", args=[market.pk])).content.decode()
    assert "张**" in page and "张大力" not in page and gig.title in page
    other = Market(name="宿豫区零工市场", region_id=COUNTY_B)
    other.save()
    assert client.get(reverse("gigs:market", args=[other.pk])).status_code == 404
    response = client.post(reverse("gigs:gig-lottery", args=[gig.pk]))
    draw_url = response["Location"]
    assert "/gigs/draws/" in draw_url
    assert "完全一致" in client.get(draw_url).content.decode()


def test_staff_sign_in_by_id_number_with_a_clear_error(client, market, county_staff):
    client.force_login(county_staff)
    url = reverse("gigs:market-signin", args=[market.pk])
    response = client.post(url, {"id_number": "12345", "trades": ["porter"]}, follow=True)
    assert "身份证" in response.content.decode()
    assert SignIn.objects.count() == 0


def test_the_figures_open_their_lists(client, county_staff):
    client.force_login(county_staff)
    assert client.get(reverse("gigs:figures")).status_code == 200
    assert client.get(reverse("gigs:figure-rows")).status_code == 302
    assert client.get(reverse("gigs:figure-rows") + "?key=nonsense").status_code == 404
    assert client.get(reverse("gigs:figure-rows") + "?key=done").status_code == 200


def test_a_worker_signs_in_with_todays_code_and_sees_the_days_income(
    client, market, gig, county_staff
):
    person = make_worker(VILLAGE, sequence=6, name="李小二", phone=WORKER_PHONE)
    sign_in_worker(client, person)
    url = reverse("portal:gig-signin", args=[market.pk])
    stale = services.signin_token(market, timezone.localdate().replace(year=2020))
    assert "不是今天" in client.get(url + "?t=" + stale).content.decode()
    client.post(url, {"t": services.signin_token(market), "trades": ["porter"]})
    assert SignIn.objects.filter(worker=person).exists()
    services.dispatch_by_lottery(gig, by=county_staff)
    dispatch = Dispatch.objects.get(worker=person)
    services.check_out(dispatch, paid=Decimal("230"), paid_on_spot=True)
    page = client.get(reverse("portal:gigs")).content.decode()
    assert "230.00" in page


def test_an_employer_checks_out_only_its_own_people(client, market, county_staff):
    mine, theirs = make_employer(market.region_id), make_employer(market.region_id)
    user = EmployerUser(employer=mine, name="王经理", phone="13900001111")
    user.save()
    gig = post(market, theirs, county_staff, headcount=1)
    person = make_worker(VILLAGE, sequence=7)
    services.sign_in(market, person, trades=["porter"], method="qr")
    services.dispatch_by_lottery(gig, by=county_staff)
    dispatch = Dispatch.objects.get()
    sign_in_employer(client, user)
    assert client.get(reverse("portal:employer-gig", args=[gig.pk])).status_code == 404
    checkout = reverse("portal:employer-gig-checkout", args=[dispatch.pk])
    assert client.post(checkout, {"paid": "100"}).status_code == 404
    dispatch.refresh_from_db()
    assert dispatch.status == "sent"
