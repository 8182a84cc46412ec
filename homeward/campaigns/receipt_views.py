"""Delivery receipts that message providers post back: the "delivered" step of a campaign's funnel.

They come from machines, not people: no session, no CSRF token; each sender proves itself instead
(the webhook's HMAC signature, Tencent's shared token in the URL) — with no secret or token
configured, the endpoint is closed (403 / 404), never open — and each report goes to
`receipts.record_delivery_report`. The URLs stay under /outreach/receipts/ (outreach/urls.py),
where the providers are configured to post.
"""

import datetime
import hmac
import json

from django.conf import settings
from django.db import transaction
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from homeward.outreach.gateways import SIGNATURE_HEADER, sign
from homeward.scoping import unscoped

from . import receipts

TENCENT_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # Beijing time, as Tencent writes user_receive_time
WEBHOOK_STATUSES = {"delivered": True, "failed": False}
TENCENT_STATUSES = {"SUCCESS": True, "FAIL": False}


class BadReport(ValueError):
    """A receipt body that does not say what it should; answered with 400 and the reason."""


@csrf_exempt
@require_POST
def webhook_receipt(request):
    """One report ``{"key", "provider_message_id", "status", "at", "error"}``, HMAC-signed."""
    secret = getattr(settings, "HOMEWARD_WEBHOOK_SECRET", "")
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not secret or not hmac.compare_digest(signature, sign(request.body, secret)):
        return JsonResponse({"error": "bad or missing signature"}, status=403)
    try:
        report = _webhook_report(_json(request.body))
    except BadReport as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"updated": _record([report])})


@csrf_exempt
@require_POST
def tencent_receipt(request):
    """Tencent Cloud SMS's status callback: a JSON array of reports, one per message.

    Tencent cannot sign its callbacks, so the URL configured there carries a shared token; with
    no token set the endpoint does not exist (404) rather than trusting whoever posts (the deploy
    check campaigns.checks fails a production that sends SMS through Tencent without one)."""
    token = getattr(settings, "HOMEWARD_TENCENT_RECEIPT_TOKEN", "")
    if not token:
        raise Http404("Tencent delivery receipts are not configured")
    given = request.GET.get("token", "")
    if not hmac.compare_digest(given.encode(), token.encode()):
        return JsonResponse({"result": 1, "errmsg": "forbidden"}, status=403)
    try:
        body = _json(request.body)
        if not isinstance(body, list):
            raise BadReport("expected a JSON array of status reports")
        reports = [_tencent_report(item) for item in body]
    except BadReport as error:
        return JsonResponse({"result": 1, "errmsg": str(error)}, status=400)
    _record(reports)
    return JsonResponse({"result": 0, "errmsg": "OK"})  # the answer Tencent expects


def _record(reports: list[dict]) -> int:
    # A receipt names its message by a key or provider id unique across the country, and the
    # sender has proved itself above; it has no area of its own, so it is recorded unscoped.
    with unscoped(), transaction.atomic():
        return sum(receipts.record_delivery_report(**report) for report in reports)


def _json(body: bytes):
    try:
        return json.loads(body)
    except ValueError:  # includes bodies that are not UTF-8
        raise BadReport("the body is not JSON") from None


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise BadReport(f"{name} must be a string")
    return str(value).strip()


def _webhook_report(data) -> dict:
    if not isinstance(data, dict):
        raise BadReport("expected a JSON object")
    key, provider_message_id = _text(data, "key"), _text(data, "provider_message_id")
    if not key and not provider_message_id:
        raise BadReport("key or provider_message_id is required")
    status = data.get("status")
    if status not in WEBHOOK_STATUSES:
        raise BadReport("status must be 'delivered' or 'failed'")
    at = None
    if stamp := _text(data, "at"):
        try:
            at = parse_datetime(stamp)
        except ValueError:
            at = None
        if at is None:
            raise BadReport("at must be an ISO 8601 time")
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
    return {
        "key": key,
        "provider_message_id": provider_message_id,
        "delivered": WEBHOOK_STATUSES[status],
        "at": at,
        "error": _text(data, "error"),
    }


def _tencent_report(data) -> dict:
    if not isinstance(data, dict):
        raise BadReport("each status report must be a JSON object")
    serial_no = _text(data, "sid")
    if not serial_no:
        raise BadReport("sid is required")
    status = data.get("report_status")
    if status not in TENCENT_STATUSES:
        raise BadReport("report_status must be SUCCESS or FAIL")
    delivered = TENCENT_STATUSES[status]
    error = ""
    if not delivered:
        error = ": ".join(
            part for part in (_text(data, "errmsg"), _text(data, "description")) if part
        )
    return {
        "provider_message_id": serial_no,
        "delivered": delivered,
        "at": _beijing_time(_text(data, "user_receive_time")),
        "error": error,
    }


def _beijing_time(stamp: str) -> datetime.datetime | None:
    # The time only dates the report; one Tencent wrote oddly is not worth refusing the report
    # (Tencent would send it again and again), so it is recorded without one.
    try:
        moment = datetime.datetime.strptime(stamp, TENCENT_TIME_FORMAT)  # noqa: DTZ007
    except ValueError:
        return None
    return timezone.make_aware(moment, datetime.timezone(datetime.timedelta(hours=8)))
