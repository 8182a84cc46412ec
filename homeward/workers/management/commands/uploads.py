"""`homeward uploads purge`: delete ledger files left unconfirmed past their retention period,
and the rows of old import reports (workers/retention.py). Run it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from homeward.workers.retention import purge_uploads


class Command(BaseCommand):
    help = "Uploaded ledgers: `uploads purge` deletes files and report rows past their time."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "purge",
            help=(
                f"discard uploads unconfirmed for {settings.LEDGER_UPLOAD_RETENTION_DAYS} days, "
                f"drop report rows after {settings.LEDGER_REPORT_RETENTION_DAYS} days"
            ),
        )

    def handle(self, *args, action, **options):
        counts = purge_uploads()
        self.stdout.write(
            f"discarded {counts['expired']} unconfirmed upload(s), "
            f"trimmed {counts['trimmed']} old report(s)"
        )
