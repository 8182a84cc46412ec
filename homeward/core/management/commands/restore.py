"""`homeward restore FILE [--yes]`: replace the database with a backup made by `homeward backup`.

It overwrites everything, so it asks first; without a terminal to ask on it needs --yes. Stop the
platform (web server and task worker) before restoring.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from homeward.core.backup import BackupError, check_readable, database_settings, restore


class Command(BaseCommand):
    help = "Restore the database from a backup FILE made by `homeward backup` (overwrites it)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, file, yes, database, **options):
        path = Path(file)
        name = database_settings(database)["NAME"]
        try:
            check_readable(path)
            if not yes:
                if not sys.stdin.isatty():
                    raise BackupError(
                        "恢复会覆盖整个数据库，请加 --yes 确认 / restore overwrites the whole "
                        "database: add --yes to confirm"
                    )
                answer = input(f"用 {path} 覆盖数据库 {name}？/ Overwrite {name}? [y/N] ")
                if answer.strip().lower() not in {"y", "yes", "是"}:
                    raise BackupError("已取消 / cancelled")
            restore(path, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {name} from {path} ({path.stat().st_size:,} bytes)")
