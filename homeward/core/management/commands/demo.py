import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from homeward.core.demo import ensure_demo_accounts
from homeward.regions.loader import SEED_AREAS, load_regions
from homeward.regions.models import Region
from homeward.scoping import unscoped


class Command(BaseCommand):
    help = "Prepare the embedded database with regions and demo accounts, then serve the platform."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="prepare, do not serve")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, no_serve, port, host, **options):
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        with unscoped():
            if not Region.tree.filter(code__in=SEED_AREAS).exists():
                self.stdout.write("loading administrative divisions (first run only)…")
                counts = load_regions(SEED_AREAS)
                self.stdout.write("  " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
            accounts = ensure_demo_accounts()
        self.stdout.write(f"ready in {time.monotonic() - started:.1f} s\n")
        self.stdout.write("demo accounts (user name / password / area / role):")
        for row in accounts:
            note = "  [asks for an authenticator app]" if row["second_factor"] else ""
            self.stdout.write(
                f"  {row['username']:<24} {row['password']:<16} {row['region']} · "
                f"{row['level']} · {row['role']}{note}"
            )
        if not no_serve:
            call_command("serve", host=host, port=port)
