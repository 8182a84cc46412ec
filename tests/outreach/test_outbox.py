"""The outbox gateway: stores each message encrypted, once per key; the staff page is scoped."""

import pytest
from django.db import connection
from django.urls import reverse

from homeward.accounts.models import Role
from homeward.crypto import hash_filter
from homeward.outreach.gateways import (
    OutboxGateway,
    OutgoingMessage,
    WebhookGateway,
    get_gateway,
    send,
)
from homeward.outreach.models import OutboxMessage
from homeward.scoping import area_scope
from tests.factories import make_staff, make_worker

pytestmark = pytest.mark.django_db


def _sms(phone="+86 139 1234 5678", key="", region="321302001001", text="验证码 123456"):
    return OutgoingMessage(channel="sms", phone=phone, text=text, key=key, region=region)


def test_outbox_stores_the_message_with_the_phone_encrypted_and_normalised():
    result = OutboxGateway().send(_sms())
    assert result.accepted and result.error == ""
    row = OutboxMessage.objects.get()
    assert result.provider_message_id == f"outbox:{row.pk}"
    assert row.recipient_phone == "13912345678"
    assert row.masked_recipient == "139****5678"
    assert row.region_id == "321302001001" and row.channel == "sms"
    assert row.text == "验证码 123456"
    assert OutboxMessage.objects.filter(
        **hash_filter(OutboxMessage, "recipient_phone", "139 1234 5678")
    ).exists()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT recipient_phone FROM {OutboxMessage._meta.db_table}")
        (stored,) = cursor.fetchone()
    assert "13912345678" not in stored


def test_the_default_gateway_is_the_outbox(settings):
    assert isinstance(get_gateway(), OutboxGateway)
    settings.HOMEWARD_MESSAGE_GATEWAY = "webhook"
    settings.HOMEWARD_WEBHOOK_URL = "http://127.0.0.1:9/hook"
    settings.HOMEWARD_WEBHOOK_SECRET = "s"
    assert isinstance(get_gateway(), WebhookGateway)
    settings.HOMEWARD_MESSAGE_GATEWAY = "pigeon"
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        get_gateway()


def test_an_idempotency_key_stores_one_row():
    first = send(_sms(key="signin:abc"))
    second = send(_sms(key="signin:abc", text="another text"))
    assert first.accepted and second.accepted
    assert first.provider_message_id == second.provider_message_id
    assert OutboxMessage.objects.count() == 1
    assert OutboxMessage.objects.get().text == "验证码 123456"
    send(_sms())
    send(_sms())  # blank keys are not deduplicated
    assert OutboxMessage.objects.count() == 3


def test_a_repeated_key_is_found_even_from_another_area():
    send(_sms(key="campaign-1:1", region="321311"))
    with area_scope("321302"):
        again = send(_sms(key="campaign-1:1", region="321302001001"))
        assert again.accepted
        assert OutboxMessage.objects.count() == 0
    assert OutboxMessage.objects.count() == 1


def test_a_worker_message_takes_the_workers_village():
    worker = make_worker("321302001001", phone="13800001111")
    result = send(OutgoingMessage(channel="inapp", worker_id=worker.pk, text="有新岗位"))
    assert result.accepted
    row = OutboxMessage.objects.get()
    assert row.region_id == "321302001001" and row.worker_id == worker.pk
    assert row.recipient_phone == ""


def test_sending_works_for_an_anonymous_visitor_and_writes_only_in_its_region():
    with area_scope(None):  # the portal's sign-in: no area
        assert send(_sms()).accepted
    assert OutboxMessage.objects.count() == 1
    assert not send(OutgoingMessage(channel="wechat", phone="13912345678", text="x")).accepted


def test_bad_messages_are_refused():
    with pytest.raises(ValueError):
        OutgoingMessage(channel="fax", phone="13912345678", text="x")
    with pytest.raises(ValueError):
        OutgoingMessage(channel="sms", worker_id=1, text="x")
    with pytest.raises(ValueError):
        OutgoingMessage(channel="wechat", text="x")


def test_outbox_page_lists_the_areas_messages_newest_first_masked(client):
    send(_sms(phone="13900000001", text="older", region="321302001001"))
    send(_sms(phone="13900000002", text="newer", region="321302002"))
    send(_sms(phone="13900000003", text="other county", region="321311"))
    send(_sms(phone="13900000004", text="the city", region="3213"))
    client.force_login(make_staff("321302", username="county"))
    response = client.get(reverse("outreach:outbox"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 2
    assert [m.text for m in page] == ["newer", "older"]
    html = response.content.decode()
    assert "other county" not in html and "the city" not in html
    assert "139****0001" in html and "13900000001" not in html
    assert "13900000003" not in html and "139****0003" not in html


def test_outbox_page_is_paginated(client):
    for n in range(55):
        send(_sms(phone=f"139000{n:05d}", text=f"m{n}"))
    client.force_login(make_staff("321302001", username="town"))
    first = client.get(reverse("outreach:outbox"))
    assert first.context["page"].paginator.count == 55
    assert len(first.context["page"]) == 50
    second = client.get(reverse("outreach:outbox"), {"page": 2})
    assert len(second.context["page"]) == 5


def test_outbox_page_needs_sign_in(client):
    response = client.get(reverse("outreach:outbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def _signin_code(region="321302001001"):
    message = OutgoingMessage(
        channel="sms",
        phone="13900000009",
        text="您的登录验证码是 482913，5分钟内有效",
        region=region,
        template="signin_code",
        params=("482913", "5"),
        key="signin:n9",
    )
    assert send(message).accepted
    send(_sms(text="普通通知 2026 年", region=region))


def test_staff_see_sign_in_codes_hidden(client):
    _signin_code()
    client.force_login(make_staff("321302", username="county"))
    html = client.get(reverse("outreach:outbox")).content.decode()
    assert "482913" not in html
    assert "您的登录验证码是 ••••••，5分钟内有效" in html  # only the code is hidden
    assert "普通通知 2026 年" in html  # other messages are shown whole


def test_area_administrators_read_sign_in_codes(client, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    _signin_code()
    client.force_login(make_staff("321302", role=Role.ADMIN, username="county-admin"))
    html = client.get(reverse("outreach:outbox")).content.decode()
    assert "您的登录验证码是 482913，5分钟内有效" in html


def test_area_administrators_read_no_codes_of_another_area(client, settings):
    settings.SECOND_FACTOR_REQUIRED = {"roles": [], "levels": []}
    _signin_code(region="321311")
    client.force_login(make_staff("321302", role=Role.ADMIN, username="county-admin"))
    response = client.get(reverse("outreach:outbox"))
    assert "482913" not in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_send_many_stores_each_key_once_and_answers_in_order(db):
    from homeward.outreach.gateways import OutboxGateway
    from homeward.outreach.models import OutboxMessage

    gateway = OutboxGateway()
    first = OutgoingMessage(channel="sms", phone="13800138000", text="一", key="k1", region="3213")
    gateway.send(first)
    batch = [
        first,  # stored before
        OutgoingMessage(channel="sms", phone="13800138001", text="二", key="k2", region="3213"),
        OutgoingMessage(channel="sms", phone="13800138001", text="二", key="k2", region="3213"),
        OutgoingMessage(channel="sms", phone="13800138002", text="三", region="3213"),
        OutgoingMessage(channel="sms", phone="13800138003", text="四", key="k4"),  # no region
    ]
    results = gateway.send_many(batch)
    assert [r.accepted for r in results] == [True, True, True, True, False]
    assert results[1].provider_message_id == results[2].provider_message_id
    assert OutboxMessage._base_manager.count() == 3
    stored = OutboxMessage._base_manager.get(key="k2")
    assert stored.recipient_phone == "13800138001" and stored.recipient_phone_hash
    assert gateway.send_many(batch[:3]) == results[:3]  # again: nothing new
    assert OutboxMessage._base_manager.count() == 3
