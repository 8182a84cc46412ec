"""`send()` routes by channel; the outbox reports stored messages as delivered."""

import pytest

from homeward.outreach import gateways
from homeward.outreach.gateways import OutboxGateway, OutgoingMessage, SendResult, send
from homeward.outreach.models import OutboxMessage

pytestmark = pytest.mark.django_db


class Recorder:
    """A gateway that keeps what it is given, registered under a name for one test."""

    def __init__(self):
        self.sent: list[OutgoingMessage] = []

    def send(self, message):
        self.sent.append(message)
        return SendResult(accepted=True, provider_message_id=f"rec:{len(self.sent)}")


@pytest.fixture
def recorder(monkeypatch):
    gateway = Recorder()
    monkeypatch.setitem(gateways.GATEWAYS, "recorder", lambda: gateway)
    return gateway


def _message(channel, **fields):
    fields.setdefault("phone", "13912345678")
    fields.setdefault("region", "321302001001")
    return OutgoingMessage(channel=channel, text="有新岗位", **fields)


def test_by_default_every_channel_goes_to_the_outbox():
    for channel in ("sms", "wechat", "inapp"):
        assert gateways.gateway_name(channel) == "outbox"
        assert send(_message(channel)).accepted
    assert OutboxMessage.objects.count() == 3


def test_in_app_messages_always_go_to_the_outbox(settings, recorder):
    settings.HOMEWARD_MESSAGE_GATEWAY = "recorder"
    settings.HOMEWARD_SMS_GATEWAY = "tencent"
    settings.HOMEWARD_WECHAT_GATEWAY = "recorder"
    assert gateways.gateway_name("inapp") == "outbox"
    result = send(_message("inapp"))
    assert result.accepted and result.delivered
    assert OutboxMessage.objects.get().channel == "inapp"
    assert recorder.sent == []


def test_each_channel_has_its_own_gateway(settings, recorder):
    settings.HOMEWARD_SMS_GATEWAY = "recorder"
    sms = send(_message("sms"))
    wechat = send(_message("wechat"))
    assert sms.provider_message_id == "rec:1" and not sms.delivered
    assert wechat.provider_message_id.startswith("outbox:")
    assert [m.channel for m in recorder.sent] == ["sms"]
    settings.HOMEWARD_SMS_GATEWAY = ""
    settings.HOMEWARD_WECHAT_GATEWAY = "recorder"
    send(_message("wechat"))
    assert [m.channel for m in recorder.sent] == ["sms", "wechat"]


def test_blank_channel_settings_follow_the_message_gateway(settings, recorder):
    settings.HOMEWARD_MESSAGE_GATEWAY = "recorder"
    settings.HOMEWARD_SMS_GATEWAY = ""
    settings.HOMEWARD_WECHAT_GATEWAY = ""
    assert gateways.gateway_name("sms") == gateways.gateway_name("wechat") == "recorder"
    send(_message("sms"))
    send(_message("wechat"))
    assert len(recorder.sent) == 2 and OutboxMessage.objects.count() == 0


def test_an_unknown_gateway_name_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.HOMEWARD_SMS_GATEWAY = "pigeon"
    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        send(_message("sms"))


def test_the_outbox_reports_stored_messages_delivered_and_keeps_the_template():
    first = OutboxGateway().send(
        _message("sms", key="signin:x", template="signin_code", params=("123456",))
    )
    again = OutboxGateway().send(_message("sms", key="signin:x", template="signin_code"))
    assert first.delivered and again.delivered
    assert first.provider_message_id == again.provider_message_id
    assert OutboxMessage.objects.get().template == "signin_code"
    refused = OutboxGateway().send(_message("wechat", region=None))
    assert not refused.accepted and not refused.delivered


def test_a_message_carries_its_template_and_params_as_strings():
    message = _message("sms", template="job_push", params=["电焊工", 6500])
    assert message.template == "job_push" and message.params == ("电焊工", "6500")
    plain = _message("sms")
    assert plain.template == "" and plain.params == ()
    assert SendResult(accepted=True).delivered is False
    with pytest.raises(ValueError, match="params"):
        _message("sms", template="signin_code", params="123456")
