"""`homeward subsidies seed|scan|close-notices|batch`: the seed policies, the eligibility scan,
the day's end of public notices (run daily), a payment batch of a fund in an area (all or
nothing: tests/subsidies/test_batch_kill.py kills it midway)."""

from django.core.management.base import BaseCommand

from homeward.scoping import unscoped
from homeward.subsidies import services
from homeward.subsidies.seeds import install_seed_policies


class Command(BaseCommand):
    help = "Subsidies: install the seed policies, scan for candidates, close ended notices."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["seed", "scan", "close-notices", "batch"])
        parser.add_argument("--area", default="3213", help="region code the scan or batch covers")
        parser.add_argument("--fund", default="", help="batch: the fund's code")
        parser.add_argument("--period", default="", help="batch: YYYY-MM")

    def handle(self, *args, action, area, fund="", period="", **options):
        with unscoped():
            if action == "seed":
                made = install_seed_policies()
                self.stdout.write(f"{len(made)} policies installed")
            elif action == "scan":
                found = services.scan_candidates(area)
                self.stdout.write(f"{found} candidates in {area}")
            elif action == "batch":
                from django.core.management.base import CommandError

                from homeward.subsidies.models import Fund

                chosen = Fund._base_manager.filter(code=fund).first()
                if chosen is None:
                    raise CommandError(f"no fund {fund!r}")
                try:
                    batch = services.build_batch(chosen, area, period[:7], by=None)
                except services.SubsidyError as error:
                    raise CommandError(str(error)) from None
                made = batch.payments.count() if batch else 0
                self.stdout.write(f"batch {batch.pk if batch else '-'}: {made} payments")
            else:
                self.stdout.write(f"{services.close_notices()} notices closed")
