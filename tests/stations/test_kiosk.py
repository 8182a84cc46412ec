"""The self-service terminal (portal/kiosk_views.py): only a station with a terminal serves it;
the ID number read by the card reader plus the SMS code to the phone on the registry record
signs in (the sign-in codes' limits apply); the person's recommended jobs, a job's printable
details, one-tap apply, the stations near; an idle session is refused and flushed; every step
audited."""

import time

import pytest
from django.urls import reverse

from homeward.audit.models import AuditEvent
from homeward.placements.models import Application
from homeward.portal import kiosk_views
from homeward.scoping import unscoped
from homeward.stations.models import Station
from homeward.workers.models import Worker
from tests.factories import TOWN, VILLAGE, WORKER_PHONE, make_published, make_worker
from tests.portal.helpers import last_code, portal_welder

pytestmark = pytest.mark.django_db


def _station(**fields):
    fields.setdefault("name", "幸福街道就业服务站")
    fields.setdefault("kind", "town")
    fields.setdefault("region_id", TOWN)
    fields.setdefault("address", "幸福路1号")
    fields.setdefault("has_terminal", True)
    with unscoped():
        return Station.objects.create(**fields)


@pytest.fixture
def kiosk(db):
    return _station()


def _url(name, station, *args):
    return reverse(f"portal:kiosk-{name}", args=[station.pk, *args])


def _sign_in(client, station, person):
    response = client.post(_url("start", station), {"id_number": person.id_number})
    assert response.status_code == 302 and response["Location"] == _url("code", station)
    response = client.post(_url("code", station), {"code": last_code(WORKER_PHONE)})
    assert response.status_code == 302 and response["Location"] == _url("jobs", station)
    return response


def test_only_an_open_station_with_a_terminal_serves_the_kiosk(client, kiosk):
    assert client.get(_url("start", kiosk)).status_code == 200
    without = _station(name="没有终端的站", has_terminal=False)
    closed = _station(name="关闭的站", active=False)
    for station in (without, closed):
        assert client.get(_url("start", station)).status_code == 404
        assert client.get(_url("jobs", station)).status_code == 404
    assert client.get(reverse("portal:kiosk-start", args=[999999])).status_code == 404


def test_the_first_screen_is_one_focused_field_for_the_reader(client, kiosk):
    page = client.get(_url("start", kiosk)).content.decode()
    assert page.count('name="id_number"') == 1 and "autofocus" in page
    assert "data-kiosk-keep-focus" in page and "homeward/kiosk.js" in page
    assert "<script>" not in page  # CSP: no inline script
    # A number that fails the GB 11643 check says so on the field, and nothing is sent.
    response = client.post(_url("start", kiosk), {"id_number": "321302198503010011"})
    assert response.status_code == 200 and response.context["form"].errors["id_number"]


def test_id_number_and_sms_code_sign_in_and_show_the_jobs(client, kiosk):
    person = portal_welder()
    welder = make_published(title="电焊工", occupation="电焊工", wage_min=6000, wage_max=7000)
    _sign_in(client, kiosk, person)
    response = client.get(_url("jobs", kiosk))
    assert response.status_code == 200
    page = response.content.decode()
    assert _url("job", kiosk, welder.pk) in page and "工种对口" in page
    assert person.name not in page and person.id_number not in page  # a screen others see
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"portal.kiosk.code_asked", "portal.kiosk.signed_in", "portal.signin.ok"} <= actions
    signed_in = AuditEvent.objects.get(action="portal.kiosk.signed_in")
    assert signed_in.region_code == VILLAGE and signed_in.detail["station"] == kiosk.pk


def test_a_kiosk_session_opens_no_phone_portal_page(client, kiosk):
    _sign_in(client, kiosk, portal_welder())
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"].startswith("/m/signin")
    # …nor another station's kiosk.
    other = _station(name="另一个站")
    assert client.get(_url("jobs", other))["Location"] == _url("start", other)


def test_an_unknown_number_is_answered_as_a_known_one(client, kiosk):
    import datetime

    from homeward.codes import idnumber
    from homeward.outreach.models import OutboxMessage

    unknown = idnumber.make("321302", datetime.date(1985, 3, 4), 77, True)
    response = client.post(_url("start", kiosk), {"id_number": unknown})
    assert response.status_code == 302 and response["Location"] == _url("code", kiosk)
    assert not OutboxMessage._base_manager.exists()
    page = client.get(_url("code", kiosk)).content.decode()
    assert "kiosk-code" in page and "data-kiosk-key" in page  # the digit pad
    response = client.post(_url("code", kiosk), {"code": "123456"})
    assert "4" in str(response.context["form"].errors["code"])  # "wrong code, 4 tries left"
    assert client.get(_url("jobs", kiosk))["Location"] == _url("start", kiosk)


def test_a_wrong_code_is_counted_by_the_sign_in_codes(client, kiosk):
    from homeward.signin_codes.models import SignInCode

    person = portal_welder()
    client.post(_url("start", kiosk), {"id_number": person.id_number})
    right = last_code(WORKER_PHONE)
    wrong = "000000" if right != "000000" else "111111"
    response = client.post(_url("code", kiosk), {"code": wrong})
    assert response.status_code == 200 and response.context["form"].errors["code"]
    assert SignInCode.objects.get().failed_attempts == 1
    assert AuditEvent.objects.filter(action="portal.kiosk.signin_failed").exists()
    # The sign-in codes' resend limit holds at the kiosk too.
    response = client.post(_url("start", kiosk), {"id_number": person.id_number})
    assert response.status_code == 200 and "秒" in str(response.context["form"].errors)


def test_too_many_numbers_tried_in_one_session_are_refused(client, kiosk):
    for sequence in range(kiosk_views.LOOKUPS_PER_SESSION):
        person = make_worker(VILLAGE, sequence=20 + sequence)  # no phone: nothing sent
        client.post(_url("start", kiosk), {"id_number": person.id_number})
    response = client.post(_url("start", kiosk), {"id_number": person.id_number})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert AuditEvent.objects.filter(action="portal.kiosk.locked").exists()


def test_a_job_printable_and_applied_to_with_one_tap(client, kiosk):
    person = portal_welder()
    welder = make_published(title="电焊工", occupation="电焊工", wage_min=6000, wage_max=7000)
    _sign_in(client, kiosk, person)
    page = client.get(_url("job", kiosk, welder.pk)).content.decode()
    assert "data-kiosk-print" in page and "print-only" in page and welder.employer.name in page
    response = client.post(_url("apply", kiosk, welder.pk))
    assert response["Location"] == _url("job", kiosk, welder.pk)
    application = Application._base_manager.get()
    assert (application.worker_id, application.posting_id) == (person.pk, welder.pk)
    assert application.source == "kiosk"  # counted apart from the phone portal
    assert 'data-testid="applied"' in client.get(_url("job", kiosk, welder.pk)).content.decode()
    # A draft is nobody's to see.
    draft = make_published(title="未发布")
    draft.status = "draft"
    draft.save()
    assert client.get(_url("job", kiosk, draft.pk)).status_code == 404
    assert client.post(_url("apply", kiosk, draft.pk)).status_code == 404


def test_the_stations_near_the_person(client, kiosk):
    person = portal_welder()
    _sign_in(client, kiosk, person)
    response = client.get(_url("stations", kiosk))
    assert [s.pk for s, _label, _km in response.context["rows"]] == [kiosk.pk]


def test_a_request_after_the_idle_time_is_refused_and_the_session_flushed(client, kiosk, settings):
    settings.KIOSK_IDLE_MINUTES = 2
    _sign_in(client, kiosk, portal_welder())
    assert client.get(_url("jobs", kiosk)).status_code == 200
    session = client.session
    entry = session[kiosk_views.KIOSK]
    entry["seen"] = time.time() - 2 * 60 - 1
    session[kiosk_views.KIOSK] = entry
    session.save()
    key = session.session_key
    response = client.get(_url("jobs", kiosk))
    assert response.status_code == 302 and response["Location"] == _url("start", kiosk)
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()  # flushed, not just marked
    assert kiosk_views.KIOSK not in client.session
    assert client.get(_url("jobs", kiosk))["Location"] == _url("start", kiosk)
    assert AuditEvent.objects.filter(action="portal.kiosk.timed_out").exists()
    # The page's own timer knows the limit.
    page = client.get(_url("start", kiosk)).content.decode()
    assert 'data-kiosk-idle-seconds="120"' in page


def test_a_request_within_the_idle_time_keeps_the_session(client, kiosk):
    _sign_in(client, kiosk, portal_welder())
    session = client.session
    entry = session[kiosk_views.KIOSK]
    entry["seen"] = time.time() - 60
    session[kiosk_views.KIOSK] = entry
    session.save()
    assert client.get(_url("stations", kiosk)).status_code == 200
    assert time.time() - client.session[kiosk_views.KIOSK]["seen"] < 5  # the clock restarts


def test_sign_out_flushes_the_session(client, kiosk):
    _sign_in(client, kiosk, portal_welder())
    page = client.get(_url("jobs", kiosk)).content.decode()
    assert 'id="kiosk-signout"' in page
    response = client.post(_url("signout", kiosk))
    assert response["Location"] == _url("start", kiosk)
    assert kiosk_views.KIOSK not in client.session
    assert client.get(_url("jobs", kiosk))["Location"] == _url("start", kiosk)
    assert AuditEvent.objects.filter(action="portal.kiosk.signed_out").exists()
    assert client.get(_url("signout", kiosk)).status_code == 405


def test_a_person_whose_record_changed_phone_gets_the_code_on_the_new_one(client, kiosk):
    person = portal_welder()
    with unscoped():
        record = Worker.objects.get(pk=person.pk)
        record.phone = "13800001111"
        record.save()
    client.post(_url("start", kiosk), {"id_number": person.id_number})
    response = client.post(_url("code", kiosk), {"code": last_code("13800001111")})
    assert response["Location"] == _url("jobs", kiosk)
