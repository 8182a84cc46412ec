"""`homeward disputes deadlines CASES.jsonl [--json]`: the statutory deadlines of cases in a file;
`homeward disputes remind`: the deadlines board's reminders by SMS and in-app message.

One case a line: {"case", "received_on", "accepted_on", "extended", "mediation_on" (optional)}.
Bad lines and deadlines in a year with no holiday calendar are reported on stderr; the good
lines are still computed.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from homeward.disputes import deadlines


class Command(BaseCommand):
    help = "Labour disputes: `disputes deadlines FILE` computes the statutory deadlines of cases."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        on_file = sub.add_parser("deadlines", help="deadlines of the cases of a JSON-lines file")
        on_file.add_argument("cases", help="cases, one JSON object a line")
        on_file.add_argument("--json", action="store_true", help="a JSON list on stdout")
        sub.add_parser("remind", help="SMS and in-app reminders of deadlines due (run hourly)")

    def handle(self, *args, action, **options):
        if action == "remind":
            from homeward.disputes.reminders import send_reminders
            from homeward.scoping import unscoped

            with unscoped():
                self.stdout.write(f"{send_reminders()} reminders sent")
            return
        from homeward.disputes.holidays import platform_calendar

        try:
            with open(options["cases"], encoding="utf-8") as file:
                lines = file.read().splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取文件 {options['cases']}：{error}") from None
        results, problems = deadlines.deadlines_of_lines(lines, platform_calendar())
        for problem in problems:
            self.stderr.write(problem)
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=1))
        else:
            for result in results:
                self.stdout.write(deadlines.format_text(result))
