"""`homeward serve`: the web server's processes and the task workers, started and stopped together.

`serve()` is a small supervisor. It starts, as child processes,

- the web server: gunicorn with `processes` × `threads` (gthread workers) serving
  `homeward.wsgi` — every core answers requests, WhiteNoise inside the app serves static files;
- `task_workers` django-tasks `db_worker` processes (campaign batches, matching refreshes);
- the scheduler, `homeward schedule loop`: the periodic duties of operations/schedule.py, each
  once in its day or week (unless `scheduler=False`, where cron runs `homeward schedule run`).

A stop leaves nothing behind:

- SIGTERM, SIGINT (Ctrl-C) or SIGHUP to the supervisor, or any child exiting by itself: every
  child gets one SIGTERM (gunicorn drains its requests, a db_worker finishes its task), the
  supervisor waits up to `GRACE_SECONDS`, then SIGKILLs what is left.
- Each child runs in its own process group, so a Ctrl-C in the terminal reaches only the
  supervisor: a worker gets one signal (graceful), not the terminal's and then ours (which
  db_worker takes as "terminate the task now").
- On Linux each child asks the kernel for SIGTERM when its parent dies (prctl
  PR_SET_PDEATHSIG), so even a supervisor killed with -9 leaves no worker behind; gunicorn's
  own workers leave when their master goes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

GRACE_SECONDS = 20
PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> Callable[[], None]:
    """A preexec_fn: SIGTERM this child when `parent` dies (Linux), in its own process group."""

    def preexec() -> None:
        os.setpgid(0, 0)
        if sys.platform.startswith("linux"):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)

    return preexec


def web_command(*, host: str, port: int, processes: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "homeward.wsgi:application",
        f"--bind={host}:{port}",
        f"--workers={processes}",
        f"--threads={threads}",
        "--worker-class=gthread",
        "--preload",  # import the app once, fork ready workers (shared pages of memory)
        f"--graceful-timeout={GRACE_SECONDS - 5}",
        "--keep-alive=5",
        "--name=homeward",
        "--no-control-socket",  # gunicorn 27 would put one in ~/.gunicorn, shared by all
    ]


def task_worker_command() -> list[str]:
    return [sys.executable, "-m", "homeward.cli", "db_worker", "--interval", "1"]


def scheduler_command() -> list[str]:
    """The periodic duties' loop (operations/scheduler.py): each due duty once in its period."""
    return [sys.executable, "-m", "homeward.cli", "schedule", "loop"]


class Supervisor:
    """The children of one `homeward serve`, and their stop."""

    def __init__(
        self, commands: list[tuple[str, list[str]]], *, write: Callable[[str], None] = print
    ):
        self.commands = commands
        self.write = write
        self.children: list[subprocess.Popen] = []
        self.names: dict[int, str] = {}
        self.stopping = False

    def start(self) -> None:
        preexec = _die_with(os.getpid())
        for name, command in self.commands:
            child = subprocess.Popen(command, preexec_fn=preexec)
            self.children.append(child)
            self.names[child.pid] = name

    def _on_signal(self, signum, frame) -> None:
        self.stopping = True

    def run(self) -> int:
        """Start the children, wait for a signal or a child's exit, stop all; the exit code."""
        previous = {
            sig: signal.signal(sig, self._on_signal)
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
        }
        try:
            self.start()
            while not self.stopping:
                ended = [child for child in self.children if child.poll() is not None]
                if ended:
                    child = ended[0]
                    self.write(
                        f"{self.names[child.pid]} (pid {child.pid}) exited with "
                        f"{child.returncode}: stopping the others"
                    )
                    self.stop()
                    return 1
                time.sleep(0.2)
            self.stop()
            return 0
        finally:
            self.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def stop(self) -> None:
        """One SIGTERM to each child still running; SIGKILL after the grace period."""
        running = [child for child in self.children if child.poll() is None]
        for child in running:
            try:
                child.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + GRACE_SECONDS
        for child in running:
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def serve(
    *,
    host: str,
    port: int,
    processes: int,
    threads: int,
    task_workers: int,
    scheduler: bool = True,
    write: Callable[[str], None] = print,
) -> int:
    commands = [
        ("web server", web_command(host=host, port=port, processes=processes, threads=threads))
    ]
    commands += [("task worker", task_worker_command()) for _ in range(task_workers)]
    if scheduler:
        commands.append(("scheduler", scheduler_command()))
    write(
        f"serving on http://{host}:{port}/  ({processes} processes × {threads} threads, "
        f"{task_workers} task worker{'s' if task_workers != 1 else ''}; Ctrl-C stops)"
    )
    return Supervisor(commands, write=write).run()
