"""`homeward subsidies seed|scan|close-notices`: the seed policies, the eligibility scan, the
day's end of public notices (run daily)."""

from django.core.management.base import BaseCommand

from homeward.scoping import unscoped
from homeward.subsidies import services
from homeward.subsidies.seeds import install_seed_policies


class Command(BaseCommand):
    help = "Subsidies: install the seed policies, scan for candidates, close ended notices."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["seed", "scan", "close-notices"])
        parser.add_argument("--area", default="3213", help="region code the scan covers")

    def handle(self, *args, action, area, **options):
        with unscoped():
            if action == "seed":
                made = install_seed_policies()
                self.stdout.write(f"{len(made)} policies installed")
            elif action == "scan":
                found = services.scan_candidates(area)
                self.stdout.write(f"{found} candidates in {area}")
            else:
                self.stdout.write(f"{services.close_notices()} notices closed")
