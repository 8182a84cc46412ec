"""The `homeward` command: every operation of the platform, as Django management commands.

`homeward demo`, `homeward regions load`, `homeward backup` … and Django's own (`migrate`,
`createsuperuser`, `check --deploy`). `homeward --help` lists them.
"""

import os
import sys

PROJECT_COMMANDS = {
    "demo": "prepare the embedded database with demo data and serve (--size small|city)",
    "serve": "serve the platform (gunicorn, a process per core) with background task workers",
    "regions": "load administrative divisions (regions load --area CODE)",
    "accounts": "account maintenance (accounts disable-inactive)",
    "audit": "audit trail maintenance (audit purge)",
    "background": "background jobs (background purge: delete expired result files)",
    "backup": "back up the database to a file",
    "restore": "restore the database from a backup file",
    "keys": "personal-data encryption keys (keys rotate)",
    "import": "import a village ledger (import workers FILE --region CODE)",
    "uploads": "uploaded ledgers past their time deleted (uploads purge; run daily)",
    "match": "job matching (match files --workers W.jsonl --jobs J.jsonl)",
    "outbox": "print the newest messages of the local outbox (outbox --phone N)",
    "disputes": "labour disputes (disputes deadlines CASES.jsonl [--json] | disputes remind)",
    "wages": "wage protection (wages scan --projects … --as-of DATE [--json] | wages verify)",
    "subsidies": "subsidies (subsidies seed | scan --area CODE | close-notices; daily)",
    "followups": "retention follow-ups (followups schedule | followups notify; daily)",
    "stats": "statistics (stats rebuild | refresh | check | dictionary)",
    "bench": "benchmarks that print measured figures (bench registry | match | push)",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeward.settings")
    if len(argv) < 2 or argv[1] in {"-h", "--help", "help"} and len(argv) == 2:
        print("usage: homeward COMMAND [options]\n\nHomeward's commands:")
        for name, text in PROJECT_COMMANDS.items():
            print(f"  {name:<10} {text}")
        print("\nEvery Django management command works too: `homeward help --commands` lists them,")
        print("`homeward COMMAND --help` explains one.")
        return
    from django.core.management import execute_from_command_line

    argv[0] = "homeward"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
