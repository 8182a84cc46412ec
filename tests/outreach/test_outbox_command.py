from io import StringIO

import pytest
from django.core.management import call_command

from homeward.outreach.gateways import OutgoingMessage, send

pytestmark = pytest.mark.django_db


def test_outbox_command_prints_the_newest_messages_to_a_phone():
    send(OutgoingMessage(channel="sms", phone="13800138000", text="验证码 123456", region="3213"))
    send(OutgoingMessage(channel="sms", phone="13900139000", text="别人的消息", region="3213"))
    out = StringIO()
    call_command("outbox", phone="13800138000", stdout=out)
    assert "验证码 123456" in out.getvalue() and "别人的消息" not in out.getvalue()
    assert "138****8000" in out.getvalue() and "13800138000" not in out.getvalue()
