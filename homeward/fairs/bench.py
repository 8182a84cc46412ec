"""`homeward bench fairs`: QR check-in at the door under load, and survey progress on a large
county (issue 11, Speed).

Check-in: the real server (`homeward serve`, gunicorn, as `portal/loadbench.py` starts it) on
127.0.0.1; `clients` phone clients (threads with keep-alive connections, each a staff session of
the fair's county, CSRF cookie and header as `fairs.js` sends them) post one fresh code per
person — signed the moment it is sent, as the portal's code page would show it — to
`/fairs/<id>/check-in` (the fragment answer). The baseline is `/healthz` on the same server in
the same run; the two are loaded in turns (`rounds` rounds of `checkins / rounds` each), and the
medians of the rounds are compared, so a neighbour's burst on a shared machine hits both alike.
Every answer must say 签到成功 (an error is counted). The fair, its check-ins, the sessions and
the temporary staff user are removed afterwards (audit rows stay: they are append-only).

Survey progress: `surveys.bench.progress` — `reports.village_tallies` of a survey half visited
over a county's people against a bare `COUNT … GROUP BY village` of the same rows.
Run it on a database of its own (`HOMEWARD_VAR_DIR`): it writes a county's people when empty.
"""

from __future__ import annotations

import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.utils import timezone

from homeward.accounts.models import User
from homeward.portal.loadbench import _free_port, _median_of, _server_cpu, _wait_for
from homeward.regions.models import Region
from homeward.scoping import limit_to_area, unscoped
from homeward.workers.demo_data import fill_workers
from homeward.workers.models import Worker

from .models import CheckIn, Fair
from .services import qr_token

COUNTY = "430381"  # 湘乡市
OK_TEXT = "签到成功"


def _people(county: str, count: int) -> list[Worker]:
    with unscoped():
        have = limit_to_area(Worker._base_manager.all(), county).count()
        if have < count:
            villages = max(Region.tree.filter(code__startswith=county, level="village").count(), 1)
            fill_workers([county], -(-(count - have) // villages) + 1)
        return list(
            limit_to_area(Worker._base_manager.all(), county).only("pk").order_by("pk")[:count]
        )


def _staff_session(county: str) -> tuple[User, str, str]:
    """A temporary staff user of the county with a signed-in session; (user, cookie, csrf)."""
    user = User(username=f"bench-fairs-{secrets.token_hex(4)}", region_id=county)
    user.set_password(secrets.token_urlsafe(24))
    user.save()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    csrf = secrets.token_hex(16)  # an unmasked 32-character secret, as the cookie holds
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    )
    return user, cookie, csrf


def _checkins(port, fair, people, cookie, csrf, clients, server) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = iter(people)
    path = f"/fairs/{fair.pk}/check-in"
    headers = {
        "Cookie": cookie,
        "X-CSRFToken": csrf,
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}{path}",
    }

    def run():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad = [], []
        for worker in queue:
            body = urlencode({"token": qr_token(fair, worker), "fragment": "1"})
            start = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            mine.append(time.perf_counter() - start)
            if response.status != 200 or OK_TEXT not in text:
                bad.append(f"{response.status}")
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    cpu_before = _server_cpu(server)
    began = time.perf_counter()
    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    cpu_after = _server_cpu(server)
    ordered = sorted(latencies)
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return {
        "cpu_ms": cpu * 1000 / len(ordered) if cpu is not None else float("nan"),
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[max(int(len(ordered) * 0.95) - 1, 0)] * 1000,
        "rps": len(ordered) / elapsed,
        "errors": len(errors),
    }


def bench_checkin(
    write,
    *,
    county: str = COUNTY,
    checkins: int = 2000,
    clients: int = 8,
    rounds: int = 4,
    processes: int | None = None,
    threads: int = 4,
) -> dict:
    from homeward.portal.loadbench import _load

    people = _people(county, checkins)
    today = timezone.localdate()
    with unscoped():
        fair = Fair(
            region_id=county, kind="onsite", title="bench 签到压测", starts_on=today, ends_on=today
        )
        fair.save()
        user, cookie, csrf = _staff_session(county)
    port = _free_port()
    processes = processes or os.cpu_count() or 1
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "homeward.settings"}
    server = subprocess.Popen(
        [sys.executable, "-m", "homeward.cli", "serve", "--no-worker", "--port", str(port),
         "--processes", str(processes), "--threads", str(threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    per_round = -(-len(people) // rounds)
    bases, scans = [], []
    try:
        _wait_for(port, seconds=300)  # a loaded shared machine starts it slowly
        _load(port, "/healthz", [], clients, 100)  # warm: every process and thread started
        for n in range(rounds):
            batch = people[n * per_round : (n + 1) * per_round]
            if not batch:
                break
            bases.append(_load(port, "/healthz", [], clients, len(batch), server.pid))
            scans.append(_checkins(port, fair, batch, cookie, csrf, clients, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
        with unscoped():
            done = CheckIn._base_manager.filter(fair=fair).count()
            CheckIn._base_manager.filter(fair=fair).delete()
            fair.delete()
            import_module(settings.SESSION_ENGINE).SessionStore(
                session_key=cookie.split(";")[0].split("=", 1)[1]
            ).delete()
            User.objects.filter(pk=user.pk).delete()
    base, scan = _median_of(bases), _median_of(scans)
    write(
        f"QR check-in under load ({clients} concurrent phone clients, {len(people):,} check-ins "
        f"in {len(scans)} rounds, `homeward serve` on {connection.vendor}: {processes} processes "
        f"× {threads} threads; medians of the rounds; {done:,} check-ins recorded):"
    )
    write(
        f"  baseline /healthz        median {base['median_ms']:7.1f} ms   p95 "
        f"{base['p95_ms']:7.1f} ms   {base['rps']:7.1f} req/s"
    )
    write(
        f"  check-in /fairs/…/check-in median {scan['median_ms']:5.1f} ms   p95 "
        f"{scan['p95_ms']:7.1f} ms   {scan['rps']:7.1f} req/s   errors "
        f"{sum(s['errors'] for s in scans)}"
    )
    ratio = scan["median_ms"] / base["median_ms"]
    write(
        f"  check-in / health: median latency ×{ratio:.2f}, p95 ×"
        f"{scan['p95_ms'] / base['p95_ms']:.2f} (aim ≤ 3×)"
    )
    if scan["cpu_ms"] == scan["cpu_ms"] and base["cpu_ms"] == base["cpu_ms"]:
        write(
            f"  server CPU per request: /healthz {base['cpu_ms']:.2f} ms, check-in "
            f"{scan['cpu_ms']:.2f} ms (×{scan['cpu_ms'] / base['cpu_ms']:.2f})"
        )
    return {"baseline": base, "checkin": scan, "ratio": ratio, "recorded": done}


def bench_fairs(write, *, checkins=2000, clients=8, people=400_000, county=COUNTY, survey=True):
    """The survey part first: on an empty county it writes the county's `people`, whom the
    check-ins then come from (the server answers over a full county's registry)."""
    if survey:
        from homeward.surveys.bench import progress

        write("survey progress of a county vs a bare COUNT … GROUP BY village:")
        progress(write, county=county, people=people)
    bench_checkin(write, checkins=checkins, clients=clients, county=county)
