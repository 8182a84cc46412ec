"""Back up and restore the database (SECURITY.md S21), for `homeward backup` and `homeward restore`.

SQLite: Python's online backup API, which copies a consistent snapshot while others keep writing
(the database runs in WAL mode). PostgreSQL: `pg_dump -Fc`, restored with `pg_restore` in one
transaction. Every function takes a database alias or a settings dict like those in
settings.DATABASES, so a backup of one database can be restored into another.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, for the operator."""


def database_settings(database: str | dict = "default") -> dict:
    return connections[database].settings_dict if isinstance(database, str) else database


def vendor(db: dict) -> str:
    engine = db["ENGINE"]
    if "sqlite" in engine:
        return "sqlite"
    if "postgis" in engine or "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"不支持的数据库 / unsupported database engine: {engine}")


def default_path(database: str | dict = "default") -> Path:
    suffix = ".sqlite3" if vendor(database_settings(database)) == "sqlite" else ".dump"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"homeward-{stamp}{suffix}"


def backup(path: str | Path | None = None, database: str | dict = "default") -> Path:
    """Write a backup of `database` to `path` (readable by its owner only) and return the path."""
    db = database_settings(database)
    path = Path(path or default_path(database))
    if vendor(db) == "sqlite" and not str(db["NAME"]).startswith("file:"):
        if not Path(db["NAME"]).is_file():
            raise BackupError(f"数据库文件不存在 / database file not found: {db['NAME']}")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = path.with_name(path.name + ".part")  # never leave a half-written file under the name
    part.unlink(missing_ok=True)
    part.touch(mode=0o600)
    try:
        if vendor(db) == "sqlite":
            _sqlite_copy(_sqlite_connect(db["NAME"]), sqlite3.connect(part), standalone=True)
        else:
            _run_pg(db, ["pg_dump", "--format=custom", f"--file={part}", f"--dbname={db['NAME']}"])
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return path


def restore(path: str | Path, database: str | dict = "default") -> None:
    """Replace the contents of `database` with the backup in `path`."""
    db = database_settings(database)
    path = Path(path)
    check_readable(path)
    if vendor(db) == "sqlite":
        source = _sqlite_connect(path, read_only=True)
        _check_sqlite_backup(source, path)
        _close_django_connections(db)
        _sqlite_copy(source, _sqlite_connect(db["NAME"]))
    else:
        with path.open("rb") as file:
            if file.read(5) != b"PGDMP":
                raise BackupError(f"不是 pg_dump 备份文件 / not a pg_dump -Fc backup: {path}")
        _close_django_connections(db)
        _run_pg(
            db,
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
            + [f"--dbname={db['NAME']}", str(path)],
        )


def check_readable(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"备份文件不存在 / backup file not found: {path}")
    if not os.access(path, os.R_OK):
        raise BackupError(f"备份文件无法读取 / backup file is not readable: {path}")


def _close_django_connections(db: dict) -> None:
    """Our own connections to the target must not hold it open while it is replaced."""
    for conn in connections.all(initialized_only=True):
        if str(conn.settings_dict.get("NAME")) == str(db["NAME"]):
            conn.close()


def _check_sqlite_backup(source: sqlite3.Connection, path: Path) -> None:
    try:
        result = source.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        source.close()
        raise BackupError(f"不是 SQLite 备份文件 / not a SQLite backup: {path} ({error})") from None
    if result != "ok":
        source.close()
        raise BackupError(f"备份文件已损坏 / the backup is damaged: {path} ({result})")


def _sqlite_connect(name, read_only: bool = False) -> sqlite3.Connection:
    name = str(name)
    if name.startswith("file:"):
        return sqlite3.connect(name, uri=True, timeout=20)
    if read_only:
        return sqlite3.connect(Path(name).resolve().as_uri() + "?mode=ro", uri=True, timeout=20)
    return sqlite3.connect(name, timeout=20)


def _sqlite_copy(source, target, standalone: bool = False) -> None:
    """Copy all of `source` into `target` in one step, so the copy is one consistent snapshot.

    A standalone copy (a backup file) is taken out of WAL mode, so it is one self-contained file.
    """
    try:
        source.backup(target)
        if standalone:
            target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as error:
        raise BackupError(f"SQLite 备份失败 / SQLite copy failed: {error}") from error
    finally:
        source.close()
        target.close()


def _run_pg(db: dict, command: list[str]) -> None:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.insert(1, f"{flag}={db[key]}")
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"找不到 {command[0]}，请安装 PostgreSQL 客户端 / {command[0]} not found: "
            "install the PostgreSQL client tools"
        ) from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败 / failed: {done.stderr.strip()}")
