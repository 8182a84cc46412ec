"""`homeward keys`: the Fernet keys that encrypt personal data (S13).

`keys generate` prints a new key. To rotate, put it first in HOMEWARD_FIELD_KEYS (comma-separated,
newest first, old keys kept), restart, run `keys rotate` to re-encrypt every value under it, then
drop the old key.
"""

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand

from homeward.crypto import rotate_keys
from homeward.scoping import unscoped


class Command(BaseCommand):
    help = "Encryption keys: `keys generate` prints a new key, `keys rotate` re-encrypts all data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("generate", help="print a new key for HOMEWARD_FIELD_KEYS")
        sub.add_parser("rotate", help="re-encrypt every value under the first (newest) key")

    def handle(self, *args, action, **options):
        if action == "generate":
            self.stdout.write(Fernet.generate_key().decode())
            return
        with unscoped():
            rows = rotate_keys(stdout=self.stdout)
        self.stdout.write(f"re-encrypted {rows} row(s) under the newest key")
