"""S21: a backup taken while the platform writes restores to the same rows, on both databases."""

import hashlib
import io
import secrets
import sqlite3
import sys
import threading
import time

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from homeward.accounts.models import User
from homeward.core.backup import backup, restore
from homeward.regions.models import Region
from homeward.scoping import unscoped
from tests.factories import make_staff

SQLITE = {"ENGINE": "django.db.backends.sqlite3"}


def _digest(rows) -> tuple[int, str]:
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def _sqlite_rows(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT id, body FROM item ORDER BY id").fetchall()
    finally:
        con.close()


class Writer(threading.Thread):
    """Keeps writing until stopped; `count` says how many writes have committed."""

    def __init__(self, write):
        super().__init__(daemon=True)
        self.write, self.count, self.stop, self.error = write, 0, threading.Event(), None

    def run(self):
        try:
            while not self.stop.is_set():
                self.write(self.count)
                self.count += 1
        except Exception as error:  # reported by the test, not lost in the thread
            self.error = error

    def wait_for(self, count):
        deadline = time.monotonic() + 30
        while self.count < count and self.error is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert self.error is None and self.count >= count

    def finish(self):
        self.stop.set()
        self.join(timeout=30)
        assert self.error is None


def test_sqlite_backup_while_writing_restores_the_same_rows(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    live = tmp_path / "live.sqlite3"
    con = sqlite3.connect(live)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    con.executemany("INSERT INTO item (body) VALUES (?)", [(f"seed {i}",) for i in range(20000)])
    con.commit()
    con.close()

    writer_con = sqlite3.connect(live, timeout=20, check_same_thread=False)

    def insert(i):
        with writer_con:
            writer_con.execute("INSERT INTO item (body) VALUES (?)", (secrets.token_hex(16),))

    writer = Writer(insert)
    writer.start()
    writer.wait_for(50)
    before = writer.count
    file = backup(tmp_path / "backups" / "homeward.sqlite3", {**SQLITE, "NAME": live})
    after = writer.count
    writer.wait_for(after + 50)  # still writing after the backup
    writer.finish()
    writer_con.close()

    target = tmp_path / "restored.sqlite3"
    restore(file, {**SQLITE, "NAME": target})

    saved, restored = _sqlite_rows(file), _sqlite_rows(target)
    assert 20000 + before <= len(saved) <= 20000 + after
    assert [row[0] for row in saved] == list(range(1, len(saved) + 1))  # a consistent prefix
    assert _digest(restored) == _digest(saved)
    assert _digest(_sqlite_rows(live)[: len(saved)]) == _digest(saved)
    assert len(_sqlite_rows(live)) > len(saved)
    assert file.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_backup_and_restore_commands_round_trip(transactional_db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: restoring over the live test database is safe only in memory")
    user = make_staff("3213", username="kept")
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b.sqlite3"), stdout=out)
    assert str(tmp_path / "b.sqlite3") in out.getvalue() and "bytes" in out.getvalue()

    User.objects.filter(pk=user.pk).delete()
    call_command("restore", str(tmp_path / "b.sqlite3"), "--yes", stdout=out)
    assert "restored" in out.getvalue()
    assert User.objects.get(pk=user.pk).username == "kept"
    assert Region.tree.exists()


def test_restore_of_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="backup file not found"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), "--yes")


def test_restore_refuses_without_yes_when_not_at_a_terminal(tmp_path, monkeypatch):
    file = tmp_path / "b.sqlite3"
    file.write_bytes(b"whatever")
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(file))


def test_restore_of_a_file_that_is_not_a_backup_is_a_clear_error(db, tmp_path):
    file = tmp_path / "b.sqlite3"
    file.write_bytes(b"this is not a database backup, only text" * 100)
    with pytest.raises(CommandError, match="not a"):
        call_command("restore", str(file), "--yes")


def _pg_connect(db, name):
    keys = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD"}
    params = {key: str(db[setting]) for key, setting in keys.items() if db.get(setting)}
    return psycopg.connect(dbname=name, autocommit=True, **params)


def _pg_rows(db, name, table):
    with _pg_connect(db, name) as con:
        return con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


@pytest.mark.postgres
def test_postgres_backup_while_writing_restores_the_same_rows(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    for i in range(20):
        make_staff("3213", username=f"seed-{i}", phone=f"1381234{i:04d}")

    def add_user(i):
        with unscoped():
            make_staff("321302", username=f"writer-{i}", phone=f"1390000{i:04d}")

    def write_then_close():
        try:
            Writer.run(writer)
        finally:
            connections.close_all()  # this thread's own connections

    writer = Writer(add_user)
    writer.run = write_then_close
    writer.start()
    writer.wait_for(10)
    before = writer.count
    file = backup(tmp_path / "homeward.dump")
    writer.wait_for(writer.count + 10)
    writer.finish()

    db = connection.settings_dict
    scratch = f"homeward_restore_{secrets.token_hex(4)}"
    with _pg_connect(db, "postgres") as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
        try:
            restore(file, {**db, "NAME": scratch})
            regions = Region._meta.db_table
            assert _digest(_pg_rows(db, scratch, regions)) == _digest(
                _pg_rows(db, db["NAME"], regions)
            )
            users = User._meta.db_table
            restored, live = _pg_rows(db, scratch, users), _pg_rows(db, db["NAME"], users)
            assert 20 + before <= len(restored) < len(live)
            last = restored[-1][0]
            assert _digest(restored) == _digest([row for row in live if row[0] <= last])
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
