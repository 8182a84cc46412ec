"""`homeward schedule list|run|loop`: the platform's periodic duties (operations/schedule.py).

`list` prints each duty, when it falls due and its last run; `run` runs what is due now, once
(for a cron line every few minutes, where `homeward serve` is not used); `loop` checks every
minute until stopped (`homeward serve` starts it beside the web server). `run --at` takes the
moment to act as (YYYY-MM-DDTHH:MM, local time) to try a day's duties out of hours.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from homeward.operations import scheduler
from homeward.operations.models import ScheduledRun
from homeward.operations.schedule import DAILY, DUTIES, WEEKLY

CADENCE = {DAILY: "每天", WEEKLY: "每周一"}


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"时间应写成 2026-12-07T08:30 这样：{text!r}") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "Periodic duties: list them with their last runs, run those due now, or loop."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="the duties, when each is due, and its last run")
        run = sub.add_parser("run", help="run the duties due now, each once in its period")
        run.add_argument("--at", type=_moment, default=None, help="act as at YYYY-MM-DDTHH:MM")
        loop = sub.add_parser("loop", help="check every minute until SIGTERM (serve's child)")
        loop.add_argument("--every", type=float, default=60.0, help="seconds between checks")

    def handle(self, *args, action, **options):
        if action == "list":
            self._list()
        elif action == "run":
            runs = scheduler.run_due(options["at"])
            for run in runs:
                self.stdout.write(f"{run.duty} {run.period}: {run.get_status_display()}")
                if run.status == ScheduledRun.Status.FAILED:
                    self.stdout.write(run.output)
            if not runs:
                self.stdout.write("没有到期的例行任务")
            if any(r.status == ScheduledRun.Status.FAILED for r in runs):
                raise CommandError("有例行任务失败，见上")
        else:
            scheduler.loop(every=options["every"], write=self.stdout.write)

    def _list(self):
        last = {}
        for run in ScheduledRun.objects.order_by("started_at"):
            last[run.duty] = run
        for duty in DUTIES:
            when = f"{CADENCE.get(duty.cadence, '每月1日')} {duty.at:%H:%M}"
            run = last.get(duty.name)
            seen = (
                f"{run.period} {run.get_status_display()} {timezone.localtime(run.started_at):%m-%d %H:%M}"
                if run
                else "尚未运行"
            )
            self.stdout.write(f"{duty.name:20} {when:12} {duty.why}  · 上次：{seen}")
