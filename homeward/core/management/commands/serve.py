import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the platform with waitress, and run a background task worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="do not start a task worker")

    def handle(self, *args, host, port, threads, no_worker, **options):
        from waitress import serve

        from homeward.wsgi import application

        worker = None
        if not no_worker:
            worker = subprocess.Popen(
                [sys.executable, "-m", "homeward.cli", "db_worker", "--interval", "1"]
            )
        self.stdout.write(f"serving on http://{host}:{port}/  (Ctrl-C stops)")
        try:
            serve(application, host=host, port=port, threads=threads, ident="homeward")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
