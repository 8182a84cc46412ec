"""`homeward loans overdue [--as-of YYYY-MM-DD]` (daily): the periods of every disbursed loan
assessed from the recorded schedule and the bank's repayments, overdue ones marked, and each
overdue period told once in the app to the liaison officer or the clerk who follows the loan.
Running it twice changes nothing."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from homeward.loans.services import notify_overdue
from homeward.scoping import unscoped


class Command(BaseCommand):
    help = "Startup loans: mark overdue periods and tell who follows each loan (overdue)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["overdue"])
        parser.add_argument("--as-of", default="", help="the day to assess (default today)")

    def handle(self, *args, action, as_of, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError("--as-of 应为 YYYY-MM-DD 格式的日期。") from None
        with unscoped():
            run = notify_overdue(as_of=day)
        self.stdout.write(f"{run.overdue} overdue periods; {run.told} newly told in the app")
