"""`homeward targets seed|snapshot|digest`: the source documents' targets and 湘乡's work
checklist for a year (once), today's progress snapshot of every target (run daily; again the
same day replaces the day's row), and the weekly digest to the units (an in-app message per
user and week: a second run in the same week sends nothing)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from homeward.targets import services


class Command(BaseCommand):
    help = "Targets: seed the documents' targets and checklist, take snapshots, send the digest."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["seed", "snapshot", "digest"])
        parser.add_argument("--year", type=int, default=None, help="seed: the year (this year)")
        parser.add_argument("--on", default="", help="snapshot/digest: the day (YYYY-MM-DD)")

    def handle(self, *args, action, year=None, on="", **options):
        day = timezone.localdate()
        if on:
            try:
                day = dt.date.fromisoformat(on)
            except ValueError:
                raise CommandError(f"--on: not a date: {on!r}") from None
        if action == "seed":
            year = year or day.year
            if not 2000 <= year <= 2100:
                raise CommandError("--year: from 2000 to 2100")
            targets = services.seed_targets(year)
            items = services.seed_checklist(year)
            self.stdout.write(f"{targets} targets and {items} checklist items seeded for {year}")
        elif action == "snapshot":
            self.stdout.write(f"{services.take_snapshots(day)} targets counted on {day}")
        else:
            self.stdout.write(f"{services.send_digest(day)} digest messages for the week of {day}")
