"""`homeward outbox [--phone N] [--last K]`: the newest messages of the local outbox, in full.

For the embedded mode, where the outbox stands in for the SMS provider: whoever runs the
platform's commands reads the sign-in codes a demo phone "received". Staff read the outbox page.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from homeward.crypto import hash_filter, mask_phone
from homeward.outreach.models import OutboxMessage
from homeward.scoping import unscoped


class Command(BaseCommand):
    help = "Print the newest messages of the local outbox (the embedded mode's SMS)."

    def add_arguments(self, parser):
        parser.add_argument("--phone", default="", help="only messages to this mobile number")
        parser.add_argument("--last", type=int, default=5, help="how many (default 5)")

    def handle(self, *args, phone, last, **options):
        with unscoped():
            rows = OutboxMessage.objects.all()
            if phone:
                rows = rows.filter(**hash_filter(OutboxMessage, "recipient_phone", phone))
            for message in rows.order_by("-pk")[:last]:
                when = timezone.localtime(message.created_at).strftime("%Y-%m-%d %H:%M:%S")
                to = mask_phone(message.recipient_phone) or f"worker {message.worker_id}"
                self.stdout.write(f"{when}  {message.channel:<6} {to}  {message.text}")
