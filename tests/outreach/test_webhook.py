"""The webhook gateway against a real HTTP server on 127.0.0.1: body, signature, failures."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from homeward.outreach.gateways import SIGNATURE_HEADER, OutgoingMessage, WebhookGateway, send

SECRET = "webhook-test-secret"


class FakeProvider(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[tuple[dict, bytes]] = []
        self.status = 200
        self.answer = b'{"id": "prov-42"}'
        self.delay = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        server: FakeProvider = self.server  # type: ignore[assignment]
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server.received.append((dict(self.headers), body))
        if server.delay:
            time.sleep(server.delay)
        self.send_response(server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(server.answer)))
        self.end_headers()
        self.wfile.write(server.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider():
    server = FakeProvider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _message(**fields):
    fields.setdefault("channel", "sms")
    fields.setdefault("phone", "+86 139-1234-5678")
    fields.setdefault("text", "您的验证码是 123456")
    fields.setdefault("key", "signin:n1")
    return OutgoingMessage(**fields)


def test_posts_signed_json_and_reads_the_provider_id(provider):
    result = WebhookGateway(provider.url, SECRET, timeout=2).send(_message())
    assert result.accepted and result.provider_message_id == "prov-42" and result.error == ""
    ((headers, body),) = provider.received
    assert json.loads(body) == {
        "channel": "sms",
        "to": "13912345678",
        "text": "您的验证码是 123456",
        "key": "signin:n1",
    }
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == f"sha256={expected}"
    assert headers["Content-Type"].startswith("application/json")


def test_a_worker_recipient_is_sent_as_worker_id(provider):
    WebhookGateway(provider.url, SECRET).send(_message(channel="inapp", phone="", worker_id=7))
    assert json.loads(provider.received[0][1])["to"] == "worker:7"


def test_the_setting_chooses_the_webhook(provider, settings, db):
    settings.HOMEWARD_MESSAGE_GATEWAY = "webhook"
    settings.HOMEWARD_WEBHOOK_URL = provider.url
    settings.HOMEWARD_WEBHOOK_SECRET = SECRET
    assert send(_message()).accepted
    assert len(provider.received) == 1
    from homeward.outreach.models import OutboxMessage

    assert OutboxMessage.objects.count() == 0


def test_a_server_error_is_not_accepted(provider):
    provider.status = 500
    provider.answer = b'{"error": "down"}'
    result = WebhookGateway(provider.url, SECRET).send(_message())
    assert not result.accepted
    assert "500" in result.error and result.provider_message_id == ""


def test_a_timeout_is_not_accepted(provider):
    provider.delay = 1.0
    started = time.monotonic()
    result = WebhookGateway(provider.url, SECRET, timeout=0.2).send(_message())
    assert not result.accepted
    assert "timed out" in result.error
    assert time.monotonic() - started < 1.0


def test_a_refused_connection_is_not_accepted():
    server = FakeProvider()
    url = server.url
    server.server_close()  # nothing listens on the port any more
    result = WebhookGateway(url, SECRET, timeout=1).send(_message())
    assert not result.accepted and result.error.startswith("no answer")


def test_a_non_json_answer_is_accepted_without_an_id(provider):
    provider.answer = b"OK"
    result = WebhookGateway(provider.url, SECRET).send(_message())
    assert result.accepted and result.provider_message_id == ""


def test_the_webhook_needs_a_url_and_a_secret():
    with pytest.raises(ImproperlyConfigured):
        WebhookGateway("", SECRET)
    with pytest.raises(ImproperlyConfigured):
        WebhookGateway("ftp://example.org/", SECRET)
    with pytest.raises(ImproperlyConfigured):
        WebhookGateway("http://127.0.0.1:9/", "")
