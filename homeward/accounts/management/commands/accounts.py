from django.core.management.base import BaseCommand

from homeward.accounts.services import disable_inactive_accounts
from homeward.scoping import unscoped


class Command(BaseCommand):
    help = "Account maintenance: `accounts disable-inactive` (run daily)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("disable-inactive", help="disable accounts unused for the configured days")

    def handle(self, *args, action, **options):
        with unscoped():
            names = disable_inactive_accounts()
        self.stdout.write(f"disabled {len(names)} account(s): {', '.join(names) or '-'}")
