"""The portal home under concurrent load: the real server (`homeward serve`, gunicorn) in its
own process on 127.0.0.1, and a local load generator of signed-in workers.

For each page it prints the median and p95 latency and the requests per second; the baseline in
the same run is /healthz on the same server (its middleware with no page work), so the ratio says
what the portal home itself costs. The two are loaded in turns, `rounds` times, and the medians of
the rounds are compared, so a neighbour's burst on a shared machine hits both alike. Before that,
every person opens the home once (their first visit computes and caches their recommendations);
that pass is printed on its own line. Workers get temporary portal accounts and sessions,
removed afterwards; run it on a demo database (`homeward demo --no-serve [--size city]`).
`homeward bench push --portal-only` runs this part alone.
"""

from __future__ import annotations

import http.client
import math
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.db import connection

from homeward.scoping import unscoped

from . import identity


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _sessions(count: int):
    """Portal sessions for `count` workers with a phone; returns (cookies, cleanup)."""
    from homeward.workers.models import Worker, WorkerAccount

    store = import_module(settings.SESSION_ENGINE).SessionStore
    with unscoped():
        taken = WorkerAccount._base_manager.values_list("worker_id", flat=True)
        workers = list(
            Worker._base_manager.exclude(phone_hash="").exclude(pk__in=taken).order_by("pk")[:count]
        )
        accounts = [WorkerAccount(worker=w, phone=w.phone) for w in workers]
        WorkerAccount._base_manager.bulk_create(accounts)  # the workers' own areas: a test setup
    keys = []
    for worker in workers:
        session = store()
        session[identity.WORKER] = worker.pk
        session[identity.SIGNED_IN_AT] = time.time()
        session.create()
        keys.append(session.session_key)

    def cleanup():
        with unscoped():
            WorkerAccount._base_manager.filter(pk__in=[a.pk for a in accounts]).delete()
        for key in keys:
            store(session_key=key).delete()

    return [f"{settings.SESSION_COOKIE_NAME}={key}" for key in keys], cleanup


def _server_cpu(root: int) -> float | None:
    """CPU seconds used so far by `root` and its descendants (Linux /proc), None elsewhere.

    What the server spent per request does not depend on how busy the rest of the machine is,
    unlike requests per second: on a shared machine it is the steadier figure of the two.
    """
    proc = Path("/proc")
    if not (proc / str(root) / "stat").exists():
        return None
    parents, ticks = {}, {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        ticks[pid] = int(fields[11]) + int(fields[12])  # utime, stime of the live processes
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grown = bool(more)
        tree |= more
    return sum(ticks.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def _load(
    port: int, path: str, cookies: list[str], clients: int, requests: int, server: int = 0
) -> dict:
    """`clients` threads with keep-alive connections share `requests` GETs of `path`."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def run(n: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for i in counter:
            cookie = cookies[i % len(cookies)] if cookies else ""
            start = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                errors.append(response.status)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    cpu_before = _server_cpu(server) if server else None
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    cpu_after = _server_cpu(server) if server else None
    ordered = sorted(latencies)
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return {
        "cpu_ms": cpu * 1000 / len(ordered) if cpu is not None else float("nan"),
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95) - 1] * 1000,
        "rps": len(ordered) / elapsed,
        "errors": len(errors),
    }


def _median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def portal_latency(
    write,
    *,
    clients: int = 8,
    requests: int = 800,
    people: int = 200,
    rounds: int = 5,
    processes: int | None = None,
    threads: int = 4,
) -> dict:
    """Start the server, load /healthz (baseline) and the portal home in turns, print, clean up."""
    port = _free_port()
    processes = processes or os.cpu_count() or 1
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "homeward.settings"}
    if connection.vendor == "postgresql":
        env.setdefault("DATABASE_URL", os.environ.get("DATABASE_URL", ""))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "homeward.cli",
            "serve",
            "--no-worker",
            "--port",
            str(port),
            "--processes",
            str(processes),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cookies, cleanup = _sessions(people)
    bases, homes = [], []
    try:
        if not cookies:
            write("portal home: no workers with a phone in this database (run `homeward demo`)")
            return {}
        _wait_for(port)
        _load(port, "/healthz", [], clients, 100)  # warm: every process and thread started
        first = _load(port, "/m/", cookies, clients, len(cookies))  # each person's first visit
        for _ in range(rounds):
            bases.append(_load(port, "/healthz", [], clients, requests, server.pid))
            homes.append(_load(port, "/m/", cookies, clients, requests, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
        cleanup()
    base, home = _median_of(bases), _median_of(homes)
    write(
        f"portal home under load ({clients} concurrent clients, {rounds} rounds × {requests} "
        f"requests each, {len(cookies)} signed-in workers, `homeward serve` on {connection.vendor}:"
        f" {processes} processes × {threads} threads; medians of the rounds):"
    )
    write(
        f"  first visits /m/    median {first['median_ms']:7.1f} ms   p95 {first['p95_ms']:7.1f} ms"
        f"   {first['rps']:7.1f} req/s   (each person once: recommendations computed, cached)"
    )
    write(
        f"  baseline /healthz   median {base['median_ms']:7.1f} ms   p95 {base['p95_ms']:7.1f} ms"
        f"   {base['rps']:7.1f} req/s"
    )
    write(
        f"  portal home /m/     median {home['median_ms']:7.1f} ms   p95 {home['p95_ms']:7.1f} ms"
        f"   {home['rps']:7.1f} req/s   errors {sum(h['errors'] for h in homes) + first['errors']}"
    )
    ratios = [h["rps"] / b["rps"] for b, h in zip(bases, homes, strict=True)]
    cpu = [b["cpu_ms"] / h["cpu_ms"] for b, h in zip(bases, homes, strict=True)]
    write(
        f"  home / baseline: throughput ×{statistics.median(ratios):.2f} (median of the rounds: "
        f"{', '.join(f'×{r:.2f}' for r in ratios)}), median latency "
        f"×{home['median_ms'] / base['median_ms']:.1f}"
    )
    if not any(math.isnan(c) for c in cpu):
        write(
            f"  server CPU per request: /healthz {base['cpu_ms']:.2f} ms, /m/ {home['cpu_ms']:.2f}"
            f" ms; CPU-bound throughput ×{statistics.median(cpu):.2f} (/healthz's CPU over the"
            " home's, median of the rounds: what the ratio is without the machine's other load)"
        )
    return {"baseline": base, "home": home, "first": first, "ratio": statistics.median(ratios)}
