"""The delivery engine: skips, opt-outs, the weekly cap, quiet hours, retries, idempotency, pace."""

import datetime
import time

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.db.models import Count, ExpressionWrapper, F, TextField
from django_tasks_db.models import DBTaskResult

from homeward import crypto
from homeward.campaigns import audience, lifecycle, sending
from homeward.campaigns.models import Campaign, Delivery, SendingPace
from homeward.outreach.gateways import OutgoingMessage
from homeward.outreach.models import OutboxMessage
from homeward.workers.models import Worker

from .conftest import BEIJING, FakeGateway, campaign, open_job, person

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _at(hour, minute=0, day=2):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=BEIJING)


def _statuses(row):
    return dict(Delivery.objects.filter(campaign=row).values_list("status").annotate(n=Count("pk")))


def _batch_tasks():
    return DBTaskResult.objects.filter(task_path="homeward.campaigns.sending.send_batch")


@pytest.mark.usefixtures("daytime")
def test_a_campaign_sends_each_person_their_own_message(
    fake_gateway, django_capture_on_commit_callbacks
):
    people = [person(name=f"王{n}强", phone=f"1380000000{n}") for n in range(3)]
    opted_out = person(consents_to_contact=False)
    no_phone = person(phone="")
    job = open_job()
    row = campaign()
    with django_capture_on_commit_callbacks(execute=True):
        counts = lifecycle.start_campaign(row)
    assert counts == {"queued": 3, "skipped": 2}
    row.refresh_from_db()
    assert row.status == "done" and row.finished_at is not None
    assert len(fake_gateway.sent) == 3
    by_worker = {m.worker_id: m for m in fake_gateway.sent}
    assert set(by_worker) == {p.pk for p in people}
    for p in people:
        message = by_worker[p.pk]
        delivery = Delivery.objects.get(campaign=row, worker=p)
        assert message.channel == "sms" and message.phone == p.phone
        assert message.key == f"campaign-{row.pk}:worker-{p.pk}"
        assert message.template == "job_push"
        assert message.params == ("王师傅", "电焊工 4000-6000元/月", message.params[2])
        assert message.params[2] == f"https://hw.example/r/{delivery.token}"
        assert message.text == delivery.text and delivery.text.startswith("王师傅，为您推荐")
        assert delivery.status == "sent" and delivery.sent_at is not None
        assert delivery.posting_ids == [job.pk] and delivery.attempts == 1
        assert delivery.region_id == p.region_id
    skipped = Delivery.objects.filter(campaign=row, status="skipped")
    assert dict(skipped.values_list("worker_id", "skip_reason")) == {
        opted_out.pk: "opted_out",
        no_phone.pk: "no_phone",
    }
    assert len({d.token for d in Delivery.objects.all()}) == 5


@pytest.mark.usefixtures("daytime")
def test_in_app_messages_need_no_phone_and_are_delivered_by_the_outbox():
    worker = person(phone="")
    open_job()
    row = campaign(channel="inapp", template="{name}：{jobs} {link}")
    lifecycle.start_campaign(row, enqueue=False)
    sending.dispatch_batch(row.pk)
    delivery = Delivery.objects.get(campaign=row)
    assert delivery.status == "delivered" and delivery.delivered_at is not None
    stored = OutboxMessage.objects.get()
    assert stored.worker_id == worker.pk and stored.channel == "inapp"
    assert stored.key == f"campaign-{row.pk}:worker-{worker.pk}"
    assert delivery.provider_message_id == f"outbox:{stored.pk}"


@pytest.mark.usefixtures("daytime")
def test_no_open_job_means_no_message(fake_gateway):
    person()
    row = campaign()
    lifecycle.start_campaign(row, enqueue=False)
    sending.dispatch_batch(row.pk)
    assert _statuses(row) == {"skipped": 1}
    assert Delivery.objects.get().skip_reason == "no_job"
    assert fake_gateway.sent == []


@pytest.mark.usefixtures("daytime")
def test_a_message_naming_no_jobs_goes_out_without_one_as_its_own_template(fake_gateway):
    """A template without {jobs} (a fair's date, a subsidy invitation) is legitimate: nobody is
    skipped for want of a job, and the provider gets the notice template (name, link), or the
    one the campaign names — never the job push with an empty job list."""
    worker = person(name="李四")
    row = campaign(template="{name}，3月1日招聘会：{link} 回T退订")
    lifecycle.start_campaign(row, enqueue=False)
    sending.dispatch_batch(row.pk)
    assert _statuses(row) == {"sent": 1}
    (message,) = fake_gateway.sent
    delivery = Delivery.objects.get(campaign=row)
    assert message.template == "notice" and delivery.posting_ids == []
    assert message.params == ("李师傅", f"https://hw.example/r/{delivery.token}")
    assert message.text == f"李师傅，3月1日招聘会：https://hw.example/r/{delivery.token} 回T退订"
    named = campaign(
        template="{name}，您可能符合补贴条件：{link} 回T退订", sms_template="subsidy_invite"
    )
    lifecycle.start_campaign(named, enqueue=False)
    sending.dispatch_batch(named.pk)
    assert [m.template for m in fake_gateway.sent] == ["notice", "subsidy_invite"]
    assert fake_gateway.sent[1].worker_id == worker.pk


@pytest.mark.usefixtures("daytime")
def test_an_opt_out_after_the_start_is_honoured(fake_gateway):
    stays, leaves = person(), person()
    open_job()
    row = campaign()
    assert lifecycle.start_campaign(row, enqueue=False) == {"queued": 2, "skipped": 0}
    leaves.consents_to_contact = False
    leaves.save()
    sending.dispatch_batch(row.pk)
    assert [m.worker_id for m in fake_gateway.sent] == [stays.pk]
    assert Delivery.objects.get(worker=leaves).skip_reason == "opted_out"


@pytest.mark.usefixtures("daytime")
def test_the_weekly_cap_counts_messages_across_campaigns(settings, fake_gateway, daytime):
    settings.CAMPAIGN_WEEKLY_CAP = 2
    worker = person()
    open_job()
    first, second, third, fourth = (campaign(name=f"第{n}次") for n in range(4))
    for row in (first, second, third):
        lifecycle.start_campaign(row, enqueue=False)  # all three queued: none sent yet
    sending.dispatch_batch(first.pk)
    sending.dispatch_batch(second.pk)
    sending.dispatch_batch(third.pk)  # the third in a week: refused at send time
    assert len(fake_gateway.sent) == 2
    assert Delivery.objects.get(campaign=third).skip_reason == "weekly_cap"
    assert [(code, n) for code, _label, n in audience.preview(fourth).skipped] == [
        ("weekly_cap", 1)
    ]
    assert lifecycle.start_campaign(fourth, enqueue=False) == {"queued": 0, "skipped": 1}
    daytime.shift(datetime.timedelta(days=7, minutes=1))  # a week later the cap is free again
    fifth = campaign(name="第五次")
    assert lifecycle.start_campaign(fifth, enqueue=False) == {"queued": 1, "skipped": 0}
    sending.dispatch_batch(fifth.pk)
    assert [m.worker_id for m in fake_gateway.sent] == [worker.pk] * 3


def test_quiet_hours():
    assert sending.quiet_until("sms", _at(22, 30)) == _at(8, day=3)
    assert sending.quiet_until("sms", _at(21, 0)) == _at(8, day=3)
    assert sending.quiet_until("sms", _at(7, 59)) == _at(8)
    assert sending.quiet_until("sms", _at(8, 0)) is None
    assert sending.quiet_until("sms", _at(20, 59)) is None
    assert sending.quiet_until("inapp", _at(22, 30)) is None
    assert sending.quiet_until("wechat", _at(23, 0)) is None


def test_an_sms_due_at_half_past_ten_at_night_waits_for_eight(settings, fake_gateway):
    settings.TASKS = DATABASE_TASKS
    sms_person = person()
    open_job()
    sms = campaign()
    inapp = campaign(channel="inapp", template="{name} {jobs} {link}")
    with time_machine.travel(_at(22, 30), tick=False):
        lifecycle.start_campaign(sms, enqueue=False)
        lifecycle.start_campaign(inapp, enqueue=False)
        assert sending.dispatch_batch(sms.pk)["deferred"] == 1
        assert sending.dispatch_batch(inapp.pk)["sent"] == 1  # in-app is not held
    assert fake_gateway.sent == []
    assert _statuses(sms) == {"queued": 1}
    assert [t.run_after for t in _batch_tasks()] == [_at(8, day=3)]
    assert OutboxMessage.objects.get().channel == "inapp"
    with time_machine.travel(_at(8, 0, day=3), tick=False):
        sending.dispatch_batch(sms.pk)
    assert [m.worker_id for m in fake_gateway.sent] == [sms_person.pk]


def test_starting_in_the_quiet_hours_enqueues_the_batches_for_eight(settings):
    settings.TASKS = DATABASE_TASKS
    person()
    row = campaign()
    with time_machine.travel(_at(23, 10), tick=False):
        lifecycle.start_campaign(row)
        lifecycle.enqueue_batches(row.pk, 1, row.watch_token)  # what on_commit would do
    assert [t.run_after for t in _batch_tasks()] == [_at(8, day=3)]


def test_a_refused_send_is_retried_with_backoff(settings, fake_gateway):
    settings.TASKS = DATABASE_TASKS
    settings.CAMPAIGN_RETRY_SECONDS = 60
    fake_gateway.refuse = 2
    person()
    open_job()
    row = campaign()
    start = _at(10)
    with time_machine.travel(start, tick=False):
        lifecycle.start_campaign(row, enqueue=False)
        assert sending.dispatch_batch(row.pk)["retry"] == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("queued", 1)
    assert delivery.next_attempt_at == start + datetime.timedelta(seconds=60)
    assert delivery.error == "HTTP 503 busy"
    assert [t.run_after for t in _batch_tasks()] == [delivery.next_attempt_at]
    with time_machine.travel(start + datetime.timedelta(seconds=59), tick=False):
        assert sending.dispatch_batch(row.pk)["sent"] == 0  # not due yet
    second = start + datetime.timedelta(seconds=60)
    with time_machine.travel(second, tick=False):
        assert sending.dispatch_batch(row.pk)["retry"] == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at == second + datetime.timedelta(seconds=120)  # doubled
    with time_machine.travel(second + datetime.timedelta(seconds=120), tick=False):
        assert sending.dispatch_batch(row.pk)["sent"] == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == ("sent", 3, "")
    assert len(fake_gateway.sent) == 1
    row.refresh_from_db()
    assert row.status == "done"


def test_it_gives_up_after_the_last_attempt(settings, fake_gateway):
    settings.CAMPAIGN_MAX_ATTEMPTS = 3
    settings.CAMPAIGN_RETRY_SECONDS = 10
    fake_gateway.refuse = 99
    person()
    open_job()
    row = campaign()
    moment = _at(10)
    with time_machine.travel(moment, tick=False):
        lifecycle.start_campaign(row, enqueue=False)
    for attempt in range(3):
        with time_machine.travel(moment, tick=False):
            sending.dispatch_batch(row.pk)
        moment += datetime.timedelta(seconds=10 * 2**attempt)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert delivery.error == "HTTP 503 busy"
    row.refresh_from_db()
    assert row.status == "done"
    assert fake_gateway.sent == []


@pytest.mark.usefixtures("daytime")
def test_running_a_batch_twice_sends_once(fake_gateway):
    people = [person() for _ in range(4)]
    open_job()
    row = campaign()
    lifecycle.start_campaign(row, enqueue=False)
    sending.dispatch_batch(row.pk)
    sending.dispatch_batch(row.pk)
    assert sorted(m.worker_id for m in fake_gateway.sent) == sorted(p.pk for p in people)


@pytest.mark.usefixtures("daytime")
def test_two_batches_over_the_same_rows_send_once(fake_gateway):
    people = [person() for _ in range(5)]
    open_job()
    row = campaign()
    lifecycle.start_campaign(row, enqueue=False)
    from django.utils import timezone

    # Batch A claims three rows and is slow to send them; batch B runs meanwhile.
    claimed = sending.claim(row, 3, timezone.now())
    assert len(claimed) == 3
    sending.dispatch_batch(row.pk)
    assert len(fake_gateway.sent) == 2
    sending.send_chunk(row, claimed, gateway=fake_gateway, dedupes=True, pacer=sending.Pacer("sms"))
    keys = [m.key for m in fake_gateway.sent]
    assert sorted(keys) == sorted(f"campaign-{row.pk}:worker-{p.pk}" for p in people)
    assert _statuses(row) == {"sent": 5}


def test_rows_abandoned_by_a_dead_worker_are_sent_again_only_where_keys_dedupe(settings):
    """The outbox dedupes: the row is sent again with its key, and no second message appears.
    A gateway that does not dedupe: the row is failed "unknown outcome", nothing is resent."""
    settings.CAMPAIGN_LEASE_SECONDS = 600
    person(), person()
    open_job()
    row = campaign(channel="inapp", template="{name} {jobs} {link}")
    start = _at(10)
    with time_machine.travel(start, tick=False):
        lifecycle.start_campaign(row, enqueue=False)
        claimed = sending.claim(row, 2, start)
        # The dead worker had stored the first message before it died.
        from homeward.outreach.gateways import OutboxGateway

        sending.send_chunk(
            row,
            claimed[:1],
            gateway=OutboxGateway(),
            dedupes=True,
            pacer=sending.Pacer("inapp"),
        )
        Delivery.objects.filter(pk=claimed[0].pk).update(status="sending", claimed_at=start)
    with time_machine.travel(start + datetime.timedelta(seconds=599), tick=False):
        sending.dispatch_batch(row.pk)
        assert _statuses(row) == {"sending": 2}  # still within the lease
    with time_machine.travel(start + datetime.timedelta(seconds=601), tick=False):
        assert sending.dispatch_batch(row.pk)["recovered"] == 2
    assert _statuses(row) == {"delivered": 2}
    per_person = OutboxMessage.objects.values("worker_id").annotate(n=Count("pk"))
    assert sorted(r["n"] for r in per_person) == [1, 1]


def test_without_deduplication_an_abandoned_row_fails_unknown(settings, monkeypatch):
    from homeward.outreach import gateways

    class Blind(FakeGateway):
        dedupes_by_key = False

    blind = Blind()
    monkeypatch.setitem(gateways.GATEWAYS, "blind", blind)
    settings.HOMEWARD_SMS_GATEWAY = "blind"
    person()
    open_job()
    row = campaign()
    start = _at(10)
    with time_machine.travel(start, tick=False):
        lifecycle.start_campaign(row, enqueue=False)
        sending.claim(row, 1, start)
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        assert sending.dispatch_batch(row.pk)["recovered"] == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and delivery.error.startswith("unknown outcome")
    assert blind.sent == []
    assert Campaign.objects.get().status == "done"


def test_a_gateway_that_raises(settings, monkeypatch):
    from homeward.outreach import gateways

    class Broken(FakeGateway):
        def send(self, message):
            raise ConnectionResetError("peer went away")

    class BrokenBlind(Broken):
        dedupes_by_key = False

    person()
    open_job()
    for gateway, expected in ((Broken(), "queued"), (BrokenBlind(), "failed")):
        monkeypatch.setitem(gateways.GATEWAYS, "broken", gateway)
        settings.HOMEWARD_SMS_GATEWAY = "broken"
        row = campaign()
        with time_machine.travel(_at(10), tick=False):
            lifecycle.start_campaign(row, enqueue=False)
            sending.dispatch_batch(row.pk)
        assert Delivery.objects.get(campaign=row).status == expected


@pytest.mark.usefixtures("daytime")
def test_cancelling_stops_what_is_not_sent(fake_gateway, county_staff):
    [person() for _ in range(4)]
    open_job()
    row = campaign()
    lifecycle.start_campaign(row, enqueue=False)
    sending.dispatch_batch(row.pk, size=1)
    assert lifecycle.cancel_campaign(row, by=county_staff) == 3
    sending.dispatch_batch(row.pk)
    assert len(fake_gateway.sent) == 1
    assert _statuses(row) == {"sent": 1, "skipped": 3}
    assert set(Delivery.objects.filter(status="skipped").values_list("skip_reason", flat=True)) == {
        "cancelled"
    }
    assert Campaign.objects.get().status == "cancelled"


def test_messages_are_paced_to_the_channel_rate(settings):
    settings.CAMPAIGN_RATES = {"inapp": 50}
    [person() for _ in range(10)]
    open_job()
    row = campaign(channel="inapp", template="{name} {jobs} {link}")
    lifecycle.start_campaign(row, enqueue=False)
    started = time.monotonic()
    assert sending.dispatch_batch(row.pk)["sent"] == 10
    elapsed = time.monotonic() - started
    assert elapsed >= 9 / 50 * 0.95, elapsed
    # The pace is shared: the next reservation starts where this one ended.
    assert SendingPace.objects.get(channel="inapp").next_slot is not None


def test_the_watchdog_hands_over_and_stops_when_done(settings, fake_gateway):
    settings.TASKS = DATABASE_TASKS
    person()
    open_job()
    row = campaign()
    with time_machine.travel(_at(10), tick=False):
        lifecycle.start_campaign(row, enqueue=False)
        row.refresh_from_db()
        first = row.watch_token
        assert sending.watch(row.pk, "not-the-token") == "stopped"
        assert sending.watch(row.pk, first) == "watching"
    row.refresh_from_db()
    assert row.status == "done" and len(fake_gateway.sent) == 1
    watchers = DBTaskResult.objects.filter(task_path="homeward.campaigns.sending.watch_campaign")
    assert watchers.count() == 1  # its successor, which will find the campaign done
    assert sending.watch(row.pk, watchers.get().args_kwargs["args"][1]) == "stopped"


@pytest.mark.usefixtures("daytime")
def test_the_outbox_with_no_pace_stores_a_chunk_in_one_transaction_and_the_cap_counts_it(
    settings,
):
    settings.CAMPAIGN_RATES = {}
    settings.CAMPAIGN_WEEKLY_CAP = 1
    people = [person(phone="") for _ in range(3)]
    open_job()
    first = campaign(channel="inapp", template="{name}：{jobs} {link}")
    lifecycle.start_campaign(first, enqueue=False)
    sending.dispatch_batch(first.pk)
    rows = Delivery.objects.filter(campaign=first)
    assert {r.status for r in rows} == {"delivered"}
    assert all(r.claimed_at is not None for r in rows)  # taken when sent: the cap counts it
    second = campaign(channel="inapp", name="第二次", template="{name}：{jobs} {link}")
    assert lifecycle.start_campaign(second, enqueue=False) == {"queued": 0, "skipped": 3}
    assert OutboxMessage.objects.filter(worker__in=people).count() == 3


@pytest.mark.usefixtures("daytime")
def test_a_chunk_that_fails_midway_on_the_outbox_stores_nothing_and_stays_queued(
    settings, monkeypatch
):
    settings.CAMPAIGN_RATES = {}
    for _ in range(3):
        person(phone="")
    open_job()
    row = campaign(channel="inapp", template="{name}：{jobs} {link}")
    lifecycle.start_campaign(row, enqueue=False)
    real_write = sending._write

    def write_then_fail(rows, sent=(), *, claim=False):
        real_write(rows, sent, claim=claim)
        raise RuntimeError("the worker died after writing")

    monkeypatch.setattr(sending, "_write", write_then_fail)
    with pytest.raises(RuntimeError):
        sending.dispatch_batch(row.pk)
    assert _statuses(row) == {"queued": 3}  # never marked `sending`: nothing to recover
    assert not OutboxMessage.objects.filter(key__startswith=f"campaign-{row.pk}:").exists()
    monkeypatch.setattr(sending, "_write", real_write)
    sending.dispatch_batch(row.pk)
    assert _statuses(row) == {"delivered": 3}
    assert OutboxMessage.objects.filter(key__startswith=f"campaign-{row.pk}:").count() == 3


def _stored(model, pk, column):
    """A column as the database holds it (ciphertext, not the field's decrypted value)."""
    raw = ExpressionWrapper(F(column), output_field=TextField())
    return model._base_manager.filter(pk=pk).values_list(raw, flat=True).get()


@pytest.mark.usefixtures("daytime")
def test_an_sms_through_the_outbox_keeps_one_copy_of_the_text_and_the_number_as_sealed():
    worker = person()
    open_job()
    row = campaign()  # SMS through the outbox, the default gateway
    lifecycle.start_campaign(row, enqueue=False)
    sending.dispatch_batch(row.pk)
    delivery = Delivery.objects.get(campaign=row)
    stored = OutboxMessage.objects.get(key=f"campaign-{row.pk}:worker-{worker.pk}")
    assert delivery.status == "delivered" and delivery.text == ""  # the outbox holds the text
    assert delivery.text_as_sent == stored.text and "师傅，为您推荐" in stored.text
    assert stored.recipient_phone == worker.phone
    assert stored.recipient_phone_hash == worker.phone_hash != ""
    # Passed on as stored: the worker's own ciphertext, not decrypted and sealed again.
    assert _stored(OutboxMessage, stored.pk, "recipient_phone") == _stored(
        Worker, worker.pk, "phone"
    )


@pytest.mark.usefixtures("daytime")
def test_a_number_under_an_older_key_is_sealed_again_under_the_current_one(settings):
    first, newer = (Fernet.generate_key().decode() for _ in range(2))
    settings.FIELD_ENCRYPTION_KEYS = [first]
    worker = person()
    settings.FIELD_ENCRYPTION_KEYS = [newer, first]  # rotated, the registry not yet re-sealed
    open_job()
    row = campaign()
    lifecycle.start_campaign(row, enqueue=False)
    sending.dispatch_batch(row.pk)
    stored = OutboxMessage.objects.get(key=f"campaign-{row.pk}:worker-{worker.pk}")
    sealed = _stored(OutboxMessage, stored.pk, "recipient_phone")
    assert crypto.is_current(sealed) and not crypto.is_current(_stored(Worker, worker.pk, "phone"))
    assert crypto.decrypt(sealed) == worker.phone
    assert stored.recipient_phone_hash == worker.phone_hash


def test_a_sealed_number_needs_its_hash_and_no_plain_number():
    with pytest.raises(ValueError, match="lookup hash"):
        OutgoingMessage(channel="sms", text="x", sealed_phone="g1$abc$def")
    with pytest.raises(ValueError, match="lookup hash"):
        OutgoingMessage(channel="sms", text="x", phone="13900000000", sealed_phone="g1$a$b")
    message = OutgoingMessage(channel="sms", text="x", sealed_phone="g1$a$b", phone_hash="h")
    assert message.phone == "" and message.sealed_phone == "g1$a$b"


def test_a_kept_text_is_the_text_as_sent_and_an_unknown_outbox_id_reads_blank():
    assert Delivery(text="你好", provider_message_id="outbox:1").text_as_sent == "你好"
    assert Delivery(text="", provider_message_id="fake-1").text_as_sent == ""
    assert Delivery(text="", provider_message_id="outbox:999999").text_as_sent == ""
