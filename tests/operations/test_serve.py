"""`homeward serve` as a real process tree: it answers, serves static files, and every way of
stopping it leaves no process behind (the children's PIDs are recorded from /proc first)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.databases import database_url, migrated_sqlite

pytestmark = [
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="reads /proc; PR_SET_PDEATHSIG is Linux's"
    ),
    pytest.mark.django_db,  # the test database is set up: the servers' comes from it (var_dir)
]

STARTUP_SECONDS = 90  # a loaded 2-core machine: generous, and polled


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "HOMEWARD_ENV"}}
    env.update(HOMEWARD_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="homeward.settings")
    if (var_dir / "database-url").exists():
        env["DATABASE_URL"] = (var_dir / "database-url").read_text()
    return env


@pytest.fixture(scope="module")
def var_dir(django_db_setup, tmp_path_factory):
    """A migrated database for the servers (the task worker polls its table): a copy of the
    SQLite test database as migrated, or the PostgreSQL test database, which the servers only
    read (tests/databases.py)."""
    path = tmp_path_factory.mktemp("serve-var")
    if connection.vendor == "postgresql":
        (path / "database-url").write_text(database_url())
    else:
        migrated_sqlite(path / "homeward.sqlite3")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1]), int(fields[19])


def _descendants(root: int) -> dict[int, int]:
    """Every process below `root`, as pid → start time."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = stat
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        for child, (_state, ppid, started) in parents.items():
            if ppid == pid and child not in found:
                found[child] = started
                todo.append(child)
    return found


def _alive(processes: dict[int, int]) -> list[int]:
    """The recorded processes still running (a zombie has finished; a reused pid is not ours)."""
    alive = []
    for pid, started in processes.items():
        stat = _stat(pid)
        if stat is not None and stat[0] != "Z" and stat[2] == started:
            alive.append(pid)
    return alive


def _get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", "")
    finally:
        conn.close()


def _poll(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def serve(var_dir):
    """Starts `homeward serve` on a free port with 2 web processes and a task worker; waits for
    the four processes (and /healthz when asked); returns (process, port, pid → start time)."""
    started = []

    def start(*, answering: bool):
        port = _free_port()
        command = [sys.executable, "-m", "homeward.cli", "serve", f"--port={port}"]
        command += ["--processes=2", "--threads=2", "--task-workers=1"]
        log = (var_dir / f"serve-{port}.log").open("w+b")  # a file: a full pipe would block it
        proc = subprocess.Popen(command, env=_env(var_dir), stdout=log, stderr=log)
        started.append((proc, log))

        def tree():
            assert proc.poll() is None, Path(log.name).read_text()
            # gunicorn's master, its two workers, the task worker and the scheduler
            found = _descendants(proc.pid)
            commands = [_cmdline(pid) for pid in found]
            children = (b"db_worker", b"schedule\x00loop")
            every = all(any(name in c for c in commands) for name in children)
            return found if len(found) >= 5 and every else None

        def healthy():
            assert proc.poll() is None, Path(log.name).read_text()
            try:
                return _get(port, "/healthz")[0] == 200
            except OSError:
                return False

        if answering:
            _poll(healthy, STARTUP_SECONDS, "/healthz")
        return proc, port, _poll(tree, STARTUP_SECONDS, "the web processes and the task worker")

    yield start
    for proc, log in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        log.close()
        for pid in _alive(_descendants(proc.pid)):
            os.kill(pid, signal.SIGKILL)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return b""


def test_it_answers_serves_static_files_and_a_stop_leaves_nothing_behind(serve):
    proc, port, processes = serve(answering=True)
    assert _get(port, "/healthz")[0] == 200
    status, kind = _get(port, "/static/homeward/portal.css")  # WhiteNoise, inside the app
    assert status == 200 and kind.startswith("text/css")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    # the supervisor waited for its children; gunicorn's workers follow their master
    _poll(lambda: not _alive(processes), 30, "the children to exit")


def test_ctrl_c_stops_everything(serve):
    proc, _port, processes = serve(answering=False)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    _poll(lambda: not _alive(processes), 30, "the children to exit")


def test_a_killed_server_leaves_no_task_worker(serve):
    proc, _port, processes = serve(answering=False)
    proc.kill()  # SIGKILL: no handler runs; the kernel tells the children (PR_SET_PDEATHSIG)
    proc.wait(timeout=10)
    _poll(lambda: not _alive(processes), 30, "the children to exit by themselves")


def test_a_dead_child_stops_the_rest(serve):
    proc, _port, processes = serve(answering=False)
    worker = next(pid for pid in processes if b"db_worker" in _cmdline(pid))
    os.kill(worker, signal.SIGKILL)
    assert proc.wait(timeout=60) == 1
    _poll(lambda: not _alive(processes), 30, "the other children to exit")
