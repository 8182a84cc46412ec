"""S20: an import killed with SIGKILL at any moment leaves the database as it was.

A real `homeward import` process is killed while it writes (seen from outside: SQLite's WAL file
growing, or PostgreSQL holding its insert lock on the worker table); the database then holds no
worker at all, and the same import run again completes. The process works on a copy of the
migrated SQLite test database, or on the PostgreSQL test database itself (tests/databases.py).
"""

import datetime
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from openpyxl import Workbook

from homeward.codes import idnumber
from homeward.workers.models import Worker
from tests.databases import database_url, migrated_sqlite

ROWS = 20_000
TOWN = "321302001"


def _ledger(path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["姓名", "身份证号", "所在村", "就业状态", "联系电话"])
    villages = ["凤凰居委会", "新盛居委会", "马陵居委会"]
    for n in range(ROWS):
        birth = datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
        number = idnumber.make("321302", birth, n // 420, n % 2 == 0)  # unique for n < 210,000
        sheet.append([f"工人{n}", number, villages[n % 3], "外出务工", f"139{n:08d}"])
    book.save(path)


def _homeward(env, *args, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "homeward.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def _run(env, *args):
    process = _homeward(env, *args)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()


def _kill_while_writing(env, ledger: Path, writing) -> None:
    process = _homeward(env, "import", "workers", str(ledger), "--region", TOWN)
    deadline = time.monotonic() + 120
    while not writing():
        assert process.poll() is None, "the import ended before it was killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(random.uniform(0, 0.3))  # somewhere in the middle of the writes
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def _environment(tmp_path, url=None):
    env = {**os.environ, "HOMEWARD_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    if url:
        env["DATABASE_URL"] = url
    return env


def _prepare(env, tmp_path) -> Path:
    ledger = tmp_path / "ledger.xlsx"
    _ledger(ledger)
    return ledger


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite run")
def test_killed_import_leaves_nothing_on_sqlite(django_db_setup, tmp_path):
    env = _environment(tmp_path)
    database = migrated_sqlite(tmp_path / "var" / "homeward.sqlite3")
    _run(env, "regions", "load", "--no-seed", "--area", TOWN)
    ledger = _prepare(env, tmp_path)
    wal = Path(f"{database}-wal")
    settled = wal.stat().st_size if wal.exists() else 0

    def count():
        with sqlite3.connect(database) as db:
            return db.execute("SELECT count(*) FROM workers_worker").fetchone()[0]

    _kill_while_writing(
        env, ledger, lambda: wal.exists() and wal.stat().st_size > settled + 200_000
    )
    assert count() == 0
    _run(env, "import", "workers", str(ledger), "--region", TOWN)
    assert count() == ROWS


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL run")
def test_killed_import_leaves_nothing_on_postgresql(transactional_db, tmp_path):
    """On the test database itself (its regions loaded), flushed after the test."""
    env = _environment(tmp_path, database_url())
    ledger = _prepare(env, tmp_path)
    assert Worker._base_manager.count() == 0

    def inserting():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'workers_worker' AND l.mode = 'RowExclusiveLock'"
            )
            return cursor.fetchone()

    _kill_while_writing(env, ledger, inserting)
    assert Worker._base_manager.count() == 0
    _run(env, "import", "workers", str(ledger), "--region", TOWN)
    assert Worker._base_manager.count() == ROWS
