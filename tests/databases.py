"""Databases beside the test database, for tests that need more than a transaction of it.

Running every migration on a new database is the slowest thing the suite can do (a minute of
CPU: Django re-renders the migration state after each of some 300 operations), so no test does
it any more:

- `migrated_sqlite(path)` copies the test database as the migrations left it — captured once,
  before the test regions are loaded (`capture_migrated` in conftest's `django_db_setup`) — to a
  file a subprocess (`homeward serve`, `homeward import`) opens. SQLite runs only: on PostgreSQL
  those subprocesses use the test database itself (`database_url()`), from transactional tests.
- `fresh_database()` opens an empty database of the same kind under the alias "fresh", for the
  tests of old data migrations: they migrate it forward to just before the migration they test
  (a few dozen early migrations, not all), write old rows, then apply the migration.
"""

import shutil
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.db import connection, connections

_captured: list[Path] = []


def capture_migrated(folder: Path) -> None:
    """Keep a copy of the (in-memory) SQLite test database as migrated; call before any row."""
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    path = folder / "migrated.sqlite3"
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    _captured[:] = [path]


def migrated_sqlite(path: Path) -> Path:
    """A migrated, empty SQLite database at `path` (SQLite runs only)."""
    assert _captured, "no migrated SQLite database captured (a PostgreSQL run?)"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_captured[0], path)
    return path


def _admin() -> dict:
    server = connection.settings_dict
    admin = {
        "host": server["HOST"] or "127.0.0.1",
        "port": server["PORT"] or 5432,
        "user": server["USER"] or "postgres",
        "dbname": "postgres",
        "autocommit": True,
    }
    if server.get("PASSWORD"):
        admin["password"] = server["PASSWORD"]
    return admin


def database_url() -> str:
    """The PostgreSQL test database's URL, for a subprocess (PostgreSQL runs only)."""
    assert connection.vendor == "postgresql"
    server = connection.settings_dict
    password = f":{server['PASSWORD']}" if server.get("PASSWORD") else ""
    admin = _admin()
    return f"postgres://{admin['user']}{password}@{admin['host']}:{admin['port']}/{server['NAME']}"


@contextmanager
def fresh_database(folder: Path):
    """An empty database of the test database's kind, as the connection alias "fresh"."""
    settings = dict(connection.settings_dict)
    name = f"homeward_fresh_{uuid.uuid4().hex[:8]}"
    if connection.vendor == "postgresql":
        with psycopg.connect(**_admin()) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        settings["NAME"] = name
    else:
        settings["NAME"] = str(folder / f"{name}.sqlite3")
    connections.databases["fresh"] = settings
    try:
        yield connections["fresh"]
    finally:
        connections["fresh"].close()
        del connections["fresh"]
        del connections.databases["fresh"]
        if connection.vendor == "postgresql":
            with psycopg.connect(**_admin()) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def made(apps, db: str, label: str, **fields):
    """A row of the historical model `label` ("app.Model") in database `db`."""
    return apps.get_model(label)._base_manager.db_manager(db).create(**fields)


def old_village(apps, db: str):
    """The test map's town and village (凤凰居委会) with the areas above them, as old rows."""
    city = made(apps, db, "regions.Region", code="3213", name="宿迁市", level="city")
    county = made(
        apps, db, "regions.Region", code="321302", name="宿城区", level="county", parent=city
    )
    town = made(
        apps, db, "regions.Region", code="321302001", name="幸福街道", level="town", parent=county
    )
    village = made(
        apps,
        db,
        "regions.Region",
        code="321302001001",
        name="凤凰居委会",
        level="village",
        parent=town,
    )
    return town, village


def old_worker(apps, db: str, village, **fields):
    """A worker of `village` with a valid ID number, written through the historical model."""
    import datetime

    from homeward.codes import idnumber

    birth = datetime.date(1985, 3, 6)
    return made(
        apps,
        db,
        "workers.Worker",
        id_number=idnumber.make(village.code[:6], birth, fields.pop("sequence", 5), True),
        gender="male",
        birth_date=birth,
        region=village,
        **fields,
    )


def fast_postgres_flush() -> None:
    """A transactional test's flush on PostgreSQL deletes the rows of the tables that have any,
    instead of Django's TRUNCATE of all of them (some 200 tables and their indexes, each given
    new files: 4–10 s a test on a loaded machine). The rows go with triggers and foreign-key
    checks off for the flush's transaction (`session_replication_role`, a superuser's setting),
    as TRUNCATE bypasses the audit rows' delete trigger too. Tests only."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = cursor.fetchone()[0]
            if not tables or reset_sequences or not superuser:
                return truncate(
                    self,
                    style,
                    tables,
                    reset_sequences=reset_sequences,
                    allow_cascade=allow_cascade,
                )
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT %s WHERE EXISTS (SELECT 1 FROM {self.quote_name(t)})" for t in tables
                ),
                list(tables),
            )
            full = [row[0] for row in cursor.fetchall()]
        deletes = [f"DELETE FROM {self.quote_name(t)}" for t in full]
        return ["SET LOCAL session_replication_role = replica", *deletes] if deletes else []

    DatabaseOperations.sql_flush = sql_flush
