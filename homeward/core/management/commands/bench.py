"""`homeward bench [registry] [--rows N] [--repeat N]`: benchmarks that print measured figures."""

from django.core.management.base import BaseCommand, CommandError

from homeward.workers import bench


class Command(BaseCommand):
    help = "Benchmarks on the current database; `homeward bench` lists them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="which")
        registry = sub.add_parser("registry", help=bench.BENCHMARKS["registry"])
        registry.add_argument(
            "--rows", type=int, default=100_000, help="rows of the generated ledger (100000)"
        )
        registry.add_argument(
            "--repeat", type=int, default=5, help="timed requests per list-page case (5)"
        )

    def handle(self, *args, which=None, **options):
        if which is None:
            self.stdout.write("benchmarks (homeward bench NAME --help):")
            for name, text in bench.BENCHMARKS.items():
                self.stdout.write(f"  {name:<10} {text}")
            for name, text in bench.LATER.items():
                self.stdout.write(f"  {name:<10} {text}")
            return
        if which == "registry":
            if options["rows"] < 1 or options["repeat"] < 1:
                raise CommandError("--rows and --repeat must be at least 1")
            bench.registry(self.stdout.write, rows=options["rows"], repeat=options["repeat"])
