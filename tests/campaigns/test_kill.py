"""Never twice to one person, on PostgreSQL where concurrency is real.

A real `homeward db_worker` process sends a campaign through the outbox and is killed with
SIGKILL in the middle of a chunk (some deliveries claimed and `sending`, some messages already in
the outbox); a new worker then finishes the campaign. Every person ends with exactly one outbox
message for it. And batches running at once in threads never send a person twice.

The child processes work on the test database itself (the transactional test commits its rows),
with the same settings and keys as this process and a short lease, so that abandoned rows are
taken up again within seconds. (The `transactional_db` fixture, rather than the marker, lets
tests/conftest.py load the regions again after an earlier transactional test emptied them.)
"""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection, connections
from django.db.models import Count

from homeward.campaigns import lifecycle, sending
from homeward.campaigns.models import Campaign, Delivery
from homeward.core.bulk import FastInsert, reserve_ids
from homeward.outreach.models import OutboxMessage
from homeward.scoping import unscoped
from homeward.workers import occupations
from homeward.workers.models import Worker
from homeward.workers.services import sealed_values

from .conftest import VILLAGE, campaign, open_job

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL run: SQLite has one writer and no SKIP LOCKED, so it hides the race",
    ),
]
PEOPLE = 600
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _people(n: int) -> list[int]:
    """`n` workers of one village who may be contacted, written in one go."""
    import datetime

    from homeward.codes import idnumber

    insert = FastInsert(Worker)
    ids = reserve_ids(Worker, n)
    rows = []
    for k, pk in enumerate(ids):
        born = datetime.date(1975, 1, 1) + datetime.timedelta(days=k)
        values = sealed_values(
            {"id_number": idnumber.make(VILLAGE[:6], born, 477, True), "phone": f"1390{k:07d}"}
        )
        values.update(
            id=pk,
            name=f"工人{k}",
            gender="male",
            birth_date=born,
            region_id=VILLAGE,
            consents_to_contact=True,
            status="returned_unemployed",
            # welders, like tests/campaigns/conftest.py's people: matching offers only jobs
            # that fit the person, and the campaign's job is a welding one
            occupation_text="电焊工",
            occupation=occupations.classify("电焊工") or "",
        )
        rows.append(insert.row(values))
    insert.write(rows)
    return ids


def _environment():
    server = connection.settings_dict
    url = (
        f"postgres://{server['USER'] or 'postgres'}@{server['HOST'] or '127.0.0.1'}:"
        f"{server['PORT'] or 5432}/{server['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HOMEWARD_CAMPAIGN_LEASE_SECONDS": "2",
        "HOMEWARD_CAMPAIGN_WATCH_SECONDS": "1",
        "HOMEWARD_CAMPAIGN_RATES": "inapp=300",
        "HOMEWARD_CAMPAIGN_BATCH_SIZE": "200",
    }
    if server.get("PASSWORD"):
        env["PGPASSWORD"] = server["PASSWORD"]
    return env


def _worker(env):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "homeward.cli",
            "db_worker",
            "--no-startup-delay",
            "--interval",
            "0.1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _in_flight(row) -> bool:
    claimed = set(
        Delivery._base_manager.filter(campaign=row, status="sending").values_list(
            "worker_id", flat=True
        )
    )
    stored = set(
        OutboxMessage._base_manager.filter(
            key__startswith=f"campaign-{row.pk}:", worker_id__in=claimed
        ).values_list("worker_id", flat=True)
    )
    return bool(claimed - stored)


def _outbox(row) -> int:
    return OutboxMessage._base_manager.filter(key__startswith=f"campaign-{row.pk}:").count()


def test_a_worker_killed_mid_send_leaves_no_one_messaged_twice(transactional_db, settings):
    settings.TASKS = DATABASE_TASKS
    settings.CAMPAIGN_WATCH_SECONDS = 1
    settings.CAMPAIGN_BATCH_SIZE = 200
    with unscoped():
        people = _people(PEOPLE)
        open_job()
        row = campaign(channel="inapp", template="{name}：{jobs} {link}")
        assert lifecycle.start_campaign(row) == {"queued": PEOPLE, "skipped": 0}
    env = _environment()

    first = _worker(env)
    deadline = time.monotonic() + 60
    with unscoped():
        # Kill it while a claimed chunk is being paced: rows `sending` with no message yet.
        while not (_outbox(row) >= PEOPLE // 4 and _in_flight(row)):
            assert first.poll() is None, first.stderr.read().decode()
            assert time.monotonic() < deadline, "the worker did not start sending"
            time.sleep(0.02)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    with unscoped():
        abandoned = Delivery._base_manager.filter(campaign=row, status="sending").count()
        sent_before = _outbox(row)
    assert abandoned > 0 and 0 < sent_before < PEOPLE

    second = _worker(env)
    try:
        deadline = time.monotonic() + 90
        with unscoped():
            while Campaign._base_manager.get(pk=row.pk).status != "done":
                assert second.poll() is None, second.stderr.read().decode()
                assert time.monotonic() < deadline, "the campaign did not finish after restart"
                time.sleep(0.2)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    with unscoped():
        per_person = (
            OutboxMessage._base_manager.filter(key__startswith=f"campaign-{row.pk}:")
            .values("worker_id")
            .annotate(n=Count("pk"))
        )
        counts = {r["worker_id"]: r["n"] for r in per_person}
        assert counts == dict.fromkeys(people, 1)
        statuses = set(Delivery._base_manager.filter(campaign=row).values_list("status", flat=True))
        assert statuses == {"delivered"}


def test_batches_running_at_once_send_each_person_once(transactional_db, settings):
    """Four batches in four threads (four connections) over one campaign: SKIP LOCKED."""
    from .conftest import FakeGateway

    slow = FakeGateway()
    original = slow.send

    def send(message):
        time.sleep(0.001)
        return original(message)

    slow.send = send
    from homeward.outreach import gateways

    gateways.GATEWAYS["slow"] = slow
    settings.HOMEWARD_WECHAT_GATEWAY = "slow"
    try:
        with unscoped():
            people = _people(400)
            open_job()
            row = campaign(channel="wechat", template="{name} {jobs} {link}")
            lifecycle.start_campaign(row, enqueue=False)

        def batch():
            try:
                sending.dispatch_batch(row.pk, size=400)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=batch) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        del gateways.GATEWAYS["slow"]
    keys = [m.key for m in slow.sent]
    assert len(keys) == len(set(keys)) == len(people)
    with unscoped():
        assert Campaign._base_manager.get(pk=row.pk).status == "done"
