"""Running the periodic duties of schedule.py: each due (duty, period) claimed once, run, recorded.

The claim is the row itself: inserting (duty, period) succeeds for one process only (a unique
key), so two servers, or `homeward schedule run` from cron beside `homeward serve`, never run a
duty twice in a period. A failed run is tried again after RETRY_AFTER, up to MAX_ATTEMPTS in its
period; a run left "running" by a killed process counts as failed once it is STALE_AFTER old.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import signal
import time
from collections.abc import Callable, Iterable

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import ScheduledRun
from .schedule import DUTIES, Duty, due

log = logging.getLogger(__name__)
RETRY_AFTER = dt.timedelta(minutes=10)
STALE_AFTER = dt.timedelta(hours=2)
MAX_ATTEMPTS = 3
R = ScheduledRun.Status


def _claim(duty: Duty, key: str, now: dt.datetime) -> ScheduledRun | None:
    """The run of (duty, period) for this process to do, or None when it is done, being done
    elsewhere, or has failed its attempts."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                duty=duty.name, period=key, status=R.RUNNING, started_at=now
            )
    except IntegrityError:
        pass
    retry = Q(status=R.FAILED, finished_at__lte=now - RETRY_AFTER) | Q(
        status=R.RUNNING, started_at__lte=now - STALE_AFTER
    )
    taken = ScheduledRun.objects.filter(
        retry, duty=duty.name, period=key, attempts__lt=MAX_ATTEMPTS
    ).update(status=R.RUNNING, attempts=F("attempts") + 1, started_at=now, finished_at=None)
    return ScheduledRun.objects.get(duty=duty.name, period=key) if taken else None


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])[:4000]


def run_due(
    now: dt.datetime | None = None,
    *,
    duties: Iterable[Duty] = DUTIES,
    command: Callable[..., None] = call_command,
) -> list[ScheduledRun]:
    """Run every duty due at `now` (default: the present, local time) not yet run in its period;
    the runs made, each done or failed with its output. One duty's failure never stops the rest."""
    now = timezone.localtime(now)
    made = []
    for duty in duties:
        key = due(duty, now)
        if key is None:
            continue
        run = _claim(duty, key, now)
        if run is None:
            continue
        out = io.StringIO()
        try:
            command(*duty.argv, stdout=out, stderr=out)
        except BaseException as error:  # a duty's SystemExit/CommandError is its failure, not ours
            if isinstance(error, KeyboardInterrupt):
                raise
            run.status, run.output = (
                R.FAILED,
                _tail(f"{out.getvalue()}\n{type(error).__name__}: {error}"),
            )
            log.warning("scheduled duty %s (%s) failed: %s", duty.name, key, error)
        else:
            run.status, run.output = R.DONE, _tail(out.getvalue())
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "output", "finished_at"])
        made.append(run)
    return made


def loop(*, every: float = 60.0, write: Callable[[str], None] = print) -> None:
    """Check for due duties every `every` seconds until SIGTERM or SIGINT (`homeward serve`'s child)."""
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    while not stopping:
        for run in run_due():
            write(f"{run.duty} {run.period}: {run.get_status_display()}")
        slept = 0.0
        while slept < every and not stopping:
            time.sleep(0.5)
            slept += 0.5
