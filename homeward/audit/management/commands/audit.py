from django.core.management.base import BaseCommand

from homeward.audit.services import purge_audit


class Command(BaseCommand):
    help = "Audit trail maintenance: `audit purge` removes rows older than the retention period."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("purge", help="delete audit rows older than AUDIT_RETENTION_DAYS (≥ 184)")

    def handle(self, *args, action, **options):
        self.stdout.write(f"purged {purge_audit()} audit row(s)")
