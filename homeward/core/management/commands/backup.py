"""`homeward backup [FILE]`: a consistent backup of the database, safe while the platform runs (S21).

Without FILE it writes var/backups/homeward-YYYYmmdd-HHMMSS.sqlite3 (SQLite) or .dump (PostgreSQL,
pg_dump's custom format). Restore with `homeward restore FILE`.
"""

from django.core.management.base import BaseCommand, CommandError

from homeward.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to FILE (default: var/backups/homeward-<time>.sqlite3 or .dump)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write the backup")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, file, database, **options):
        try:
            path = backup(file, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"backed up to {path} ({path.stat().st_size:,} bytes)")
