import os
import sys

from django.core.management.base import BaseCommand, CommandError

from homeward.operations.server import serve


class Command(BaseCommand):
    help = (
        "Serve the platform: gunicorn with several processes, and background task workers "
        "beside it; SIGTERM or Ctrl-C stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="web server processes (default: one per core)",
        )
        parser.add_argument("--threads", type=int, default=4, help="threads per process (4)")
        parser.add_argument(
            "--task-workers", type=int, default=1, help="db_worker processes beside it (1)"
        )
        parser.add_argument("--no-worker", action="store_true", help="no task worker")
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="no periodic duties (when cron runs `homeward schedule run` instead)",
        )

    def handle(
        self, *args, host, port, processes, threads, task_workers, no_worker, no_scheduler,
        **options,
    ):  # fmt: skip
        if processes < 1 or threads < 1 or task_workers < 0:
            raise CommandError("--processes and --threads must be at least 1")
        code = serve(
            host=host,
            port=port,
            processes=processes,
            threads=threads,
            task_workers=0 if no_worker else task_workers,
            scheduler=not no_scheduler,
            write=self.stdout.write,
        )
        if code:
            sys.exit(code)
