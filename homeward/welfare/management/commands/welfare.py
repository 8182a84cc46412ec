"""`homeward welfare checks [--area CODE]`: the exit checks of public-welfare posts (ghost posts,
double posts, holders working away, expired terms), one line a flag naming the person's record;
`homeward welfare notices`: start the appointments whose public notice has passed (run daily)."""

from django.core.management.base import BaseCommand

from homeward.crypto import mask_name
from homeward.scoping import area_scope, unscoped
from homeward.welfare import checks, services


class Command(BaseCommand):
    help = "Public-welfare posts: exit checks (checks), start appointments after notice (notices)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["checks", "notices"])
        parser.add_argument(
            "--area", default="", help="checks: the region code to check (all if empty)"
        )

    def handle(self, *args, action, area="", **options):
        if action == "notices":
            with unscoped():
                done = services.close_notices()
            self.stdout.write(f"{done['started']} appointments started, {done['waiting']} waiting")
            return
        with area_scope(area):
            flags = checks.exit_checks()
            for f in flags:
                a = f.appointment
                self.stdout.write(
                    f"{f.kind}\t{a.region_id}\t{mask_name(a.holder.name)}\tworker/{a.holder_id}"
                    f"\tappointment/{a.pk}\t{f.detail}"
                )
        self.stdout.write(f"{len(flags)} flags")
