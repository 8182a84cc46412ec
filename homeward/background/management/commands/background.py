from django.core.management.base import BaseCommand

from homeward.background.services import purge_expired


class Command(BaseCommand):
    help = (
        "Background jobs: `background purge` deletes result files older than "
        "HOMEWARD_JOB_RESULT_HOURS (each job's end does it too)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("purge", help="delete expired result files of background jobs")

    def handle(self, *args, action, **options):
        self.stdout.write(f"purged {purge_expired()} file(s)")
