"""Delivery receipts: Tencent's status callback and the signed webhook receipt.

`homeward.campaigns.receipts.record_delivery_report` is replaced by a recorder here, with the
same keyword-only signature, so each test sees exactly how the views call it.
"""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from homeward.campaigns import receipts
from homeward.outreach.gateways import SIGNATURE_HEADER, sign
from homeward.scoping import WHOLE_COUNTRY, current_area

pytestmark = pytest.mark.django_db

SECRET = "receipt-test-secret"
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def reports(monkeypatch):
    calls = []

    def record_delivery_report(
        *,
        key: str = "",
        provider_message_id: str = "",
        delivered: bool,
        at: datetime.datetime | None,
        error: str = "",
    ) -> int:
        calls.append(
            {
                "key": key,
                "provider_message_id": provider_message_id,
                "delivered": delivered,
                "at": at,
                "error": error,
                "area": current_area(),
            }
        )
        return 1

    monkeypatch.setattr(receipts, "record_delivery_report", record_delivery_report)
    return calls


@pytest.fixture
def machine():
    """A client like a provider's: no session, and CSRF checks on as for a browser."""
    return Client(enforce_csrf_checks=True)


def _tencent_report(sid="2433:3000000001", status="SUCCESS", **fields):
    return {
        "user_receive_time": "2026-11-28 08:03:04",
        "nationcode": "86",
        "mobile": "13912345678",
        "report_status": status,
        "errmsg": "DELIVRD" if status == "SUCCESS" else "MK:0001",
        "description": "用户短信送达成功" if status == "SUCCESS" else "用户手机关机",
        "sid": sid,
        **fields,
    }


def _post_json(client, url, data, **headers):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post(url, body, content_type="application/json", headers=headers)


# Tencent's status callback

TOKEN = "tencent-receipt-t0ken"


@pytest.fixture
def tencent_url(settings):
    """The callback URL as configured at Tencent: with the shared token."""
    settings.HOMEWARD_TENCENT_RECEIPT_TOKEN = TOKEN
    return f"{reverse('receipts:tencent')}?token={TOKEN}"


def test_tencent_reports_are_recorded_by_serial_number(machine, reports, tencent_url):
    batch = [_tencent_report(), _tencent_report(sid="2433:3000000002", status="FAIL")]
    response = _post_json(machine, tencent_url, batch)
    assert response.status_code == 200
    assert response.json() == {"result": 0, "errmsg": "OK"}
    received = datetime.datetime(2026, 11, 28, 8, 3, 4, tzinfo=BEIJING)
    assert reports == [
        {
            "key": "",
            "provider_message_id": "2433:3000000001",
            "delivered": True,
            "at": received,
            "error": "",
            "area": WHOLE_COUNTRY,
        },
        {
            "key": "",
            "provider_message_id": "2433:3000000002",
            "delivered": False,
            "at": received,
            "error": "MK:0001: 用户手机关机",
            "area": WHOLE_COUNTRY,
        },
    ]


def test_a_tencent_report_with_an_odd_time_is_recorded_without_one(machine, reports, tencent_url):
    batch = [_tencent_report(user_receive_time="yesterday")]
    assert _post_json(machine, tencent_url, batch).status_code == 200
    assert reports[0]["at"] is None


def test_the_tencent_token_is_required_when_set(machine, reports, settings):
    settings.HOMEWARD_TENCENT_RECEIPT_TOKEN = "t0ken"
    url = reverse("receipts:tencent")
    assert _post_json(machine, url, [_tencent_report()]).status_code == 403
    assert _post_json(machine, f"{url}?token=wrong", [_tencent_report()]).status_code == 403
    assert reports == []
    assert _post_json(machine, f"{url}?token=t0ken", [_tencent_report()]).status_code == 200
    assert len(reports) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        {"sid": "x"},
        ["a report"],
        [_tencent_report(sid="")],
        [{"report_status": "SUCCESS"}],
        [_tencent_report(status="MAYBE")],
        [_tencent_report(sid={"nested": 1})],
        [_tencent_report(), _tencent_report(status="LOST")],
    ],
    ids=range(9),
)
def test_a_malformed_tencent_callback_is_refused_and_records_nothing(
    machine, reports, body, tencent_url
):
    response = _post_json(machine, tencent_url, body)
    assert response.status_code == 400
    assert response.json()["result"] != 0 and response.json()["errmsg"]
    assert reports == []


@pytest.mark.parametrize("token", ["", "   "], ids=["unset", "blank"])
def test_without_a_token_the_tencent_endpoint_is_closed(machine, reports, settings, token):
    """The default: a forged receipt from anyone is refused, not recorded."""
    settings.HOMEWARD_TENCENT_RECEIPT_TOKEN = token.strip()
    url = reverse("receipts:tencent")
    for attempt in (url, f"{url}?token=", f"{url}?token=anything"):
        assert _post_json(machine, attempt, [_tencent_report()]).status_code == 404
    assert reports == []


def test_a_token_of_other_characters_is_refused_not_a_500(machine, reports, tencent_url):
    url = reverse("receipts:tencent")
    assert _post_json(machine, f"{url}?token=令牌", [_tencent_report()]).status_code == 403
    assert reports == []


def test_the_tencent_receipt_answers_post_only(machine, reports):
    assert machine.get(reverse("receipts:tencent")).status_code == 405


# The webhook's receipt


def _signed(client, data, secret=SECRET):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    headers = {SIGNATURE_HEADER: sign(body, secret)}
    return _post_json(client, reverse("receipts:webhook"), body, **headers)


@pytest.fixture
def webhook(settings):
    settings.HOMEWARD_WEBHOOK_SECRET = SECRET


def test_a_signed_webhook_receipt_is_recorded(machine, reports, webhook):
    data = {
        "key": "campaign-3:worker-7",
        "provider_message_id": "prov-42",
        "status": "delivered",
        "at": "2026-11-28T08:03:04+08:00",
    }
    response = _signed(machine, data)
    assert response.status_code == 200 and response.json() == {"updated": 1}
    assert reports == [
        {
            "key": "campaign-3:worker-7",
            "provider_message_id": "prov-42",
            "delivered": True,
            "at": datetime.datetime(2026, 11, 28, 8, 3, 4, tzinfo=BEIJING),
            "error": "",
            "area": WHOLE_COUNTRY,
        }
    ]


def test_a_failed_webhook_receipt_keeps_its_error_and_reads_naive_times_as_local(
    machine, reports, webhook
):
    data = {"key": "k1", "status": "failed", "at": "2026-11-28 08:03:04", "error": "关机"}
    assert _signed(machine, data).status_code == 200
    (report,) = reports
    assert report["delivered"] is False and report["error"] == "关机"
    assert report["at"] == datetime.datetime(2026, 11, 28, 8, 3, 4, tzinfo=BEIJING)
    assert report["provider_message_id"] == ""
    assert _signed(machine, {"provider_message_id": "p", "status": "failed"}).status_code == 200
    assert reports[1]["at"] is None and reports[1]["key"] == ""


def test_a_webhook_receipt_without_a_good_signature_is_refused(machine, reports, webhook):
    data = {"key": "k1", "status": "delivered"}
    url = reverse("receipts:webhook")
    assert _post_json(machine, url, data).status_code == 403
    assert _signed(machine, data, secret="another secret").status_code == 403
    body = json.dumps(data).encode()
    tampered = body.replace(b"k1", b"k2")
    headers = {SIGNATURE_HEADER: sign(body, SECRET)}
    assert _post_json(machine, url, tampered, **headers).status_code == 403
    assert reports == []


def test_without_a_webhook_secret_every_receipt_is_refused(machine, reports, settings):
    settings.HOMEWARD_WEBHOOK_SECRET = ""
    assert _signed(machine, {"key": "k1", "status": "delivered"}, secret="").status_code == 403
    assert reports == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        [{"key": "k1", "status": "delivered"}],
        {"status": "delivered"},
        {"key": "k1", "status": "read"},
        {"key": "k1"},
        {"key": "k1", "status": "delivered", "at": "last tuesday"},
        {"key": "k1", "status": "delivered", "at": "2026-13-45T99:00:00"},
        {"key": ["k1"], "status": "delivered"},
    ],
    ids=range(8),
)
def test_a_malformed_webhook_receipt_is_refused(machine, reports, webhook, body):
    response = _signed(machine, body)
    assert response.status_code == 400 and response.json()["error"]
    assert reports == []
