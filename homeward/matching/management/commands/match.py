"""`homeward match files --workers W.jsonl --jobs J.jsonl [--top 10] [--json] [--by-job]`.

`homeward match run [--area CODE]` refreshes the stored matched workers of every open posting.
"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from homeward.matching import files, weights
from homeward.regions.codes import is_code


class Command(BaseCommand):
    help = "Job matching: `match files` runs the engine on JSON-lines files (no database)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        on_files = sub.add_parser("files", help="match workers and jobs from JSON-lines files")
        on_files.add_argument("--workers", required=True, help="workers, one JSON object a line")
        on_files.add_argument("--jobs", required=True, help="jobs, one JSON object a line")
        on_files.add_argument("--top", type=int, default=10, help="matches per worker/job (10)")
        on_files.add_argument("--json", action="store_true", help="one JSON object a line")
        on_files.add_argument(
            "--by-job", action="store_true", help="also the best workers for every job"
        )
        on_files.add_argument(
            "--today", type=date.fromisoformat, default=None, help="match day (YYYY-MM-DD)"
        )
        on_files.add_argument(
            "--low-income-priority",
            type=float,
            default=weights.LOW_INCOME_PRIORITY,
            help=f"points for low-income workers when ranking for a job "
            f"({weights.LOW_INCOME_PRIORITY:g})",
        )
        run = sub.add_parser("run", help="refresh the matched workers of every open posting")
        run.add_argument("--area", default="", help="only postings inside this area (code)")

    def handle(self, *args, action, **options):
        if action == "files":
            self._files(options)
        elif action == "run":
            self._run(options)

    def _files(self, options):
        if options["top"] < 1:
            raise CommandError("--top must be at least 1")
        try:
            files.match_files(
                options["workers"],
                options["jobs"],
                top=options["top"],
                by_job=options["by_job"],
                as_json=options["json"],
                today=options["today"],
                low_income_priority=options["low_income_priority"],
                write=self.stdout.write,
            )
        except (OSError, files.FileError) as error:
            raise CommandError(str(error)) from None

    def _run(self, options):
        from homeward.matching.services import run_matching

        area = options["area"]
        if area and not is_code(area):
            raise CommandError(f"区划代码应为 2、4、6、9 或 12 位数字：{area!r}")
        started = time.monotonic()

        def progress(done, total):
            if done == total or done % 100 == 0:
                self.stdout.write(f"  {done:,} / {total:,} postings")

        counts = run_matching(area, progress=progress)
        self.stdout.write(
            f"matched workers refreshed for {counts['postings']:,} open postings "
            f"in {time.monotonic() - started:.1f} s"
        )
