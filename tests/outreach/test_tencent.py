"""The Tencent Cloud SMS gateway, through the official SDK, against a fake Tencent on 127.0.0.1."""

import json
import runpy
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from homeward.outreach.gateways import OutgoingMessage, get_gateway, send
from homeward.outreach.models import OutboxMessage
from homeward.outreach.tencent import TencentSmsGateway
from tests.outreach import fake_tencent
from tests.outreach.fake_tencent import SDK_APP_ID, SIGN_NAME, TEMPLATES

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


@pytest.fixture
def tencent(monkeypatch):
    for name in PROXY_VARIABLES:  # the SDK honours them; the fake is on this machine
        monkeypatch.delenv(name, raising=False)
    with fake_tencent.running() as server:
        yield server


def _code(**fields):
    fields.setdefault("channel", "sms")
    fields.setdefault("phone", "+86 139-1234-5678")
    fields.setdefault("text", "您的登录验证码是 482913，5分钟内有效")
    fields.setdefault("key", "signin:n1")
    fields.setdefault("template", "signin_code")
    fields.setdefault("params", ("482913", "5"))
    return OutgoingMessage(**fields)


def test_an_accepted_send_carries_the_template_its_params_and_the_number(tencent):
    result = TencentSmsGateway(tencent.config()).send(_code())
    assert result.accepted and result.error == ""
    assert result.provider_message_id.startswith("2433:")
    assert not result.delivered  # Tencent tells delivery later, by its status callback
    (request,) = tencent.requests
    assert request.body == {
        "PhoneNumberSet": ["+8613912345678"],
        "SmsSdkAppId": SDK_APP_ID,
        "TemplateId": TEMPLATES["signin_code"],
        "SignName": SIGN_NAME,
        "TemplateParamSet": ["482913", "5"],
        "SessionContext": "signin:n1",
    }
    headers = request.headers
    assert headers["X-TC-Action"] == "SendSms" and headers["X-TC-Version"] == "2021-01-11"
    assert headers["X-TC-Region"] == "ap-guangzhou"
    assert headers["Authorization"].startswith(
        f"TC3-HMAC-SHA256 Credential={fake_tencent.SECRET_ID}/"
    )
    scope = "/sms/tc3_request, SignedHeaders=content-type;host, Signature="
    assert scope in headers["Authorization"]


def test_the_fake_checks_the_signature_over_the_body(tencent):
    """A replayed request with one changed byte is refused: the fake really verifies."""
    TencentSmsGateway(tencent.config()).send(_code())
    (sent,) = tencent.requests
    tampered = sent.raw.replace(b"482913", b"000000")
    headers = {k: v for k, v in sent.headers.items() if k.lower() != "content-length"}
    request = urllib.request.Request(
        f"http://{tencent.endpoint}/", data=tampered, headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        answer = json.loads(response.read())["Response"]
    assert answer["Error"]["Code"] == "AuthFailure.SignatureFailure"
    assert "RequestId" in answer


def test_a_wrong_secret_key_is_refused_as_tencent_refuses_it(tencent):
    result = TencentSmsGateway(tencent.config(secret_key="not-the-key")).send(_code())
    assert not result.accepted and result.provider_message_id == ""
    assert result.error.startswith("AuthFailure.SignatureFailure: ")
    assert "credentials could not be validated" in result.error


def test_an_unknown_secret_id_is_refused(tencent):
    result = TencentSmsGateway(tencent.config(secret_id="AKIDsomeoneelse")).send(_code())
    assert not result.accepted and result.error.startswith("AuthFailure.SecretIdNotFound")


def test_a_refusal_code_for_the_number_is_not_accepted(tencent):
    tencent.refuse_with(
        "LimitExceeded.PhoneNumberDailyLimit",
        "the number of SMS messages sent from a single mobile number every day exceeds the limit",
    )
    result = TencentSmsGateway(tencent.config()).send(_code())
    assert not result.accepted and result.provider_message_id == ""
    assert result.error.startswith("LimitExceeded.PhoneNumberDailyLimit: ")
    assert "exceeds the limit" in result.error


def test_an_unapproved_signature_is_a_failure_not_an_exception(tencent):
    result = TencentSmsGateway(tencent.config(sign_name="别的签名")).send(_code())
    assert not result.accepted
    assert result.error.startswith("FailedOperation.SignatureIncorrectOrUnapproved")


def test_a_template_without_a_tencent_id_is_refused_before_sending(tencent):
    result = TencentSmsGateway(tencent.config()).send(_code(template="wage_reminder"))
    assert not result.accepted
    assert "no Tencent SMS template for 'wage_reminder'" in result.error
    assert "HOMEWARD_TENCENT_SMS_TEMPLATES" in result.error
    result = TencentSmsGateway(tencent.config()).send(_code(template=""))
    assert not result.accepted and "template" in result.error
    assert tencent.requests == []


def test_a_stalled_server_times_out_quickly(tencent):
    tencent.stall()
    started = time.monotonic()
    result = TencentSmsGateway(tencent.config(timeout=0.3)).send(_code())
    elapsed = time.monotonic() - started
    assert not result.accepted
    assert result.error.startswith("ClientNetworkError: ") and "timed out" in result.error
    assert elapsed < 2


def test_a_refused_connection_is_not_accepted(tencent):
    config = tencent.config()
    tencent.shutdown()
    tencent.server_close()  # nothing listens on the port any more
    result = TencentSmsGateway(config).send(_code())
    assert not result.accepted and result.error.startswith("ClientNetworkError: ")


def test_it_sends_only_sms():
    config = {"secret_id": "i", "secret_key": "k", "sdk_app_id": "1", "sign_name": "s"}
    result = TencentSmsGateway(config).send(_code(channel="wechat"))
    assert not result.accepted and "only SMS" in result.error


def test_it_needs_its_credentials_app_and_signature():
    with pytest.raises(ImproperlyConfigured, match="secret_key, sdk_app_id"):
        TencentSmsGateway({"secret_id": "i", "sign_name": "s"})
    with pytest.raises(ImproperlyConfigured, match="scheme"):
        TencentSmsGateway(
            {"secret_id": "i", "secret_key": "k", "sdk_app_id": "1", "sign_name": "s"}
            | {"scheme": "ftp"}
        )


def test_the_gateway_is_registered_as_tencent(tencent, settings):
    settings.HOMEWARD_TENCENT_SMS = tencent.config()
    assert isinstance(get_gateway("tencent"), TencentSmsGateway)


def test_sms_goes_to_tencent_and_in_app_messages_stay_in_the_outbox(tencent, settings, db):
    settings.HOMEWARD_SMS_GATEWAY = "tencent"
    settings.HOMEWARD_TENCENT_SMS = tencent.config()
    sms = send(_code())
    assert sms.accepted and not sms.delivered and sms.provider_message_id.startswith("2433:")
    inapp = send(
        OutgoingMessage(channel="inapp", phone="13912345678", text="新岗位", region="321302001001")
    )
    assert inapp.accepted and inapp.delivered
    assert len(tencent.requests) == 1
    assert OutboxMessage.objects.get().channel == "inapp"


def test_settings_read_the_tencent_configuration_from_the_environment(monkeypatch):
    monkeypatch.setenv("HOMEWARD_TENCENT_SECRET_ID", "AKIDx")
    monkeypatch.setenv("HOMEWARD_TENCENT_SECRET_KEY", "key")
    monkeypatch.setenv("HOMEWARD_TENCENT_SMS_APP_ID", "1400000009")
    monkeypatch.setenv("HOMEWARD_TENCENT_SMS_SIGN", "归乡就业")
    monkeypatch.setenv("HOMEWARD_TENCENT_SMS_TEMPLATES", " signin_code=111 , job_push=222,broken")
    monkeypatch.setenv("HOMEWARD_TENCENT_SMS_ENDPOINT", "127.0.0.1:9")
    monkeypatch.setenv("HOMEWARD_TENCENT_SMS_SCHEME", "http")
    monkeypatch.setenv("HOMEWARD_SMS_GATEWAY", "tencent")
    import homeward.settings

    values = runpy.run_path(str(Path(homeward.settings.__file__)))
    assert values["HOMEWARD_TENCENT_SMS"] == {
        "secret_id": "AKIDx",
        "secret_key": "key",
        "sdk_app_id": "1400000009",
        "sign_name": "归乡就业",
        "region": "ap-guangzhou",
        "endpoint": "127.0.0.1:9",
        "scheme": "http",
        "timeout": 5.0,
        "templates": {"signin_code": "111", "job_push": "222"},
    }
    assert values["HOMEWARD_SMS_GATEWAY"] == "tencent"
    assert values["HOMEWARD_WECHAT_GATEWAY"] == ""


def test_it_sends_only_to_mainland_mobile_numbers(tencent):
    result = TencentSmsGateway(tencent.config()).send(_code(phone="+44 20 7946 0958"))
    assert not result.accepted and "mainland" in result.error
    assert tencent.requests == []


def test_one_gateway_reuses_its_client_for_many_messages(tencent):
    gateway = TencentSmsGateway(tencent.config())
    results = [gateway.send(_code(key=f"campaign-1:{n}")) for n in range(3)]
    assert all(r.accepted for r in results)
    assert len({r.provider_message_id for r in results}) == 3
    assert [r.body["SessionContext"] for r in tencent.requests] == [
        "campaign-1:0",
        "campaign-1:1",
        "campaign-1:2",
    ]
