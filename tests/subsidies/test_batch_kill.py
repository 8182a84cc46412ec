"""`kill -9` while a payment batch is built leaves no half batch (PostgreSQL).

A real `homeward subsidies batch` process builds a batch of a few thousand ready entitlements
and is killed with SIGKILL once it holds the fund's lock (seen from outside: the fund's row
cannot be locked); the database then holds no batch, no payment, and every entitlement is still
ready. Run again, it pays each of them once. The child works on the test database itself (the
transactional test commits its rows) with this process's settings and keys.
"""

import os
import random
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from django.db import connection

from homeward.scoping import unscoped
from homeward.subsidies.bench import _scratch_entitlements, _scratch_policy
from homeward.subsidies.models import Entitlement, Payment, PaymentBatch
from homeward.workers.models import Worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL run"),
]
PEOPLE = 4000


def _database():
    server = connection.settings_dict
    params = {
        "host": server["HOST"] or "127.0.0.1",
        "port": server["PORT"] or 5432,
        "user": server["USER"] or "postgres",
        "dbname": server["NAME"],
        "autocommit": True,
    }
    if server.get("PASSWORD"):
        params["password"] = server["PASSWORD"]
    url = f"postgres://{params['user']}@{params['host']}:{params['port']}/{params['dbname']}"
    env = {**os.environ, "DATABASE_URL": url}
    if server.get("PASSWORD"):
        env["PGPASSWORD"] = server["PASSWORD"]
    return params, env


def _batch(env):
    return subprocess.Popen(
        [sys.executable, "-m", "homeward.cli", "subsidies", "batch"]
        + ["--fund", "BENCH-FUND", "--area", "321302001001", "--period", "2026-12"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_batch_killed_midway_leaves_nothing(transactional_db):
    from homeward.campaigns.bench import _scratch_workers
    from homeward.regions.models import Region

    with unscoped():
        village = Region.tree.get(code="321302001001")
        _scratch_workers(village, PEOPLE)
        Worker._base_manager.filter(region=village).update(status="local_employed")
        policy = _scratch_policy(village)
        _scratch_entitlements(policy, village)
    params, env = _database()

    def fund_locked():
        with psycopg.connect(**params) as db:
            try:
                db.execute("BEGIN")
                db.execute(
                    "SELECT 1 FROM subsidies_fund WHERE id = %s FOR UPDATE NOWAIT",
                    [policy.fund_id],
                )
                db.execute("ROLLBACK")
                return False
            except psycopg.errors.LockNotAvailable:
                return True

    process = _batch(env)
    deadline = time.monotonic() + 120
    while not fund_locked():
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(random.uniform(0, 0.3))
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    with unscoped():
        assert not PaymentBatch._base_manager.exists()
        assert not Payment._base_manager.exists()
        assert set(Entitlement._base_manager.values_list("status", flat=True)) == {"ready"}
    again = _batch(env)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    with unscoped():
        assert PaymentBatch._base_manager.count() == 1
        assert Payment._base_manager.count() == PEOPLE
        assert Payment._base_manager.values("entitlement").distinct().count() == PEOPLE
