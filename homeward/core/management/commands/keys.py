"""`homeward keys`: the keys that encrypt personal data (S13).

`keys generate` prints a new key (a Fernet key; values are written in AES-256-GCM under a key
derived from it with HKDF, see homeward/crypto.py). To rotate, put it first in
HOMEWARD_FIELD_KEYS (comma-separated, newest first, old keys kept), restart, run `keys rotate`
to re-encrypt every value under it — old Fernet values and values under older keys alike end in
the AES-256-GCM format under the first key — then drop the old key. A value under a key no
longer listed is refused with its key id.
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
