from django.core.management.base import BaseCommand, CommandError

from homeward.regions.codes import is_code
from homeward.regions.loader import SEED_AREAS, load_regions, load_villages
from homeward.regions.models import Region
from homeward.scoping import unscoped


class Command(BaseCommand):
    help = "Load administrative divisions: `regions load [--area CODE ...]`, `regions stats`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load every province…town, and villages of the areas")
        load.add_argument(
            "--area",
            action="append",
            default=[],
            help="also load this area's villages (code prefix; repeatable)",
        )
        load.add_argument(
            "--no-seed",
            action="store_true",
            help="skip the seed areas' villages (3213, 5110, 430381)",
        )
        sub.add_parser("stats", help="how many regions of each level are loaded")

    def handle(self, *args, action, **options):
        with unscoped():
            if action == "load":
                self._load(options["area"], options["no_seed"])
            self._stats()

    def _load(self, areas, no_seed):
        for area in areas:
            if not is_code(area):
                raise CommandError(f"区划代码应为 2、4、6、9 或 12 位数字：{area!r}")
        wanted = [*([] if no_seed else SEED_AREAS), *areas]
        if Region.tree.filter(level="town").exists():
            n = load_villages(wanted)
            self.stdout.write(f"villages loaded for {', '.join(wanted) or '-'}: {n}")
        else:
            counts = load_regions(wanted)
            self.stdout.write("loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))

    def _stats(self):
        for level in ("province", "city", "county", "town", "village"):
            self.stdout.write(f"{level:<9} {Region.tree.filter(level=level).count():>8}")
