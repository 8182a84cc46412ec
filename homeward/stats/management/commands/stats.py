"""homeward stats rebuild | refresh | check | dictionary — the summary table by hand."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from homeward.stats import dictionary, services
from homeward.stats.compute import parse_month


def _month(text: str) -> dt.date:
    month = parse_month(text)
    if month is None:
        raise CommandError(f"月份应写成 2027-03 这样：{text!r}")
    return month


class Command(BaseCommand):
    help = "Statistics: rebuild the summary table, refresh it, check it, print the dictionary."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="count every figure again from the records")
        rebuild.add_argument("--month", action="append", type=_month, help="YYYY-MM (repeatable)")
        sub.add_parser("refresh", help="count again what changed since the last run")
        check = sub.add_parser("check", help="compare the stored figures with a full count")
        check.add_argument("--month", action="append", type=_month, help="YYYY-MM (repeatable)")
        dictionary = sub.add_parser("dictionary", help="print the indicator dictionary")
        dictionary.add_argument("--format", choices=("markdown", "csv"), default="markdown")

    def handle(self, *args, action, **options):
        if action == "rebuild":
            done = services.rebuild(options["month"])
            self.stdout.write(f"{done['figures']:,} figures in {done['months']} months")
        elif action == "refresh":
            self.stdout.write(str(services.refresh()))
        elif action == "check":
            differences = services.check(options["month"])
            for month, area, code, stored, counted in differences[:50]:
                self.stdout.write(
                    f"{month:%Y-%m} {area} {code}: stored {stored}, counted {counted}"
                )
            if differences:
                raise CommandError(f"{len(differences)} figures differ from a full count")
            self.stdout.write("the stored figures equal a full count")
        else:
            self._dictionary(options["format"])

    def _dictionary(self, form: str):
        if form == "csv":
            for cells in dictionary.csv_rows():
                self.stdout.write(",".join('"' + c.replace('"', '""') + '"' for c in cells))
            return
        self.stdout.write(dictionary.markdown(), ending="")
