"""A fake Tencent Cloud SMS endpoint on 127.0.0.1 that speaks the real protocol.

It checks what Tencent checks before sending: the TC3-HMAC-SHA256 signature of the request
(recomputed with the secret key it knows, so a wrong key is refused as Tencent refuses it), the
action and API version headers, the SMS application, the signature name and the template; then
answers with Tencent's JSON. Tests read `requests` and steer the next answers with `status_code`
(a per-number refusal such as ``LimitExceeded.PhoneNumberDailyLimit``) or `stall()`.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALGORITHM = "TC3-HMAC-SHA256"
SERVICE = "sms"
ACTION = "SendSms"
VERSION = "2021-01-11"
MAX_CLOCK_SKEW = 300  # seconds, as Tencent allows

SECRET_ID = "AKIDfakeHomewardTest0000000000000000"
SECRET_KEY = "fake-homeward-secret-key-0000000000"
SDK_APP_ID = "1400000001"
SIGN_NAME = "归乡就业"
TEMPLATES = {"signin_code": "1000001", "job_push": "1000002"}

SIGNATURE_FAILURE = (
    "The provided credentials could not be validated. Please check your signature is correct."
)


@dataclass
class Received:
    """One request as the server saw it."""

    headers: dict[str, str]
    raw: bytes
    body: dict = field(default_factory=dict)


def tc3_signature(
    secret_key: str,
    *,
    method: str,
    path: str,
    query: str,
    headers: dict[str, str],
    signed_headers: list[str],
    payload: bytes,
    timestamp: str,
    date: str,
    service: str = SERVICE,
) -> str:
    """TC3-HMAC-SHA256 as Tencent Cloud's API documentation defines it (签名方法 v3)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    canonical_headers = "".join(
        f"{name}:{lowered.get(name, '').strip().lower()}\n" for name in signed_headers
    )
    canonical_request = "\n".join(
        [
            method,
            path,
            query,
            canonical_headers,
            ";".join(signed_headers),
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(
        [ALGORITHM, timestamp, scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )

    def _hmac(key: bytes, message: str) -> bytes:
        return hmac.new(key, message.encode(), hashlib.sha256).digest()

    signing_key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    return hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()


class FakeTencentSms(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *, secret_id=SECRET_ID, secret_key=SECRET_KEY):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.sdk_app_id = SDK_APP_ID
        self.sign_name = SIGN_NAME
        self.template_ids = set(TEMPLATES.values())
        self.requests: list[Received] = []
        # The status of the next sends: "Ok", or a refusal code with its message.
        self.status_code = "Ok"
        self.status_message = "send success"
        self._released = threading.Event()
        self._released.set()
        self._serial = 0

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def config(self, **overrides) -> dict:
        """An HOMEWARD_TENCENT_SMS setting pointing at this server."""
        return {
            "secret_id": self.secret_id,
            "secret_key": self.secret_key,
            "sdk_app_id": self.sdk_app_id,
            "sign_name": self.sign_name,
            "region": "ap-guangzhou",
            "endpoint": self.endpoint,
            "scheme": "http",
            "timeout": 2,
            "templates": dict(TEMPLATES),
            **overrides,
        }

    def refuse_with(self, code: str, message: str) -> None:
        self.status_code, self.status_message = code, message

    def stall(self) -> None:
        """Hold every answer until `release()` (or shutdown): the client should time out."""
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    def next_serial(self) -> str:
        self._serial += 1
        return f"2433:{3000000000 + self._serial}"

    # What Tencent checks, in its order; each returns an error (code, message) or None.

    def check_headers(self, headers, raw: bytes) -> tuple[str, str] | None:
        authorization = headers.get("Authorization", "")
        algorithm, _, rest = authorization.partition(" ")
        if algorithm != ALGORITHM:
            return "AuthFailure.SignatureFailure", "The signature method is not supported."
        parts = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
        credential = parts.get("Credential", "").split("/")
        if len(credential) != 4 or credential[2:] != [SERVICE, "tc3_request"]:
            return "AuthFailure.SignatureFailure", "The credential scope is malformed."
        secret_id, date = credential[0], credential[1]
        if secret_id != self.secret_id:
            return "AuthFailure.SecretIdNotFound", "The SecretId is not found."
        timestamp = headers.get("X-TC-Timestamp", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW:
            return "AuthFailure.SignatureExpire", "The signature has expired."
        stamp_date = datetime.datetime.fromtimestamp(int(timestamp), datetime.UTC)
        if stamp_date.strftime("%Y-%m-%d") != date:
            return "AuthFailure.SignatureFailure", "The date does not match the timestamp."
        expected = tc3_signature(
            self.secret_key,
            method="POST",
            path="/",
            query="",
            headers=dict(headers),
            signed_headers=parts.get("SignedHeaders", "").split(";"),
            payload=raw,
            timestamp=timestamp,
            date=date,
        )
        if not hmac.compare_digest(expected, parts.get("Signature", "")):
            return "AuthFailure.SignatureFailure", SIGNATURE_FAILURE
        if headers.get("X-TC-Action") != ACTION:
            return "InvalidAction", f"The action {headers.get('X-TC-Action')} is not found."
        if headers.get("X-TC-Version") != VERSION:
            return "NoSuchVersion", f"The version {headers.get('X-TC-Version')} is not found."
        return None

    def check_body(self, body: dict) -> tuple[str, str] | None:
        if body.get("SmsSdkAppId") != self.sdk_app_id:
            return "UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verify fail."
        if body.get("SignName") != self.sign_name:
            return "FailedOperation.SignatureIncorrectOrUnapproved", "signature not approved"
        if body.get("TemplateId") not in self.template_ids:
            return "FailedOperation.TemplateIncorrectOrUnapproved", "template not approved"
        if not body.get("PhoneNumberSet"):
            return "MissingParameter.EmptyPhoneNumberSet", "PhoneNumberSet is empty."
        return None

    def answer(self, body: dict) -> dict:
        statuses = []
        for phone in body["PhoneNumberSet"]:
            ok = self.status_code == "Ok"
            statuses.append(
                {
                    "SerialNo": self.next_serial() if ok else "",
                    "PhoneNumber": phone,
                    "Fee": 1 if ok else 0,
                    "SessionContext": body.get("SessionContext", ""),
                    "Code": self.status_code,
                    "Message": self.status_message,
                    "IsoCode": "CN",
                }
            )
        return {"SendStatusSet": statuses, "RequestId": str(uuid.uuid4())}


class _Handler(BaseHTTPRequestHandler):
    server: FakeTencentSms

    def do_POST(self):
        server = self.server
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        received = Received(headers=dict(self.headers), raw=raw)
        server.requests.append(received)
        server._released.wait(timeout=30)
        if error := server.check_headers(self.headers, raw):
            return self._reply({"Error": {"Code": error[0], "Message": error[1]}})
        try:
            received.body = json.loads(raw)
        except ValueError:
            return self._reply({"Error": {"Code": "InvalidParameter", "Message": "bad JSON"}})
        if error := server.check_body(received.body):
            return self._reply({"Error": {"Code": error[0], "Message": error[1]}})
        return self._reply(server.answer(received.body))

    def _reply(self, response: dict):
        response.setdefault("RequestId", str(uuid.uuid4()))
        payload = json.dumps({"Response": response}, ensure_ascii=False).encode()
        try:
            self.send_response(200)  # Tencent answers 200 with an Error object for refusals
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout test)

    def log_message(self, *args):
        pass


@contextmanager
def running(**options):
    """A `FakeTencentSms` serving in a thread for the duration of the block."""
    server = FakeTencentSms(**options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
