"""The personal link, delivery receipts, and the funnel they feed."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from homeward.campaigns import funnel, lifecycle, receipts, sending
from homeward.campaigns.models import Delivery
from homeward.outreach.gateways import sign
from homeward.placements.models import Application
from homeward.portal.identity import CAMPAIGN

from .conftest import campaign, open_job, person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("daytime")]


def _sent_campaign(people=3, jobs=1, **fields):
    workers = [person() for _ in range(people)]
    postings = [open_job(title=f"岗位{n}") for n in range(jobs)]
    row = campaign(**fields)
    lifecycle.start_campaign(row, enqueue=False)
    sending.dispatch_batch(row.pk)
    return row, workers, postings


def test_the_link_counts_the_first_click_and_goes_to_the_job(client, fake_gateway):
    row, (worker, *_), (job,) = _sent_campaign()
    delivery = Delivery.objects.get(worker=worker)
    assert client.head(reverse("short-link", args=[delivery.token])).status_code == 302
    assert Delivery.objects.get(pk=delivery.pk).clicked_at is None  # a link preview: no click
    response = client.get(reverse("short-link", args=[delivery.token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:job", args=[job.pk])
    assert str(worker.pk) not in response["Location"].replace(str(job.pk), "")
    assert client.session[CAMPAIGN]["id"] == row.pk
    delivery.refresh_from_db()
    first = delivery.clicked_at
    assert first is not None
    client.get(reverse("short-link", args=[delivery.token]))
    delivery.refresh_from_db()
    assert delivery.clicked_at == first
    assert funnel.campaign_funnel(row)["counts"]["clicked"] == 1


def test_a_message_naming_several_jobs_links_to_its_list(client, fake_gateway):
    _row, (worker, *_), _jobs = _sent_campaign(jobs=3)
    delivery = Delivery.objects.get(worker=worker)
    assert len(delivery.posting_ids) == 3
    response = client.get(reverse("short-link", args=[delivery.token]))
    assert response["Location"] == reverse("portal:campaign-jobs", args=[delivery.token])
    found = receipts.delivery_for_token(delivery.token)
    assert found == delivery
    assert [p.pk for p in receipts.postings_of(found)] == delivery.posting_ids


def test_unknown_and_unsent_links_are_not_found(client, fake_gateway):
    person(consents_to_contact=False)
    person()
    open_job()
    lifecycle.start_campaign(campaign(), enqueue=False)
    skipped = Delivery.objects.get(status="skipped")
    queued = Delivery.objects.get(status="queued")
    for token in ("nosuchtoken1", skipped.token, queued.token, "../../etc", "x" * 40):
        assert client.get(f"/r/{token}").status_code == 404
    assert receipts.delivery_for_token(skipped.token) is None
    assert not Delivery.objects.filter(clicked_at__isnull=False).exists()
    assert "portal_campaign" not in client.session


def test_receipts_by_key_and_by_provider_id_are_idempotent(fake_gateway):
    row, (first, second, third), _jobs = _sent_campaign()
    at = timezone.now()
    key = f"campaign-{row.pk}:worker-{first.pk}"
    assert receipts.record_delivery_report(key=key, delivered=True, at=at) == 1
    assert receipts.record_delivery_report(key=key, delivered=True, at=at) == 0
    assert receipts.record_delivery_report(key=key, delivered=False, error="late") == 0
    delivered = Delivery.objects.get(worker=first)
    assert (delivered.status, delivered.delivered_at) == ("delivered", at)

    by_id = Delivery.objects.get(worker=second)
    pid = by_id.provider_message_id
    assert receipts.record_delivery_report(provider_message_id=pid, delivered=False, error="空号")
    assert receipts.record_delivery_report(provider_message_id=pid, delivered=False) == 0
    by_id.refresh_from_db()
    assert (by_id.status, by_id.error) == ("failed", "空号")

    assert receipts.record_delivery_report(key="campaign-999:worker-1", delivered=True) == 0
    assert receipts.record_delivery_report(key="signin:abc", delivered=True) == 0
    assert receipts.record_delivery_report(delivered=True) == 0
    assert Delivery.objects.get(worker=third).status == "sent"


def test_a_receipt_for_a_message_queued_for_retry_stops_the_retry(fake_gateway):
    """The provider took it after all (our side saw a timeout): the person is not sent it twice."""
    row, (worker,), _jobs = _sent_campaign(people=1)
    Delivery.objects.filter(worker=worker).update(status="queued", sent_at=None)
    assert receipts.record_delivery_report(
        key=f"campaign-{row.pk}:worker-{worker.pk}", delivered=True
    )
    assert Delivery.objects.get().status == "delivered"


def test_a_receipt_before_the_send_is_recorded_is_kept(fake_gateway):
    worker = person()
    open_job()
    row = campaign()
    lifecycle.start_campaign(row, enqueue=False)
    (claimed,) = sending.claim(row, 1, timezone.now())
    key = f"campaign-{row.pk}:worker-{worker.pk}"
    assert receipts.record_delivery_report(key=key, delivered=True) == 1
    sending.send_chunk(
        row, [claimed], gateway=fake_gateway, dedupes=True, pacer=sending.Pacer("sms")
    )
    delivery = Delivery.objects.get()
    assert delivery.status == "delivered" and delivery.delivered_at is not None


def test_the_signed_webhook_receipt_reaches_the_campaign(client, settings, fake_gateway):
    settings.HOMEWARD_WEBHOOK_SECRET = "s3cret"
    row, (worker, *_), _jobs = _sent_campaign()
    body = json.dumps(
        {"key": f"campaign-{row.pk}:worker-{worker.pk}", "status": "delivered"}
    ).encode()
    response = client.post(
        reverse("receipts:webhook"),
        body,
        content_type="application/json",
        headers={"X-Homeward-Signature": sign(body, "s3cret")},
    )
    assert response.status_code == 200 and response.json() == {"updated": 1}
    assert Delivery.objects.get(worker=worker).status == "delivered"


def test_the_funnel_counts_sent_delivered_clicked_applied_hired(client, county_staff, fake_gateway):
    row, workers, (job,) = _sent_campaign(people=4)
    other, _w, _j = _sent_campaign(people=1, name="别的", channel="wechat")
    for worker in workers[:3]:
        receipts.record_delivery_report(key=f"campaign-{row.pk}:worker-{worker.pk}", delivered=True)
    for worker in workers[:2]:
        client.get(
            reverse("short-link", args=[Delivery.objects.get(campaign=row, worker=worker).token])
        )
    for n, worker in enumerate(workers[:2]):
        application = Application(
            worker=worker, posting=job, region_id=worker.region_id, source="campaign", campaign=row
        )
        if n == 0:
            application.status, application.hired_on = "hired", datetime.date(2026, 3, 2)
        application.save()
    Application(
        worker=workers[3], posting=job, region_id=workers[3].region_id, source="portal"
    ).save()  # not through the campaign
    shown = funnel.campaign_funnel(row)
    counts = {s["name"]: s["count"] for s in shown["steps"]}
    assert counts == {"sent": 4, "delivered": 3, "clicked": 2, "applied": 2, "hired": 1}
    rates = {s["name"]: s["rate"] for s in shown["steps"]}
    assert rates == {
        "sent": None,
        "delivered": "75.0",
        "clicked": "66.7",
        "applied": "100.0",
        "hired": "50.0",
    }

    client.force_login(county_staff)
    page = client.get(reverse("campaigns:detail", args=[row.pk]))
    html = page.content.decode()
    assert '<svg role="img"' in html and html.count("<rect") == 5
    assert 'data-testid="count-hired">1<' in html
    assert "<script" not in html.split("</head>")[1]
    listing = client.get(reverse("campaigns:list")).content.decode()
    assert 'data-channel="sms"' in listing and 'data-channel="wechat"' in listing
    assert other.pk


def test_a_sending_campaign_page_refreshes_itself(client, county_staff, fake_gateway):
    [person() for _ in range(3)]
    open_job()
    row = campaign()
    lifecycle.start_campaign(row, enqueue=False)
    client.force_login(county_staff)
    html = client.get(reverse("campaigns:detail", args=[row.pk])).content.decode()
    assert 'hx-trigger="every 5s"' in html
    sending.dispatch_batch(row.pk)
    html = client.get(reverse("campaigns:detail", args=[row.pk])).content.decode()
    assert 'hx-trigger="every' not in html
